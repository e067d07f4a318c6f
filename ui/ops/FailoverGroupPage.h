#pragma once

#include <QWizardPage>

class FailoverWizard;
class QLabel;

// Failover page 1: the group and why a failover is needed (its master unreachable since …).
// Complete only while the master is really down: a live master wants a switchover.
class FailoverGroupPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit FailoverGroupPage(FailoverWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

private:
    void refresh();

    FailoverWizard *m_wizard;
    QLabel *m_reason;
    bool m_down = false;
};
