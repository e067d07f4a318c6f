#pragma once

#include <QAbstractItemView>

class QTableView;

// The look every row list in Tandem shares (nodes, events, replicas): whole-row selection,
// no grid, alternating rows, fixed row heights (cheap scrolling, no jitter on polls), no row
// numbers, left-aligned headers.
class RowTableStyle
{
public:
    static void apply(QTableView *table, QAbstractItemView::SelectionMode mode);
};
