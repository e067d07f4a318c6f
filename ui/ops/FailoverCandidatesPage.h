#pragma once

#include <QWizardPage>

class FailoverWizard;
class QLabel;
class QTableWidget;

// Failover page 2: the replicas ranked by FailoverPlanner::rank, with why each is or is not
// eligible and the writes its promotion would lose. The best one is preselected; ineligible
// rows cannot be picked.
class FailoverCandidatesPage : public QWizardPage
{
    Q_OBJECT
public:
    enum Column { AddressColumn, EligibleColumn, OffsetColumn, LossColumn, PriorityColumn, ReasonColumn };

    explicit FailoverCandidatesPage(FailoverWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    QString selectedCandidate() const;

private:
    void fill();

    FailoverWizard *m_wizard;
    QTableWidget *m_table;
    QLabel *m_note;
};
