#include "NodeTableView.h"

#include "NodeTableModel.h"
#include "widgets/RowTableStyle.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QStyle>

NodeTableView::NodeTableView(NodeTableModel *model, QWidget *parent)
    : QTableView(parent)
{
    setObjectName(QStringLiteral("nodeTable"));
    setModel(model);
    RowTableStyle::apply(this, QAbstractItemView::SingleSelection);  // one selected node, everywhere
    setTabKeyNavigation(false);  // Tab leaves the table, arrows move inside it
    setContextMenuPolicy(Qt::CustomContextMenu);

    // Widths from the font, so they hold at any DPI and never cut a header; the Master column
    // takes what is left. Fixed rather than fitted to the content: polls would make them jitter.
    QHeaderView *header = horizontalHeader();
    const QFontMetrics text = fontMetrics();
    const QFontMetrics headerText = header->fontMetrics();
    const int ch = text.horizontalAdvance(QLatin1Char('0'));
    header->setMinimumSectionSize(4 * ch);
    const int padding = 2 * header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header) + 12;
    const QList<QPair<int, int>> widths = {
        {NodeTableModel::NodeColumn, 13},  {NodeTableModel::RoleColumn, 10},
        {NodeTableModel::VersionColumn, 6}, {NodeTableModel::UptimeColumn, 6},
        {NodeTableModel::MemoryColumn, 8}, {NodeTableModel::OpsColumn, 5},
        {NodeTableModel::MasterColumn, 24}, {NodeTableModel::LagColumn, 7},
        {NodeTableModel::AnomaliesColumn, 3},
    };
    for (const auto &[column, chars] : widths) {
        const QString title = model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, qMax(chars * ch, headerText.horizontalAdvance(title)) + padding);
    }
    // Room for the icon and the states a user meets most (a node that stopped answering
    // included); rarer, longer ones elide and the tooltip has all.
    const int iconRoom = style()->pixelMetric(QStyle::PM_SmallIconSize) + 4;
    int state = 0;
    for (const QString &label : {tr("Loading"), tr("Unreachable"), tr("Fenced")})
        state = qMax(state, text.horizontalAdvance(label));
    header->resizeSection(NodeTableModel::StatusColumn, state + iconRoom + padding);
    // The Master column stretches; it wants room for "host:port (link down)".
    m_masterColumnWidth = text.horizontalAdvance(tr("%1 (link down)").arg(QStringLiteral("127.0.0.1:00000"))) + padding;
    header->setSectionResizeMode(NodeTableModel::MasterColumn, QHeaderView::Stretch);
}

int NodeTableView::preferredWidth() const
{
    const QHeaderView *header = horizontalHeader();
    int width = 2 * frameWidth() + verticalScrollBar()->sizeHint().width() + 8;
    for (int column = 0; column < header->count(); ++column)
        width += column == NodeTableModel::MasterColumn ? m_masterColumnWidth : header->sectionSize(column);
    return width;
}
