#include "MigrateNodesPage.h"

#include "ConnectionDialog.h"
#include "MigrateWizard.h"
#include "SetupNodesPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

MigrateNodesPage::MigrateNodesPage(MigrateWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Source and target"));
    setSubTitle(tr("The target becomes a replica of the source, is checked against it, then takes over as the "
                   "master while writes pause; the source follows it."));
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("migrateSourceCombo"));
    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("migrateTargetCombo"));
    m_newConnection = new QPushButton(tr("New Connection…"), this);
    m_newConnection->setObjectName(QStringLiteral("migrateNewConnectionButton"));
    m_newConnection->setToolTip(tr("Connect to the new server if it is not in view yet (TCP, TLS or SSH)"));
    auto *targetRow = new QHBoxLayout;
    targetRow->addWidget(m_target, 1);
    targetRow->addWidget(m_newConnection);

    m_verify = new QComboBox(this);
    m_verify->setObjectName(QStringLiteral("migrateVerifyCombo"));
    m_verify->addItem(tr("A sample of keys"), int(MigrateOptions::Verify::Sample));
    m_verify->addItem(tr("Every key"), int(MigrateOptions::Verify::Full));
    m_verify->addItem(tr("Key counts per database only"), int(MigrateOptions::Verify::None));
    m_verify->setToolTip(tr("Before the cutover each compared key's type, value and TTL must agree on both servers"));
    m_sample = new QSpinBox(this);
    m_sample->setObjectName(QStringLiteral("migrateSampleSpin"));
    m_sample->setRange(1, 1000000);
    m_sample->setValue(m_wizard->options().sampleSize);
    m_sample->setSuffix(tr(" keys"));
    auto *verifyRow = new QHBoxLayout;
    verifyRow->addWidget(m_verify, 1);
    verifyRow->addWidget(m_sample);

    m_repoint = new QCheckBox(tr("Move the source's replicas to the new server"), this);
    m_repoint->setObjectName(QStringLiteral("migrateRepointCheck"));
    m_repoint->setToolTip(tr("After the cutover the source's replicas follow the target (REPLICAOF); unchecked "
                             "they keep following the source, now a replica itself"));
    m_onAbort = new QComboBox(this);
    m_onAbort->setObjectName(QStringLiteral("migrateOnAbortCombo"));
    m_onAbort->addItem(tr("Detach the target (it keeps a copy of the data)"), int(MigrateOptions::OnAbort::Detach));
    m_onAbort->addItem(tr("Keep the target a replica of the source"), int(MigrateOptions::OnAbort::KeepReplica));
    m_catchUp = new QSpinBox(this);
    m_catchUp->setObjectName(QStringLiteral("migrateCatchUpSpin"));
    m_catchUp->setRange(500, 120000);
    m_catchUp->setSingleStep(500);
    m_catchUp->setSuffix(tr(" ms"));
    m_catchUp->setValue(m_wizard->options().catchUpTimeoutMs);
    m_catchUp->setToolTip(tr("Writes pause on the source while the target applies the last of them; longer than "
                             "this and the cutover is called off (writes resume on the source)"));

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("migrateNodesHint"));
    m_hint->setWordWrap(true);
    auto *form = new QFormLayout;
    // Each label with its field as buddy: the mnemonics work.
    const auto row = [this, form](const QString &text, QWidget *buddy, QLayout *field) {
        auto *label = new QLabel(text, this);
        label->setBuddy(buddy);
        if (field)
            form->addRow(label, field);
        else
            form->addRow(label, buddy);
    };
    row(tr("&Source (master):"), m_source, nullptr);
    row(tr("&Target:"), m_target, targetRow);
    row(tr("&Verify the copy:"), m_verify, verifyRow);
    form->addRow(QString(), m_repoint);
    row(tr("On &abort:"), m_onAbort, nullptr);
    row(tr("&Catch-up may pause writes for:"), m_catchUp, nullptr);
    auto *steps = new QLabel(tr("<b>What happens</b><ol>"
                                "<li>The target becomes a replica of the source and copies its data (a full sync); "
                                "the source keeps serving.</li>"
                                "<li>The copy is compared with the source, key by key as chosen above.</li>"
                                "<li>Writes pause on the source; once the target has applied the last of them it is "
                                "promoted, and the source becomes its replica (writes refused there from then on).</li>"
                                "<li>Clients must then be pointed at the target: the result lists those that were "
                                "connected and counts the writes still reaching the source.</li></ol>"
                                "Until the target is promoted, Abort or any failure leaves the source the master it "
                                "was."),
                             this);
    steps->setObjectName(QStringLiteral("migrateNodesSteps"));
    steps->setWordWrap(true);
    steps->setTextFormat(Qt::RichText);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(12);
    layout->addWidget(steps);
    layout->addStretch();
    layout->addWidget(m_hint);

    connect(m_source, &QComboBox::currentIndexChanged, this, &MigrateNodesPage::refillTargets);
    connect(m_target, &QComboBox::currentIndexChanged, this, &QWizardPage::completeChanged);
    connect(m_verify, &QComboBox::currentIndexChanged, this, [this] {
        m_sample->setEnabled(m_verify->currentData().toInt() == int(MigrateOptions::Verify::Sample));
    });
    connect(m_newConnection, &QPushButton::clicked, this, &MigrateNodesPage::openConnectionDialog);
    connect(wizard, &MigrateWizard::topologyUpdated, this, &MigrateNodesPage::refresh);
}

void MigrateNodesPage::preset(const QString &source)
{
    m_presetSource = source;
    refresh();
}

void MigrateNodesPage::initializePage()
{
    refresh();
}

QStringList MigrateNodesPage::sources() const
{
    QStringList out;
    for (const TopologyNode &n : m_wizard->topology().nodes) {
        const NodeSnapshot::Role role = n.hasSnapshot ? n.snapshot.role : n.role;
        if (!n.placeholder && n.isUp() && role == NodeSnapshot::Role::Master)
            out.append(n.address);
    }
    if (!m_presetSource.isEmpty() && !out.contains(m_presetSource))
        out.append(m_presetSource);
    return out;
}

QStringList MigrateNodesPage::targets(const QString &source) const
{
    // Any node outside the source's group: its own replicas already hold the data.
    const Topology &topology = m_wizard->topology();
    const TopologyGroup *group = topology.groupOf(source);
    const QStringList taken = group ? group->nodes : QStringList{source};
    QStringList out;
    for (const TopologyNode &n : topology.nodes) {
        const NodeSnapshot::Role role = n.hasSnapshot ? n.snapshot.role : n.role;
        if (!n.placeholder && role != NodeSnapshot::Role::Sentinel && !taken.contains(n.address))
            out.append(n.address);
    }
    for (const QString &a : m_wizard->addedNodes()) {
        if (!out.contains(a) && !taken.contains(a) && !topology.node(a))
            out.append(a);
    }
    return out;
}

QString MigrateNodesPage::source() const
{
    return m_source->currentData().toString();
}

QString MigrateNodesPage::target() const
{
    return m_target->currentData().toString();
}

void MigrateNodesPage::refresh()
{
    const Topology &topology = m_wizard->topology();
    const QStringList all = sources();
    QStringList shown;
    for (const QString &a : all)
        shown.append(SetupNodesPage::describe(topology, a));
    for (const TopologyNode &n : topology.nodes)
        shown.append(SetupNodesPage::describe(topology, n.address));
    shown += m_wizard->addedNodes();
    // Topologies arrive every poll: rebuild only when what the lists say changes.
    if (shown == m_shown && m_presetSource.isEmpty() && m_presetTarget.isEmpty())
        return;
    m_shown = shown;
    const QString chosen = m_presetSource.isEmpty() ? source() : m_presetSource;
    m_presetSource.clear();
    {
        const QSignalBlocker block(m_source);
        m_source->clear();
        for (const QString &a : all)
            m_source->addItem(SetupNodesPage::describe(topology, a), a);
        const int at = m_source->findData(chosen);
        m_source->setCurrentIndex(at >= 0 ? at : (m_source->count() > 0 ? 0 : -1));
    }
    refillTargets();
}

void MigrateNodesPage::refillTargets()
{
    const QString chosen = m_presetTarget.isEmpty() ? target() : m_presetTarget;
    m_presetTarget.clear();
    {
        const QSignalBlocker block(m_target);
        m_target->clear();
        for (const QString &a : targets(source()))
            m_target->addItem(SetupNodesPage::describe(m_wizard->topology(), a), a);
        const int at = m_target->findData(chosen);
        m_target->setCurrentIndex(at >= 0 ? at : (m_target->count() > 0 ? 0 : -1));
    }
    m_hint->setText(m_source->count() == 0 ? tr("No master in view: connect to the server to migrate from.")
                    : m_target->count() == 0 ? tr("No server outside %1's group in view: connect to the new server "
                                                  "with New Connection…").arg(source())
                                             : QString());
    Q_EMIT completeChanged();
}

void MigrateNodesPage::openConnectionDialog()
{
    auto *dialog = new ConnectionDialog(this);
    dialog->setObjectName(QStringLiteral("migrateConnectionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ConnectionProfile profile = dialog->profile();
        m_wizard->addConnection(profile);
        m_presetSource = source();
        m_presetTarget = profile.address();
        refresh();
    });
    dialog->open();
}

bool MigrateNodesPage::isComplete() const
{
    return !source().isEmpty() && !target().isEmpty() && source() != target();
}

bool MigrateNodesPage::validatePage()
{
    MigrateOptions &o = m_wizard->options();
    o.source = source();
    o.target = target();
    o.verify = MigrateOptions::Verify(m_verify->currentData().toInt());
    o.sampleSize = m_sample->value();
    o.repointReplicas = m_repoint->isChecked();
    o.onAbort = MigrateOptions::OnAbort(m_onAbort->currentData().toInt());
    o.catchUpTimeoutMs = m_catchUp->value();
    return isComplete();
}
