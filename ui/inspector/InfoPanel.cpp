#include "InfoPanel.h"

#include "InfoTreeModel.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

InfoPanel::InfoPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new InfoTreeModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_expanded({QStringLiteral("replication")})
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterRole(InfoTreeModel::FilterRole);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true);  // "replication" shows the whole section

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("inspectorInfoFilter"));
    m_filter->setPlaceholderText(tr("Filter keys and values"));
    m_filter->setClearButtonEnabled(true);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("inspectorInfoTree"));
    m_view->setModel(m_proxy);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->resizeSection(InfoTreeModel::KeyColumn,
                                    fontMetrics().horizontalAdvance(QLatin1Char('m')) * 20);

    auto *copy = new QAction(tr("Copy"), m_view);
    connect(copy, &QAction::triggered, this, &InfoPanel::copySelection);
    m_view->addAction(copy);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    // Item views copy only the current cell on Ctrl+C; "key:value" lines are more useful.
    m_view->installEventFilter(this);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        if (text.trimmed().isEmpty())
            restoreExpanded();
        else
            m_view->expandAll();
    });
    connect(m_view, &QTreeView::expanded, this, [this](const QModelIndex &index) {
        if (m_filter->text().trimmed().isEmpty() && !index.parent().isValid())
            m_expanded.insert(m_model->sectionName(m_proxy->mapToSource(index).row()));
    });
    connect(m_view, &QTreeView::collapsed, this, [this](const QModelIndex &index) {
        if (m_filter->text().trimmed().isEmpty() && !index.parent().isValid())
            m_expanded.remove(m_model->sectionName(m_proxy->mapToSource(index).row()));
    });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        if (m_filter->text().trimmed().isEmpty())
            restoreExpanded();
        else
            m_view->expandAll();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    m_stale = new QLabel(this);
    m_stale->setObjectName(QStringLiteral("inspectorInfoStale"));
    m_stale->setWordWrap(true);
    m_stale->hide();
    layout->addWidget(m_stale);
    layout->addWidget(m_view, 1);
}

bool InfoPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        copySelection();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void InfoPanel::setSnapshot(const NodeSnapshot *snapshot)
{
    if (snapshot)
        m_model->setSections(snapshot->sections);
    else
        m_model->clear();
}

void InfoPanel::setStaleness(const QString &staleness)
{
    m_stale->setText(staleness.isEmpty() ? QString() : tr("The node does not answer: these fields are %1.").arg(staleness));
    m_stale->setVisible(!staleness.isEmpty());
    QPalette p = m_view->palette();
    p.setBrush(QPalette::Text, palette().brush(staleness.isEmpty() ? QPalette::Active : QPalette::Disabled, QPalette::Text));
    if (p != m_view->palette())
        m_view->setPalette(p);
}

void InfoPanel::restoreExpanded()
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        const QString name = m_model->sectionName(m_proxy->mapToSource(index).row());
        m_view->setExpanded(index, m_expanded.contains(name));
    }
}

void InfoPanel::copySelection() const
{
    QStringList lines;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(InfoTreeModel::KeyColumn);
    for (const QModelIndex &index : rows) {
        const QString key = index.data().toString();
        const QString value = index.siblingAtColumn(InfoTreeModel::ValueColumn).data().toString();
        lines << (index.parent().isValid() ? QString(key + QLatin1Char(':') + value)
                                           : QString(QStringLiteral("# ") + key));
    }
    QGuiApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}
