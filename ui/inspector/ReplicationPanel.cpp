#include "ReplicationPanel.h"

#include "topology/TopologyLabels.h"

#include "HumanFormat.h"
#include "ReplicaTableModel.h"
#include "ReplicationText.h"
#include "widgets/RowTableStyle.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QPalette>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {

QString hostPort(const QString &host, quint16 port)
{
    if (host.contains(QLatin1Char(':')))
        return QStringLiteral("[%1]:%2").arg(host).arg(port);
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

// Many dark palettes keep Qt's default dark-blue link colour; lift it so it stays readable.
QString link(const QString &address, const QPalette &palette)
{
    QColor colour = palette.color(QPalette::Link);
    if (palette.color(QPalette::Window).lightness() < 128 && colour.lightness() < 140)
        colour = colour.lighter(180);
    return QStringLiteral("<a href=\"%1\" style=\"color:%2\">%1</a>")
        .arg(address.toHtmlEscaped(), colour.name());
}

} // namespace

ReplicationPanel::ReplicationPanel(QWidget *parent)
    : QWidget(parent)
    , m_form(new QGridLayout)
    , m_replicas(new ReplicaTableModel(this))
{
    setObjectName(QStringLiteral("inspectorReplication"));
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setHorizontalSpacing(12);
    m_form->setVerticalSpacing(4);
    m_form->setColumnStretch(1, 1);

    m_noData = new QLabel(this);
    m_noData->setObjectName(QStringLiteral("inspectorReplicationEmpty"));
    m_noData->setWordWrap(true);
    m_noData->setForegroundRole(QPalette::PlaceholderText);

    m_stale = new QLabel(this);
    m_stale->setObjectName(QStringLiteral("inspectorReplicationStale"));
    m_stale->setWordWrap(true);
    m_stale->hide();

    m_master = addRow(tr("Master"), "inspectorMaster");
    m_master->setTextFormat(Qt::RichText);
    m_master->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(m_master, &QLabel::linkActivated, this, &ReplicationPanel::nodeActivated);
    m_link = addRow(tr("Link"), "inspectorLink");
    m_offset = addRow(tr("Applied offset"), "inspectorOffset");
    m_lagBytes = addRow(tr("Lag"), "inspectorLagBytes");
    m_lagSeconds = addRow(tr("Last ack"), "inspectorLagSeconds");

    m_syncBox = new QWidget(this);
    auto *syncLayout = new QVBoxLayout(m_syncBox);
    syncLayout->setContentsMargins(0, 0, 0, 0);
    syncLayout->setSpacing(2);
    m_sync = new QLabel(m_syncBox);
    m_sync->setObjectName(QStringLiteral("inspectorSync"));
    m_sync->setWordWrap(true);
    m_syncBar = new QProgressBar(m_syncBox);
    m_syncBar->setObjectName(QStringLiteral("inspectorSyncProgress"));
    m_syncBar->setRange(0, 1000);
    m_syncBar->setTextVisible(false);
    m_syncBar->setMaximumHeight(8);
    syncLayout->addWidget(m_sync);
    syncLayout->addWidget(m_syncBar);
    addRow(tr("Full sync"), m_syncBox);

    m_priority = addRow(tr("Promotion"), "inspectorPriority");
    m_promoteBox = new QWidget(this);
    auto *promoteLayout = new QHBoxLayout(m_promoteBox);
    promoteLayout->setContentsMargins(0, 0, 0, 0);
    m_promote = new QPushButton(tr("Promote to Master…"), m_promoteBox);
    m_promote->setObjectName(QStringLiteral("inspectorPromoteButton"));
    m_promote->setToolTip(tr("Make this replica the master of its group: review the plan, then run it"));
    promoteLayout->addWidget(m_promote);
    promoteLayout->addStretch();
    connect(m_promote, &QPushButton::clicked, this, [this] { Q_EMIT promoteRequested(m_address); });
    addRow(QString(), m_promoteBox);
    m_replOffset = addRow(tr("Replication offset"), "inspectorReplOffset");
    m_replId = addRow(tr("Replication ID"), "inspectorReplId");
    m_replId->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_backlog = addRow(tr("Backlog"), "inspectorBacklog");
    m_failover = addRow(tr("Failover"), "inspectorFailover");
    m_minReplicas = addRow(tr("Good replicas"), "inspectorMinReplicas");
    m_syncCounters = addRow(tr("Syncs served"), "inspectorSyncCounters");
    m_sentinel = addRow(tr("Watching"), "inspectorSentinel");

    m_replicasTitle = new QLabel(this);
    m_replicasTitle->setObjectName(QStringLiteral("inspectorReplicasTitle"));
    QFont bold = m_replicasTitle->font();
    bold.setBold(true);
    m_replicasTitle->setFont(bold);
    m_replicaTable = new QTableView(this);
    m_replicaTable->setObjectName(QStringLiteral("inspectorReplicaTable"));
    m_replicaTable->setModel(m_replicas);
    RowTableStyle::apply(m_replicaTable, QAbstractItemView::SingleSelection);
    m_replicaTable->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_replicaTable->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_replicaTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_replicaTable->horizontalHeader()->setSectionResizeMode(ReplicaTableModel::AddressColumn, QHeaderView::Stretch);
    m_replicaTable->setToolTip(tr("Double-click a replica to inspect it"));
    connect(m_replicaTable, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT nodeActivated(index.data(ReplicaTableModel::AddressRole).toString());
    });
    // The table lives in a scrolling page: size it to its rows instead of scrolling twice.
    auto fitTable = [this] {
        const int rows = m_replicas->rowCount();
        const int h = m_replicaTable->horizontalHeader()->sizeHint().height()
            + rows * m_replicaTable->verticalHeader()->defaultSectionSize()
            + 2 * m_replicaTable->frameWidth() + 2;
        m_replicaTable->setFixedHeight(h);
    };
    connect(m_replicas, &QAbstractItemModel::modelReset, this, fitTable);
    fitTable();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_noData);
    layout->addWidget(m_stale);
    layout->addLayout(m_form);
    layout->addWidget(m_replicasTitle);
    layout->addWidget(m_replicaTable);
}

QLabel *ReplicationPanel::addRow(const QString &label, const char *objectName)
{
    auto *field = new QLabel(this);
    field->setObjectName(QLatin1String(objectName));
    field->setWordWrap(true);
    field->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addRow(label, field);
    return field;
}

void ReplicationPanel::addRow(const QString &label, QWidget *field)
{
    auto *title = new QLabel(label, this);
    title->setForegroundRole(QPalette::PlaceholderText);
    const int row = m_form->rowCount();
    m_form->addWidget(title, row, 0, Qt::AlignLeft | Qt::AlignTop);
    m_form->addWidget(field, row, 1);
    m_rowLabels.insert(field, title);
}

void ReplicationPanel::setRowShown(QWidget *field, bool shown)
{
    field->setVisible(shown);
    if (QLabel *title = m_rowLabels.value(field))
        title->setVisible(shown);
}

void ReplicationPanel::setPromoteEnabled(bool enabled)
{
    m_promote->setEnabled(enabled);
}

void ReplicationPanel::showNode(const Topology &topology, const TopologyNode &node)
{
    m_address = node.address;
    const NodeSnapshot &s = node.snapshot;
    const NodeSnapshot::Role role = node.hasSnapshot ? s.role : node.role;
    const bool known = node.hasSnapshot;
    if (node.placeholder)
        m_noData->setText(tr("Tandem has not polled this node: it is known only because other "
                             "nodes name it as their master."));
    else if (!known)
        m_noData->setText(tr("No INFO received from this node yet."));
    m_noData->setVisible(!known || node.placeholder);

    const bool replica = known && role == NodeSnapshot::Role::Replica;
    const bool hasReplicas = known && (s.connectedReplicas > 0 || !s.replicas.isEmpty()
                                       || !topology.edgesFrom(node.address).isEmpty());
    const bool master = known && (role == NodeSnapshot::Role::Master || hasReplicas);
    showReplicaHalf(topology, node, replica);
    showMasterHalf(topology, node, master);

    setRowShown(m_syncCounters, known && role != NodeSnapshot::Role::Sentinel);
    if (known)
        m_syncCounters->setText(ReplicationText::syncCounters(s));

    const bool sentinel = known && role == NodeSnapshot::Role::Sentinel;
    setRowShown(m_sentinel, sentinel);
    if (sentinel) {
        QStringList lines;
        for (const SentinelMasterEntry &m : s.sentinelMasters)
            lines << tr("%1 at %2 (%3, replicas: %4)")
                         .arg(m.name, hostPort(m.host, m.port), m.status, QString::number(m.replicas));
        m_sentinel->setText(lines.isEmpty() ? tr("no masters") : lines.join(QLatin1Char('\n')));
    }

    // A node that stopped answering: offsets, lag, last ack and replicas online are its last
    // reply's, not the present. Say how old they are and grey them.
    const QString stale = TopologyLabels::staleness(node, topology.takenAt);
    m_stale->setText(stale.isEmpty() ? QString()
                                     : tr("%1 does not answer: every value below is %2.").arg(node.address, stale));
    m_stale->setVisible(!stale.isEmpty());
    if (stale.isEmpty() == m_current)
        return;
    m_current = stale.isEmpty();
    // Greyed, still usable: the links and the replica table keep leading to the nodes.
    for (auto it = m_rowLabels.cbegin(); it != m_rowLabels.cend(); ++it)
        it.key()->setForegroundRole(m_current ? QPalette::WindowText : QPalette::PlaceholderText);
    QPalette tablePalette = m_replicaTable->palette();
    tablePalette.setBrush(QPalette::Text, palette().brush(m_current ? QPalette::Active : QPalette::Disabled, QPalette::Text));
    m_replicaTable->setPalette(tablePalette);
}

void ReplicationPanel::showReplicaHalf(const Topology &topology, const TopologyNode &node, bool shown)
{
    for (QWidget *w : {static_cast<QWidget *>(m_master), static_cast<QWidget *>(m_link),
                       static_cast<QWidget *>(m_offset), static_cast<QWidget *>(m_lagBytes),
                       static_cast<QWidget *>(m_lagSeconds), static_cast<QWidget *>(m_priority),
                       m_promoteBox})
        setRowShown(w, shown);
    const NodeSnapshot &s = node.snapshot;
    ReplicationText::SyncProgress sync = shown ? ReplicationText::syncProgress(s) : ReplicationText::SyncProgress();
    // The master prepares its snapshot (repl-diskless-sync-delay, BGSAVE): the replica itself
    // only says "link down", the master's wait_bgsave line says what it is.
    const TopologyEdge *incoming = topology.edgeTo(node.address);
    const bool waiting = shown && incoming && incoming->syncWaiting;
    if (waiting) {
        sync.inProgress = true;
        sync.text = tr("initial sync: waiting for the master's snapshot");
    }
    setRowShown(m_syncBox, sync.inProgress);
    if (!shown)
        return;

    const QString master = !node.masterAddress.isEmpty() ? node.masterAddress
                                                         : hostPort(s.masterHost, s.masterPort);
    const TopologyNode *masterNode = topology.node(master);
    m_master->setText(masterNode ? link(masterNode->address, palette()) : master.toHtmlEscaped());
    m_link->setText(waiting ? tr("initial sync (not a lost link)") : ReplicationText::link(s));

    QString offset = s.replicaReplOffset ? QLocale().toString(*s.replicaReplOffset) : tr("unknown");
    if (s.replicaReadReplOffset && s.replicaReplOffset && *s.replicaReadReplOffset != *s.replicaReplOffset)
        offset = tr("%1 (received %2)").arg(offset, QLocale().toString(*s.replicaReadReplOffset));
    m_offset->setText(offset);

    const TopologyEdge *edge = topology.edgeTo(node.address);
    m_lagBytes->setText(ReplicationText::lagBytes(edge ? edge->lagBytes : std::nullopt));
    m_lagSeconds->setText(edge && edge->lagSeconds ? tr("%1 ago").arg(ReplicationText::lagSeconds(edge->lagSeconds))
                                                   : tr("unknown"));

    m_sync->setText(sync.text);
    m_syncBar->setVisible(true);
    if (sync.percent) {
        m_syncBar->setRange(0, 1000);
        m_syncBar->setValue(int(*sync.percent * 10));
    } else {
        m_syncBar->setRange(0, 0);  // size unknown: an indeterminate bar
    }

    QStringList promotion;
    if (s.replicaPriority)
        promotion << (*s.replicaPriority == 0 ? tr("priority 0 (never promoted)")
                                              : tr("priority %1").arg(*s.replicaPriority));
    if (s.replicaReadOnly)
        promotion << (*s.replicaReadOnly ? tr("read-only") : tr("writable"));
    m_priority->setText(promotion.isEmpty() ? tr("unknown") : promotion.join(QStringLiteral(" · ")));
}

void ReplicationPanel::showMasterHalf(const Topology &topology, const TopologyNode &node, bool shown)
{
    const NodeSnapshot &s = node.snapshot;
    for (QWidget *w : {static_cast<QWidget *>(m_replOffset), static_cast<QWidget *>(m_replId),
                       static_cast<QWidget *>(m_backlog)})
        setRowShown(w, shown);
    setRowShown(m_failover, shown && !s.masterFailoverState.isEmpty());
    setRowShown(m_minReplicas, shown && s.minReplicasGood.has_value());
    m_replicasTitle->setVisible(shown);
    m_replicaTable->setVisible(shown);
    if (!shown) {
        m_replicas->setRows({});
        return;
    }

    m_replOffset->setText(QLocale().toString(s.masterReplOffset));
    // 40 hex digits would set the panel's minimum width; the start identifies it, the
    // tooltip has it all.
    const QString &id = s.masterReplId;
    m_replId->setText(id.isEmpty() ? tr("not reported (before 4.0)")
                                   : id.size() > 16 ? QString(id.left(12) + QChar(0x2026) + id.right(4)) : id);
    QString idTip = id;
    if (!s.masterReplId2.isEmpty() && s.masterReplId2.count(QLatin1Char('0')) != s.masterReplId2.size())
        idTip += QLatin1Char('\n') + tr("Previous ID %1 valid up to offset %2")
                                         .arg(s.masterReplId2, QLocale().toString(s.secondReplOffset.value_or(0)));
    m_replId->setToolTip(idTip);
    m_backlog->setText(ReplicationText::backlog(s));
    m_failover->setText(ReplicationText::failoverState(s.masterFailoverState));
    if (s.minReplicasGood)
        m_minReplicas->setText(QLocale().toString(*s.minReplicasGood));

    // The master's own list, matched to the topology's edges (which know the replica's
    // applied offset); then replicas that point here but that the master does not list.
    const QList<const TopologyEdge *> edges = topology.edgesFrom(node.address);
    QList<ReplicaTableModel::Row> rows;
    QStringList listed;
    for (const ReplicaEntry &entry : s.replicas) {
        QString address = hostPort(entry.ip, entry.port);
        if (const TopologyNode *n = topology.node(address))
            address = n->address;
        const TopologyEdge *edge = nullptr;
        for (const TopologyEdge *e : edges) {
            if (e->replica == address)
                edge = e;
        }
        ReplicaTableModel::Row row;
        row.address = address;
        row.state = entry.state;
        row.offset = entry.offset;
        row.lagBytes = edge && edge->lagBytes ? edge->lagBytes
                                              : std::optional<qint64>(std::max<qint64>(0, s.masterReplOffset - entry.offset));
        row.lagSeconds = entry.lagSeconds;
        rows << row;
        listed << address;
    }
    for (const TopologyEdge *e : edges) {
        if (listed.contains(e->replica))
            continue;
        ReplicaTableModel::Row row;
        row.address = e->replica;
        row.state = e->state;
        row.connected = false;
        row.lagBytes = e->lagBytes;
        row.lagSeconds = e->lagSeconds;
        rows << row;
    }
    m_replicas->setRows(rows);
    m_replicasTitle->setText(tr("Replicas (%1)").arg(rows.size()));
}
