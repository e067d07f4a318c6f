#include "SetupSettingsPage.h"

#include "HumanFormat.h"
#include "SetupWizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

namespace {

QLabel *reasonLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color:palette(mid)"));
    return label;
}

} // namespace

SetupSettingsPage::SetupSettingsPage(SetupWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Settings"));
    setSubTitle(tr("Set on every node live first, saved to the config files only after the set-up is verified."));
    m_keepalive = new QSpinBox(this);
    m_keepalive->setObjectName(QStringLiteral("setupKeepaliveSpin"));
    m_keepalive->setRange(1, 7200);
    m_keepalive->setSuffix(tr(" s"));
    m_keepaliveWhy = reasonLabel(QStringLiteral("setupKeepaliveReason"), this);
    m_persistence = new QComboBox(this);
    m_persistence->setObjectName(QStringLiteral("setupPersistenceCombo"));
    m_persistence->addItem(tr("AOF, fsync every second"), int(SetupOptions::Persistence::Aof));
    m_persistence->addItem(tr("RDB snapshots"), int(SetupOptions::Persistence::Rdb));
    m_persistence->addItem(tr("Keep as it is"), int(SetupOptions::Persistence::Keep));
    m_persistenceWhy = reasonLabel(QStringLiteral("setupPersistenceReason"), this);
    m_outage = new QSpinBox(this);
    m_outage->setObjectName(QStringLiteral("setupOutageSpin"));
    m_outage->setRange(1, 86400);
    m_outage->setSuffix(tr(" s"));
    m_outageWhy = reasonLabel(QStringLiteral("setupOutageReason"), this);
    m_minReplicas = new QCheckBox(tr("Refuse writes without replicas"), this);
    m_minReplicas->setObjectName(QStringLiteral("setupMinReplicasCheck"));
    m_minCount = new QSpinBox(this);
    m_minCount->setObjectName(QStringLiteral("setupMinReplicasSpin"));
    m_minCount->setRange(1, 64);
    m_minCount->setPrefix(tr("at least "));
    m_minCount->setSuffix(tr(" replica(s)"));
    m_minLag = new QSpinBox(this);
    m_minLag->setObjectName(QStringLiteral("setupMinReplicasLagSpin"));
    m_minLag->setRange(1, 3600);
    m_minLag->setPrefix(tr("lag ≤ "));
    m_minLag->setSuffix(tr(" s"));
    m_minWhy = reasonLabel(QStringLiteral("setupMinReplicasReason"), this);

    auto *minRow = new QHBoxLayout;
    minRow->addWidget(m_minReplicas);
    minRow->addWidget(m_minCount);
    minRow->addWidget(m_minLag);
    minRow->addStretch();
    auto *form = new QFormLayout(this);
    form->addRow(tr("tcp-&keepalive:"), m_keepalive);
    form->addRow(QString(), m_keepaliveWhy);
    form->addRow(tr("Master &persistence:"), m_persistence);
    form->addRow(QString(), m_persistenceWhy);
    form->addRow(tr("Tolerated &outage:"), m_outage);
    form->addRow(QString(), m_outageWhy);
    form->addRow(tr("min-replicas:"), minRow);
    form->addRow(QString(), m_minWhy);

    connect(m_keepalive, &QSpinBox::valueChanged, this, &SetupSettingsPage::explain);
    connect(m_persistence, &QComboBox::currentIndexChanged, this, &SetupSettingsPage::explain);
    connect(m_outage, &QSpinBox::valueChanged, this, &SetupSettingsPage::explain);
    connect(m_minReplicas, &QCheckBox::toggled, this, &SetupSettingsPage::explain);
    connect(m_minCount, &QSpinBox::valueChanged, this, &SetupSettingsPage::explain);
    connect(m_minLag, &QSpinBox::valueChanged, this, &SetupSettingsPage::explain);
}

void SetupSettingsPage::initializePage()
{
    const SetupOptions &o = m_wizard->options();
    m_keepalive->setValue(o.keepaliveSeconds);
    m_persistence->setCurrentIndex(m_persistence->findData(int(o.persistence)));
    m_outage->setValue(o.toleratedOutageSeconds);
    m_minReplicas->setChecked(o.minReplicasToWrite > 0);
    m_minCount->setMaximum(qMax(1, int(o.replicas.size())));
    m_minCount->setValue(qMax(1, o.minReplicasToWrite));
    m_minLag->setValue(o.minReplicasMaxLag);
    explain();
}

void SetupSettingsPage::explain()
{
    const int keepalive = m_keepalive->value();
    m_keepaliveWhy->setText(
        tr("How often an idle connection is probed, so a dead peer (a replica's link, a half-open client) is noticed "
           "within about %1. The tutorials use 60; Redis' default is 300.")
            .arg(HumanFormat::duration(keepalive)));
    const auto p = SetupOptions::Persistence(m_persistence->currentData().toInt());
    m_persistenceWhy->setText(
        p == SetupOptions::Persistence::Aof
            ? tr("Every write is in the append-only file within a second. A master without persistence that restarts "
                 "comes back empty and its replicas copy the emptiness: they are wiped.")
        : p == SetupOptions::Persistence::Rdb
            ? tr("Snapshots on Redis' default schedule: a crash loses the writes since the last one. A master "
                 "without persistence that restarts comes back empty and wipes its replicas.")
            : tr("Left as configured. A master with persistence off that restarts (e.g. by systemd) comes back empty "
                 "and its replicas copy the emptiness: they are wiped."));
    const SetupNodeFacts *master = m_wizard->facts().node(m_wizard->options().master);
    const qint64 rate = master ? master->writeBytesPerSecond : 0;
    const qint64 backlog = rate * m_outage->value();
    m_outageWhy->setText(
        rate > 0 ? tr("A replica cut off for up to this long resumes with a partial sync instead of a full copy: "
                      "the master wrote %1/s while it was read, so repl-backlog-size is sized to about %2 "
                      "(never below Redis' 1 MB default).")
                       .arg(HumanFormat::bytes(rate), HumanFormat::bytes(backlog))
                 : tr("A replica cut off for up to this long resumes with a partial sync instead of a full copy. "
                      "No writes were measured on the master, so repl-backlog-size stays at least Redis' 1 MB "
                      "default."));
    m_minCount->setEnabled(m_minReplicas->isChecked());
    m_minLag->setEnabled(m_minReplicas->isChecked());
    m_minWhy->setText(
        tr("Checked, the master acknowledges a write only while %n replica(s) answered within the lag: an old "
           "master cut off from its replicas refuses writes instead of acknowledging writes a failover loses. "
           "The price: with fewer replicas linked, it refuses every write.",
           nullptr, m_minCount->value()));
}

bool SetupSettingsPage::validatePage()
{
    SetupOptions &o = m_wizard->options();
    o.keepaliveSeconds = m_keepalive->value();
    o.persistence = SetupOptions::Persistence(m_persistence->currentData().toInt());
    o.toleratedOutageSeconds = m_outage->value();
    o.minReplicasToWrite = m_minReplicas->isChecked() ? m_minCount->value() : 0;
    o.minReplicasMaxLag = m_minLag->value();
    return true;
}
