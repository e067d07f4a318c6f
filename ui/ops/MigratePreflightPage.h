#pragma once

#include "ops/Plan.h"

#include <QWizardPage>

class MigrateClientsView;
class MigrateWizard;
class PreconditionTable;
class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;

// Migration page 2: reads both servers (MigrateProbe, nothing changes), lists each of the
// plan's preconditions with the value observed and the clients connected to the source. A
// target holding keys needs the user to type its address (REPLICAOF discards them), which
// plans again with discardTargetData. Complete when every precondition holds.
class MigratePreflightPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MigratePreflightPage(MigrateWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

private:
    void onProbed();
    void judge();
    qint64 targetKeys() const;

    MigrateWizard *m_wizard;
    QLabel *m_status;
    QPushButton *m_again;
    PreconditionTable *m_checks;
    MigrateClientsView *m_clients;
    QWidget *m_consent;
    QLabel *m_consentLabel;
    QLineEdit *m_discard;
    Plan m_plan;
};
