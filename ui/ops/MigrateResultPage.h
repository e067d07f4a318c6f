#pragma once

#include <QPointer>
#include <QWizardPage>

class MigrateClientsView;
class MigrateWizard;
class OldServerWatch;
class QLabel;
class QPushButton;

// Migration page 5: the outcome (OperationSummary: each node's role, the measured write
// pause, the link to the audit log), the clients that must now be pointed at the target, a
// live count of the writes still reaching the old server (OldServerWatch: they are refused
// with READONLY there) until it has been quiet a while, and Undo Migration.
class MigrateResultPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MigrateResultPage(MigrateWizard *wizard);
    ~MigrateResultPage() override;

    void initializePage() override;

    static constexpr int kQuietSeconds = 30;

private:
    void watchOldServer();

    MigrateWizard *m_wizard;
    QLabel *m_result;
    MigrateClientsView *m_clients;
    QLabel *m_attempts;
    QPushButton *m_undo;
    QPointer<OldServerWatch> m_watch;
};
