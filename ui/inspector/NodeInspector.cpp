#include "NodeInspector.h"

#include "topology/TopologyLabels.h"

#include "AnomalyPanel.h"
#include "ChartsPanel.h"
#include "HumanFormat.h"
#include "InfoPanel.h"
#include "ReplicationPanel.h"
#include "ReplicationText.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

// Q_INIT_RESOURCE must be called outside any namespace; tandem_ui is a static library.
static void initInspectorResources()
{
    Q_INIT_RESOURCE(tandem);
}

namespace {

QString statusIconPath(NodeReachability r)
{
    switch (r) {
    case NodeReachability::Up: return QStringLiteral(":/icons/status-up.svg");
    case NodeReachability::Connecting:
    case NodeReachability::Loading: return QStringLiteral(":/icons/status-connecting.svg");
    case NodeReachability::Unreachable: return QStringLiteral(":/icons/status-unreachable.svg");
    case NodeReachability::AuthFailed: return QStringLiteral(":/icons/status-auth.svg");
    case NodeReachability::HostKeyUnknown:
    case NodeReachability::HostKeyChanged: return QStringLiteral(":/icons/status-hostkey.svg");
    case NodeReachability::Error: break;
    }
    return QStringLiteral(":/icons/status-error.svg");
}

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont f = label->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.1);
    label->setFont(f);
    label->setContentsMargins(0, 10, 0, 2);
    return label;
}

bool isDarkWindow(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

} // namespace

NodeInspector::NodeInspector(QWidget *parent)
    : QWidget(parent)
    , m_ownHistory(std::make_unique<MetricHistory>())
    , m_history(m_ownHistory.get())
{
    initInspectorResources();
    setObjectName(QStringLiteral("nodeInspector"));

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("inspectorEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setMargin(24);
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    auto *page = new QWidget(this);
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(6);
    pageLayout->addWidget(createHeader());
    m_tabs = new QTabWidget(page);
    m_tabs->setObjectName(QStringLiteral("inspectorTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createOverview(), tr("Overview"));
    m_info = new InfoPanel(m_tabs);
    m_tabs->addTab(m_info, tr("INFO"));
    pageLayout->addWidget(m_tabs, 1);
    connect(m_tabs, &QTabWidget::currentChanged, this, &NodeInspector::refreshCharts);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_stack);
    refresh();
}

NodeInspector::~NodeInspector() = default;

void NodeInspector::setPromoteEnabled(bool enabled)
{
    m_replication->setPromoteEnabled(enabled);
}

QWidget *NodeInspector::createHeader()
{
    auto *header = new QWidget(this);
    header->setObjectName(QStringLiteral("inspectorHeader"));
    m_statusIcon = new QLabel(header);
    m_addressLabel = new QLabel(header);
    m_addressLabel->setObjectName(QStringLiteral("inspectorAddress"));
    m_addressLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_addressLabel->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_addressLabel->setFont(big);
    m_role = new QLabel(header);
    m_role->setObjectName(QStringLiteral("inspectorRole"));
    m_consoleButton = new QToolButton(header);
    m_consoleButton->setObjectName(QStringLiteral("inspectorConsoleButton"));
    m_consoleButton->setIcon(QIcon(QStringLiteral(":/icons/console.svg")));
    m_consoleButton->setText(tr("Console"));
    m_consoleButton->setToolTip(tr("Open a command console on this node"));
    m_consoleButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_consoleButton, &QToolButton::clicked, this, [this] { Q_EMIT consoleRequested(m_address); });

    m_version = new QLabel(header);
    m_version->setObjectName(QStringLiteral("inspectorVersion"));
    m_status = new QLabel(header);
    m_status->setObjectName(QStringLiteral("inspectorStatus"));
    m_uptime = new QLabel(header);
    m_uptime->setObjectName(QStringLiteral("inspectorUptime"));
    for (QLabel *l : {m_version, m_uptime})
        l->setForegroundRole(QPalette::PlaceholderText);
    m_error = new QLabel(header);
    m_error->setObjectName(QStringLiteral("inspectorError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(m_statusIcon);
    top->addWidget(m_addressLabel, 1);
    top->addWidget(m_role);
    top->addWidget(m_consoleButton);
    auto *facts = new QHBoxLayout;
    facts->setSpacing(12);
    facts->addSpacing(24);
    facts->addWidget(m_status);
    facts->addWidget(m_version);
    facts->addWidget(m_uptime);
    facts->addStretch(1);
    auto *layout = new QVBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addLayout(facts);
    layout->addWidget(m_error);
    m_fence = new QLabel(header);
    m_fence->setObjectName(QStringLiteral("inspectorFence"));
    m_fence->setWordWrap(true);
    m_fence->hide();
    layout->addWidget(m_fence);
    return header;
}

QWidget *NodeInspector::createOverview()
{
    m_overviewScroll = new QScrollArea(this);
    m_overviewScroll->setObjectName(QStringLiteral("inspectorOverview"));
    m_overviewScroll->setWidgetResizable(true);
    m_overviewScroll->setFrameShape(QFrame::NoFrame);
    m_overviewScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *content = new QWidget(m_overviewScroll);
    m_replication = new ReplicationPanel(content);
    connect(m_replication, &ReplicationPanel::promoteRequested, this, &NodeInspector::promoteRequested);
    connect(m_replication, &ReplicationPanel::nodeActivated, this, [this](const QString &address) {
        showNode(address);
        Q_EMIT nodeActivated(address);
    });
    m_anomalies = new AnomalyPanel(content);
    connect(m_anomalies, &AnomalyPanel::failoverRequested, this, &NodeInspector::failoverRequested);
    connect(m_anomalies, &AnomalyPanel::applyToGroupRequested, this, &NodeInspector::applyToGroupRequested);
    m_charts = new ChartsPanel(content);
    m_anomaliesTitle = sectionTitle(tr("Anomalies"), content);

    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(2, 0, 6, 8);
    layout->setSpacing(4);
    QLabel *replicationTitle = sectionTitle(tr("Replication"), content);
    replicationTitle->setContentsMargins(0, 4, 0, 2);
    layout->addWidget(replicationTitle);
    layout->addWidget(m_replication);
    layout->addWidget(m_anomaliesTitle);
    layout->addWidget(m_anomalies);
    layout->addWidget(sectionTitle(tr("Activity"), content));
    layout->addWidget(m_charts);
    layout->addStretch(1);
    m_overviewScroll->setWidget(content);
    return m_overviewScroll;
}

void NodeInspector::setHistory(const MetricHistory *history)
{
    m_history = history ? history : m_ownHistory.get();
    refreshCharts();
}

void NodeInspector::setTopology(const Topology &topology)
{
    m_topology = topology;
    if (m_history == m_ownHistory.get())
        m_ownHistory->record(topology);
    refresh();
}

void NodeInspector::showNode(const QString &address)
{
    if (address == m_address)
        return;
    m_address = address;
    refresh();
    if (m_overviewScroll)
        m_overviewScroll->verticalScrollBar()->setValue(0);
}

void NodeInspector::refresh()
{
    const TopologyNode *node = m_address.isEmpty() ? nullptr : m_topology.node(m_address);
    if (!node) {
        m_empty->setText(m_address.isEmpty()
                             ? tr("Select a node to see its replication state, activity and INFO.")
                             : tr("%1 is not part of the topology any more.").arg(m_address));
        m_stack->setCurrentWidget(m_empty);
        m_info->setSnapshot(nullptr);
        return;
    }
    m_stack->setCurrentIndex(1);
    refreshHeader(*node);
    m_replication->showNode(m_topology, *node);

    QList<Anomaly> mine;
    for (const Anomaly &a : std::as_const(m_topology.anomalies)) {
        if (a.nodes.contains(node->address)
            || std::any_of(node->aliases.cbegin(), node->aliases.cend(),
                           [&a](const QString &alias) { return a.nodes.contains(alias); }))
            mine << a;
    }
    m_anomalies->setAnomalies(mine);
    m_anomaliesTitle->setText(mine.isEmpty() ? tr("Anomalies") : tr("Anomalies (%1)").arg(mine.size()));
    m_info->setSnapshot(node->hasSnapshot ? &node->snapshot : nullptr);
    m_info->setStaleness(TopologyLabels::staleness(*node, m_topology.takenAt));
    refreshCharts();
}

void NodeInspector::refreshHeader(const TopologyNode &node)
{
    const NodeSnapshot &s = node.snapshot;
    m_addressLabel->setText(node.address);
    m_addressLabel->setToolTip(node.aliases.isEmpty() ? QString()
                                                      : tr("Also reached as %1").arg(node.aliases.join(QStringLiteral(", "))));
    m_statusIcon->setPixmap(QIcon(statusIconPath(node.reachability)).pixmap(18, 18));
    const NodeSnapshot::Role role = node.hasSnapshot ? s.role : node.role;
    const NodeFences::Fence *fence = m_fences.of(node);
    // A node that does not answer has no current role: "down (was master)", drawn grey.
    const bool down = TopologyLabels::isDown(node);
    m_role->setText(fence || down ? TopologyLabels::roleText(node, fence != nullptr) : ReplicationText::roleName(role));
    const NodeSnapshot::Role badgeRole = fence || down ? NodeSnapshot::Role::Unknown : role;
    if (badgeRole != m_shownRole || m_role->styleSheet().isEmpty())
        styleRoleBadge(badgeRole);
    m_fence->setText(fence ? NodeFences::state(node, *fence) : QString());
    m_fence->setVisible(fence != nullptr);

    m_status->setText(node.placeholder ? tr("Not polled") : ReplicationText::reachability(node.reachability));
    m_version->setText(node.hasSnapshot && !s.version.isEmpty() ? tr("Redis %1").arg(s.version) : QString());
    m_version->setVisible(!m_version->text().isEmpty());
    if (node.isUp() && node.hasSnapshot)
        m_uptime->setText(tr("up %1").arg(HumanFormat::duration(s.uptimeSeconds)));
    else if (node.lastSeen.isValid())
        m_uptime->setText(tr("last seen %1 ago")
                              .arg(HumanFormat::duration(node.lastSeen.secsTo(QDateTime::currentDateTimeUtc()))));
    else
        m_uptime->clear();
    m_uptime->setVisible(!m_uptime->text().isEmpty());

    m_error->setText(node.error);
    m_error->setVisible(!node.error.isEmpty() && !node.isUp());
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, isDarkWindow(palette()) ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e));
    m_error->setPalette(p);
    m_consoleButton->setEnabled(!node.placeholder);
}

void NodeInspector::setFences(const NodeFences &fences)
{
    if (fences == m_fences)
        return;
    m_fences = fences;
    refresh();
}

void NodeInspector::styleRoleBadge(NodeSnapshot::Role role)
{
    m_shownRole = role;
    // Tinted pills; the text colour alone must carry enough contrast on both palettes.
    const bool dark = isDarkWindow(palette());
    QString bg, fg;
    switch (role) {
    case NodeSnapshot::Role::Master:
        bg = dark ? QStringLiteral("#0c2d6b") : QStringLiteral("#ddf4ff");
        fg = dark ? QStringLiteral("#79c0ff") : QStringLiteral("#0550ae");
        break;
    case NodeSnapshot::Role::Replica:
        bg = dark ? QStringLiteral("#033a16") : QStringLiteral("#dafbe1");
        fg = dark ? QStringLiteral("#7ee787") : QStringLiteral("#116329");
        break;
    case NodeSnapshot::Role::Sentinel:
        bg = dark ? QStringLiteral("#3c1e70") : QStringLiteral("#fbefff");
        fg = dark ? QStringLiteral("#d2a8ff") : QStringLiteral("#6639ba");
        break;
    case NodeSnapshot::Role::Unknown:
        bg = dark ? QStringLiteral("#30363d") : QStringLiteral("#eaeef2");
        fg = dark ? QStringLiteral("#c9d1d9") : QStringLiteral("#424a53");
        break;
    }
    m_role->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 9px;"
                                         " padding: 1px 9px; font-weight: bold; }").arg(bg, fg));
}

void NodeInspector::refreshCharts()
{
    // Hidden charts are not worth redrawing every second; showing them refreshes them.
    if (!m_charts || m_address.isEmpty() || m_tabs->currentIndex() != 0)
        return;
    const TopologyNode *node = m_topology.node(m_address);
    if (node)
        m_charts->showNode(*m_history, m_topology, *node);
}

void NodeInspector::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_role) {
        styleRoleBadge(m_shownRole);
        refresh();
    }
}
