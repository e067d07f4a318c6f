#pragma once

#include "ops/Plan.h"

#include <QHash>
#include <QWizardPage>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QVBoxLayout;
class SetupWizard;

// Set-up page 2: reads every node (SetupProbe, nothing changes) and lists each precondition
// with the value observed. A would-be replica that holds keys needs the user to type its
// address (REPLICAOF discards them); one already following another master needs "re-point".
// Complete when every precondition holds.
class SetupPreflightPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupPreflightPage(SetupWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

private:
    void onProbed();
    void judge();
    void rebuildConsents();

    SetupWizard *m_wizard;
    QLabel *m_status;
    QTableWidget *m_checks;
    QVBoxLayout *m_consentBox;
    QWidget *m_consents;
    QHash<QString, QLineEdit *> m_discard;   // replica address -> typed confirmation
    QCheckBox *m_repoint;
    QPushButton *m_again;
    Plan m_plan;
};
