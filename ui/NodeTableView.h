#pragma once

#include <QTableView>

class NodeTableModel;

// The node table: one selected node at a time, columns sized from the font so they hold at
// any DPI, never cut a header and do not jitter as polls change the numbers.
class NodeTableView : public QTableView
{
    Q_OBJECT
public:
    NodeTableView(NodeTableModel *model, QWidget *parent = nullptr);

    // The width at which every column is readable (for the default dock sizes).
    int preferredWidth() const;

private:
    int m_masterColumnWidth = 0;  // what the stretching Master column needs
};
