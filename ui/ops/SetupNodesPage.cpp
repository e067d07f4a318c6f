#include "SetupNodesPage.h"

#include "ConnectionDialog.h"
#include "SetupWizard.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

SetupNodesPage::SetupNodesPage(SetupWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Nodes"));
    setSubTitle(tr("Pick the master and the servers that become its replicas. A replica's data is replaced "
                   "by a copy of the master's."));
    m_master = new QComboBox(this);
    m_master->setObjectName(QStringLiteral("setupMasterCombo"));
    m_replicas = new QListWidget(this);
    m_replicas->setObjectName(QStringLiteral("setupReplicaList"));
    m_newConnection = new QPushButton(tr("New Connection…"), this);
    m_newConnection->setObjectName(QStringLiteral("setupNewConnectionButton"));
    m_newConnection->setToolTip(tr("Connect to a server that is not in view yet (TCP, TLS or SSH)"));
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("setupNodesHint"));
    m_hint->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Master:"), m_master);
    auto *replicaLabel = new QLabel(tr("&Replicas:"), this);
    replicaLabel->setBuddy(m_replicas);
    form->addRow(replicaLabel, m_replicas);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_newConnection);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_hint);
    connect(m_master, &QComboBox::currentIndexChanged, this, &SetupNodesPage::applyMaster);
    connect(m_replicas, &QListWidget::itemChanged, this, &SetupNodesPage::applyMaster);
    connect(m_newConnection, &QPushButton::clicked, this, &SetupNodesPage::openConnectionDialog);
    connect(wizard, &SetupWizard::topologyUpdated, this, &SetupNodesPage::refresh);
}

void SetupNodesPage::preset(const QString &master, const QStringList &replicas)
{
    m_presetMaster = master;
    m_presetReplicas = replicas;
    refresh();
}

void SetupNodesPage::initializePage()
{
    refresh();
}

QStringList SetupNodesPage::candidates() const
{
    QStringList out;
    for (const TopologyNode &n : m_wizard->topology().nodes) {
        const NodeSnapshot::Role role = n.hasSnapshot ? n.snapshot.role : n.role;
        if (!n.placeholder && role != NodeSnapshot::Role::Sentinel)
            out.append(n.address);
    }
    for (const QString &a : m_wizard->addedNodes()) {
        if (!out.contains(a) && !m_wizard->topology().node(a))
            out.append(a);
    }
    const QStringList preset = m_presetReplicas + QStringList{m_presetMaster};
    for (const QString &a : preset) {
        if (!a.isEmpty() && !out.contains(a) && !m_wizard->topology().node(a))
            out.append(a);
    }
    return out;
}

QString SetupNodesPage::describe(const Topology &topology, const QString &address)
{
    const TopologyNode *n = topology.node(address);
    if (!n)
        return tr("%1 (connecting…)").arg(address);
    if (!n->isUp())
        return tr("%1 — does not answer").arg(address);
    const NodeSnapshot::Role role = n->hasSnapshot ? n->snapshot.role : n->role;
    if (role == NodeSnapshot::Role::Replica)
        return tr("%1 — replica of %2").arg(address, n->masterAddress);
    const int replicas = n->hasSnapshot ? n->snapshot.connectedReplicas : 0;
    return replicas > 0 ? tr("%1 — master with %n replica(s)", nullptr, replicas).arg(address)
                        : tr("%1 — standalone").arg(address);
}

QString SetupNodesPage::master() const
{
    return m_master->currentData().toString();
}

QStringList SetupNodesPage::replicas() const
{
    QStringList out;
    for (int i = 0; i < m_replicas->count(); ++i) {
        const QListWidgetItem *item = m_replicas->item(i);
        if (!item->isHidden() && item->checkState() == Qt::Checked)
            out.append(item->data(Qt::UserRole).toString());
    }
    return out;
}

void SetupNodesPage::refresh()
{
    const QStringList all = candidates();
    QStringList shown;
    for (const QString &a : all)
        shown.append(describe(m_wizard->topology(), a));
    // Topologies arrive every poll: rebuild only when what the lists say changes, so an open
    // combo or a click in progress is not swept away.
    if (shown == m_shown && m_presetMaster.isEmpty() && m_presetReplicas.isEmpty())
        return;
    m_shown = shown;
    const QString chosenMaster = m_presetMaster.isEmpty() ? master() : m_presetMaster;
    QStringList checked = replicas();
    if (!m_presetReplicas.isEmpty())
        checked = m_presetReplicas;
    m_presetMaster.clear();
    m_presetReplicas.clear();
    {
        const QSignalBlocker block(m_master);
        m_master->clear();
        for (const QString &a : all)
            m_master->addItem(describe(m_wizard->topology(), a), a);
        const int at = m_master->findData(chosenMaster);
        m_master->setCurrentIndex(at >= 0 ? at : (m_master->count() > 0 ? 0 : -1));
    }
    {
        const QSignalBlocker block(m_replicas);
        m_replicas->clear();
        for (const QString &a : all) {
            auto *item = new QListWidgetItem(describe(m_wizard->topology(), a), m_replicas);
            item->setData(Qt::UserRole, a);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(checked.contains(a) ? Qt::Checked : Qt::Unchecked);
        }
    }
    applyMaster();
}

void SetupNodesPage::applyMaster()
{
    const QString current = master();
    {
        const QSignalBlocker block(m_replicas);
        for (int i = 0; i < m_replicas->count(); ++i) {
            QListWidgetItem *item = m_replicas->item(i);
            const bool isMaster = item->data(Qt::UserRole).toString() == current;
            item->setHidden(isMaster);  // the master cannot follow itself
            if (isMaster)
                item->setCheckState(Qt::Unchecked);
        }
    }
    m_hint->setText(m_master->count() < 2 ? tr("Set-up needs at least two servers: connect to another one.")
                    : replicas().isEmpty() ? tr("Check at least one replica.")
                                           : QString());
    Q_EMIT completeChanged();
}

void SetupNodesPage::openConnectionDialog()
{
    auto *dialog = new ConnectionDialog(this);
    dialog->setObjectName(QStringLiteral("setupConnectionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ConnectionProfile profile = dialog->profile();
        m_wizard->addConnection(profile);
        m_presetMaster = master().isEmpty() ? profile.address() : master();
        m_presetReplicas = replicas();
        if (m_presetMaster != profile.address())
            m_presetReplicas.append(profile.address());
        refresh();
    });
    dialog->open();
}

bool SetupNodesPage::isComplete() const
{
    return !master().isEmpty() && !replicas().isEmpty();
}

bool SetupNodesPage::validatePage()
{
    m_wizard->options().master = master();
    m_wizard->options().replicas = replicas();
    return isComplete();
}
