#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QWidget;
class SetupWizard;

// Set-up page 3: how the group authenticates. One password for the group (typed twice, or
// generated: shown once here with Copy, kept in the keychain after a verified run, never in
// plain settings), a replication ACL user (with the same password), or keep the auth already
// in place. Existing passwords are never shown.
class SetupSecurityPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupSecurityPage(SetupWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void generate();
    void update();
    QString problem() const;

    SetupWizard *m_wizard;
    QRadioButton *m_password;
    QRadioButton *m_acl;
    QRadioButton *m_keep;
    QWidget *m_passwordBox;
    QLineEdit *m_first;
    QLineEdit *m_second;
    QPushButton *m_generate;
    QWidget *m_generatedBox;
    QLineEdit *m_generated;
    QPushButton *m_copy;
    QLabel *m_note;
    QLineEdit *m_aclUser;
    QLabel *m_problem;
};
