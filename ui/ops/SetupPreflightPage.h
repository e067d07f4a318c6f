#pragma once

#include "ops/Plan.h"

#include <QHash>
#include <QWizardPage>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;
class PreconditionTable;
class SetupHealthPanel;
class SetupWizard;

// Set-up page 2: reads every node (SetupProbe, nothing changes) and lists each precondition
// with the value observed. A would-be replica that holds keys needs the user to type its
// address (REPLICAOF discards them); one already following another master needs "re-point".
// Complete when every precondition holds. Below, the Doctor's findings on the chosen nodes
// (SetupHealthPanel): shown, critical ones prominently, but they never block.
class SetupPreflightPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupPreflightPage(SetupWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    SetupHealthPanel *health() const { return m_health; }

private:
    void onProbed();
    void judge();
    void rebuildConsents();
    QStringList chosenNodes() const;

    SetupWizard *m_wizard;
    QLabel *m_status;
    PreconditionTable *m_checks;
    QVBoxLayout *m_consentBox;
    QWidget *m_consents;
    QHash<QString, QLineEdit *> m_discard;   // replica address -> typed confirmation
    QCheckBox *m_repoint;
    QPushButton *m_again;
    SetupHealthPanel *m_health;
    Plan m_plan;
};
