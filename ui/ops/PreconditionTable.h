#pragma once

#include "ops/Plan.h"

#include <QTableWidget>

#include <functional>

// A plan's preconditions as a two-column table: what is checked, with ✓/✗ and the failed ones
// in red, and the value observed. Whole sentences: the rows grow to their wrapped text.
class PreconditionTable : public QTableWidget
{
    Q_OBJECT
public:
    explicit PreconditionTable(QWidget *parent = nullptr);

    // `observed` may replace what a row's Observed column says (empty function: p.detail).
    void setPreconditions(const QList<Precondition> &preconditions,
                          const std::function<QString(const Precondition &)> &observed = {});
    // How many of the last preconditions shown failed.
    int failed() const { return m_failed; }

private:
    int m_failed = 0;
};
