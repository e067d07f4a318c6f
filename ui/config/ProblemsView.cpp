#include "ProblemsView.h"

#include "ProblemsModel.h"

#include <QAction>
#include <QHeaderView>

ProblemsView::ProblemsView(ProblemsModel *model, QWidget *parent)
    : QTreeView(parent)
    , m_model(model)
    , m_quickFix(new QAction(tr("Apply &Quick Fix"), this))
{
    setObjectName(QStringLiteral("problemsList"));
    setModel(model);
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(ProblemsModel::SeverityColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(ProblemsModel::LineColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(ProblemsModel::MessageColumn, QHeaderView::Stretch);
    header()->setSectionResizeMode(ProblemsModel::CodeColumn, QHeaderView::ResizeToContents);

    m_quickFix->setObjectName(QStringLiteral("quickFixAction"));
    m_quickFix->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_quickFix->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_quickFix->setEnabled(false);
    addAction(m_quickFix);
    setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_quickFix, &QAction::triggered, this, &ProblemsView::applyQuickFix);
    connect(this, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT problemActivated(index.data(ProblemsModel::LineRole).toInt(),
                                index.data(ProblemsModel::ColumnRole).toInt());
    });
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this, &ProblemsView::updateQuickFix);
    connect(model, &QAbstractItemModel::modelReset, this, &ProblemsView::updateQuickFix);
}

void ProblemsView::applyQuickFix()
{
    const QModelIndex index = currentIndex();
    if (!index.isValid() || !ProblemsModel::isRenameFix(m_model->diagnostic(index.row()))
        || !renameBlocker(m_model->diagnostic(index.row())).isEmpty())
        return;
    // Copies: the rename re-validates, which may reset the model under a reference.
    const ConfigDiagnostic d = m_model->diagnostic(index.row());
    Q_EMIT renameRequested(d.line, d.fix);
}

QString ProblemsView::renameBlocker(const ConfigDiagnostic &diagnostic) const
{
    return m_renameCheck ? m_renameCheck(diagnostic.line, diagnostic.fix) : QString();
}

void ProblemsView::updateQuickFix()
{
    const QModelIndex index = currentIndex();
    const bool rename = index.isValid() && ProblemsModel::isRenameFix(m_model->diagnostic(index.row()));
    const QString blocker = rename ? renameBlocker(m_model->diagnostic(index.row())) : QString();
    m_quickFix->setEnabled(rename && blocker.isEmpty());
    if (!rename)
        m_quickFix->setText(tr("Apply &Quick Fix"));
    else if (blocker.isEmpty())
        m_quickFix->setText(tr("Rename to '%1'").arg(m_model->diagnostic(index.row()).fix));
    else
        m_quickFix->setText(tr("No quick fix: renaming to '%1' adds a problem").arg(m_model->diagnostic(index.row()).fix));
    m_quickFix->setToolTip(blocker.isEmpty() ? m_quickFix->text() : tr("Renaming would add: %1").arg(blocker));
}
