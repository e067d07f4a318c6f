#include "MigrateResultPage.h"

#include "MigrateClientsView.h"
#include "MigrateWizard.h"
#include "OperationSummary.h"

#include "migrate/OldServerWatch.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

MigrateResultPage::MigrateResultPage(MigrateWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Result"));
    setFinalPage(true);
    m_result = OperationSummary::resultLabel(QStringLiteral("migrateResultLabel"), this, [wizard](const QString &id) {
        Q_EMIT wizard->auditLogRequested(id);
    });
    m_clients = new MigrateClientsView(QStringLiteral("migrateResult"), this);
    m_attempts = new QLabel(this);
    m_attempts->setObjectName(QStringLiteral("oldServerAttempts"));
    m_attempts->setWordWrap(true);
    m_undo = new QPushButton(tr("Undo Migration"), this);
    m_undo->setObjectName(QStringLiteral("undoMigration"));
    m_undo->setToolTip(tr("Make the old server the master again with a coordinated switchover (review first)"));
    auto *undoRow = new QHBoxLayout;
    undoRow->addWidget(m_attempts, 1);
    undoRow->addWidget(m_undo, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_result);
    layout->addLayout(undoRow);
    layout->addWidget(m_clients, 1);  // the clients' own stretch keeps the rest at the top
    connect(m_undo, &QPushButton::clicked, this, [this] { Q_EMIT m_wizard->undoRequested(m_wizard->options().source); });
}

MigrateResultPage::~MigrateResultPage() = default;

void MigrateResultPage::initializePage()
{
    const ExecutionReport &report = m_wizard->report();
    const MigrateOptions &o = m_wizard->options();
    setTitle(tr("Migration: %1").arg(OperationSummary::outcomeText(report.outcome)));
    m_result->setText(OperationSummary::html(report));
    m_result->show();
    m_clients->setClients(m_wizard->facts().source.clients, o.source, o.target);
    const bool migrated = report.ok();
    m_clients->setVisible(migrated);
    m_undo->setVisible(migrated);
    m_attempts->setVisible(migrated);
    if (migrated)
        watchOldServer();
}

void MigrateResultPage::watchOldServer()
{
    // Clients still on the old address get READONLY there: count them until they stop.
    const QString source = m_wizard->options().source;
    m_attempts->setText(tr("Watching %1 for writes that still reach it…").arg(source));
    delete m_watch;
    m_watch = new OldServerWatch(m_wizard->profileFor(source), m_wizard->environment().ssh, this);
    connect(m_watch, &OldServerWatch::attempts, this, [this, source](qint64 total, qint64 lastSecond) {
        m_attempts->setStyleSheet(total > 0 ? QStringLiteral("color:#d98a1c") : QString());
        m_attempts->setText(total == 0 ? tr("No write has reached the old server %1 since the cutover.").arg(source)
                                       : tr("%n write attempt(s) still reach the old server %1", nullptr,
                                            int(qMin<qint64>(total, INT_MAX)))
                                                 .arg(source)
                                             + tr(" (%n in the last second): repoint those clients to %1.", nullptr,
                                                  int(qMin<qint64>(lastSecond, INT_MAX)))
                                                   .arg(m_wizard->options().target));
    });
    connect(m_watch, &OldServerWatch::quiet, this, [this, source] {
        m_attempts->setStyleSheet(QString());
        m_attempts->setText(tr("No write reached the old server %1 in the last %n s.", nullptr, kQuietSeconds).arg(source));
    });
    connect(m_watch, &OldServerWatch::unreachable, this, [this, source](const QString &reason) {
        m_attempts->setText(tr("The old server %1 cannot be read: %2").arg(source, reason));
    });
    m_watch->start(kQuietSeconds);
}
