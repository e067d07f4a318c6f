#include "MigratePreflightPage.h"

#include "MigrateClientsView.h"
#include "MigrateWizard.h"
#include "PreconditionTable.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

MigratePreflightPage::MigratePreflightPage(MigrateWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Preflight"));
    setSubTitle(tr("Both servers are read; nothing changes yet."));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("migratePreflightStatus"));
    m_status->setWordWrap(true);
    m_again = new QPushButton(tr("Check &Again"), this);
    m_again->setObjectName(QStringLiteral("migrateProbeAgainButton"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_status, 1);
    row->addWidget(m_again);
    m_checks = new PreconditionTable(this);
    m_checks->setObjectName(QStringLiteral("migratePreconditionList"));
    m_clients = new MigrateClientsView(QStringLiteral("migrate"), this);

    // The target's keys are lost to REPLICAOF: only a typed address says the user knows.
    m_consent = new QWidget(this);
    auto *consentLayout = new QHBoxLayout(m_consent);
    consentLayout->setContentsMargins(0, 0, 0, 0);
    m_consentLabel = new QLabel(m_consent);
    m_consentLabel->setObjectName(QStringLiteral("migrateDiscardLabel"));
    m_consentLabel->setWordWrap(true);
    m_discard = new QLineEdit(m_consent);
    m_discard->setObjectName(QStringLiteral("migrateDiscardConfirm"));
    m_discard->setPlaceholderText(tr("host:port"));
    m_discard->setMinimumWidth(200);
    m_consentLabel->setBuddy(m_discard);
    consentLayout->addWidget(m_consentLabel, 1);
    consentLayout->addWidget(m_discard);
    m_consent->hide();

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_checks);
    split->addWidget(m_clients);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(split, 1);
    layout->addWidget(m_consent);
    connect(m_again, &QPushButton::clicked, this, [this] {
        m_checks->setRowCount(0);
        m_again->setEnabled(false);
        m_wizard->probe();
        Q_EMIT completeChanged();
    });
    connect(m_discard, &QLineEdit::textChanged, this, &MigratePreflightPage::judge);
    connect(wizard, &MigrateWizard::probeProgress, m_status, &QLabel::setText);
    connect(wizard, &MigrateWizard::probeFinished, this, &MigratePreflightPage::onProbed);
}

void MigratePreflightPage::initializePage()
{
    m_checks->setRowCount(0);
    m_plan = Plan();
    m_discard->clear();
    m_consent->hide();
    m_clients->setClients({}, m_wizard->options().source, m_wizard->options().target);
    m_clients->hide();
    m_status->setText(tr("Reading %1 and %2…").arg(m_wizard->options().source, m_wizard->options().target));
    m_again->setEnabled(false);
    m_wizard->options().discardTargetData = false;
    m_wizard->probe();
    Q_EMIT completeChanged();
}

qint64 MigratePreflightPage::targetKeys() const
{
    qint64 keys = 0;
    for (const auto &db : m_wizard->facts().target.dbKeys)
        keys += db.second;
    return keys;
}

void MigratePreflightPage::onProbed()
{
    m_again->setEnabled(true);
    const MigrateOptions &o = m_wizard->options();
    m_clients->setClients(m_wizard->facts().source.clients, o.source, o.target);
    m_clients->show();
    const qint64 keys = targetKeys();
    m_consentLabel->setText(tr("%1 holds %n key(s) that REPLICAOF discards. Type its address to agree:", nullptr,
                               int(qMin<qint64>(keys, INT_MAX)))
                                .arg(o.target));
    m_consent->setVisible(keys > 0);
    judge();
}

void MigratePreflightPage::judge()
{
    if (!m_wizard->hasFacts())
        return;
    m_wizard->options().discardTargetData = targetKeys() > 0 && m_discard->text().trimmed() == m_wizard->options().target;
    m_plan = m_wizard->plan();
    m_checks->setPreconditions(m_plan.preconditions);
    const int failed = m_checks->failed();
    m_status->setText(failed == 0 ? tr("All %n check(s) passed.", nullptr, int(m_plan.preconditions.size()))
                                  : tr("%n check(s) failed: fix them and Check Again, or go Back.", nullptr, failed));
    Q_EMIT completeChanged();
}

bool MigratePreflightPage::isComplete() const
{
    return m_wizard->hasFacts() && !m_wizard->isProbing() && !m_plan.preconditions.isEmpty() && m_plan.canRun();
}
