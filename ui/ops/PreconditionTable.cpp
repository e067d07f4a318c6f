#include "PreconditionTable.h"

#include <QHeaderView>
#include <QIcon>

PreconditionTable::PreconditionTable(QWidget *parent)
    : QTableWidget(0, 2, parent)
{
    setHorizontalHeaderLabels({tr("Check"), tr("Observed")});
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setWordWrap(true);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    // Whole sentences: rows grow to their wrapped text whenever the columns change width.
    connect(horizontalHeader(), &QHeaderView::sectionResized, this, &QTableWidget::resizeRowsToContents);
}

void PreconditionTable::setPreconditions(const QList<Precondition> &preconditions,
                                         const std::function<QString(const Precondition &)> &observed)
{
    setRowCount(int(preconditions.size()));
    m_failed = 0;
    for (int row = 0; row < preconditions.size(); ++row) {
        const Precondition &p = preconditions.at(row);
        auto *check = new QTableWidgetItem(QIcon(p.ok ? QStringLiteral(":/icons/status-up.svg")
                                                      : QStringLiteral(":/icons/status-error.svg")),
                                           p.text);
        if (!p.ok)
            check->setForeground(QColor(0xd9, 0x3b, 0x3b));
        setItem(row, 0, check);
        setItem(row, 1, new QTableWidgetItem(observed ? observed(p) : p.detail));
        m_failed += p.ok ? 0 : 1;
    }
    resizeRowsToContents();
}
