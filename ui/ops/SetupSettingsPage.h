#pragma once

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class SetupWizard;

// Set-up page 4: the settings the tutorials set by hand, each with why: tcp-keepalive,
// the master's persistence, the backlog sized from the measured write rate × a tolerated
// outage, and the optional min-replicas-to-write / min-replicas-max-lag.
class SetupSettingsPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupSettingsPage(SetupWizard *wizard);

    void initializePage() override;
    bool validatePage() override;

private:
    void explain();

    SetupWizard *m_wizard;
    QSpinBox *m_keepalive;
    QLabel *m_keepaliveWhy;
    QComboBox *m_persistence;
    QLabel *m_persistenceWhy;
    QSpinBox *m_outage;
    QLabel *m_outageWhy;
    QCheckBox *m_minReplicas;
    QSpinBox *m_minCount;
    QSpinBox *m_minLag;
    QLabel *m_minWhy;
};
