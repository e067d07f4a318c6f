#pragma once

#include <QWizardPage>

class QLabel;
class SetupWizard;

// Set-up page 7: the outcome (OperationSummary, with the link to the run in the audit log),
// what changed on each node, and where the group password went.
class SetupResultPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupResultPage(SetupWizard *wizard);

    void initializePage() override;

private:
    QString changesHtml() const;

    SetupWizard *m_wizard;
    QLabel *m_result;
    QLabel *m_changes;
    QLabel *m_password;
};
