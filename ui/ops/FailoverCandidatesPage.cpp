#include "FailoverCandidatesPage.h"

#include "FailoverWizard.h"
#include "HumanFormat.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

FailoverCandidatesPage::FailoverCandidatesPage(FailoverWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Choose the new master"));
    setSubTitle(tr("Ranked by applied offset (least data lost), then replica-priority."));
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("failoverCandidatesTable"));
    m_table->setColumnCount(6);
    m_table->setHorizontalHeaderLabels({tr("Replica"), tr("Eligible"), tr("Applied offset"), tr("Est. loss"),
                                        tr("Priority"), tr("Why")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("failoverCandidatesNote"));
    m_note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &QWizardPage::completeChanged);
}

void FailoverCandidatesPage::initializePage()
{
    fill();
}

void FailoverCandidatesPage::fill()
{
    const QList<FailoverCandidate> ranked = m_wizard->candidates();
    m_table->clearContents();
    m_table->setRowCount(int(ranked.size()));
    int preselect = -1;
    for (int row = 0; row < ranked.size(); ++row) {
        const FailoverCandidate &c = ranked.at(row);
        const QStringList cells = {
            c.address,
            c.eligible ? tr("yes") : tr("no"),
            c.appliedOffset >= 0 ? QLocale().toString(c.appliedOffset) : tr("unknown"),
            c.estimatedLossBytes < 0 ? tr("unknown")
            : c.estimatedLossBytes == 0 ? tr("none seen")
                                        : tr("%1 bytes (%2)").arg(c.estimatedLossBytes).arg(HumanFormat::bytes(c.estimatedLossBytes)),
            c.priority == 0 ? tr("0 (never)") : QString::number(c.priority),
            c.reason,
        };
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setData(Qt::UserRole, c.address);
            item->setToolTip(c.reason);
            // Ineligible rows stay readable (their reason matters) but cannot be chosen.
            item->setFlags(c.eligible ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags);
            m_table->setItem(row, column, item);
        }
        if (c.eligible && (preselect < 0 || c.address == m_wizard->candidate()))
            preselect = row;
    }
    if (preselect >= 0)
        m_table->selectRow(preselect);
    m_note->setText(ranked.isEmpty() ? tr("This group has no replicas to promote.")
                    : preselect < 0  ? tr("No replica can be promoted safely; the reasons are in the table.")
                                     : tr("The best candidate is selected. Picking another one may lose more data."));
    Q_EMIT completeChanged();
}

QString FailoverCandidatesPage::selectedCandidate() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    return items.isEmpty() ? QString() : items.first()->data(Qt::UserRole).toString();
}

bool FailoverCandidatesPage::isComplete() const
{
    return !selectedCandidate().isEmpty();
}

bool FailoverCandidatesPage::validatePage()
{
    m_wizard->setCandidate(selectedCandidate());
    return isComplete();
}
