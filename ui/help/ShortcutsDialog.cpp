#include "ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QString plainText(QString text)
{
    text.remove(QLatin1Char('&'));
    text.remove(QStringLiteral("…"));
    return text.trimmed();
}

void addMenu(QTreeWidgetItem *parent, QMenu *menu)
{
    auto *group = new QTreeWidgetItem(parent, {plainText(menu->title()), QString()});
    for (QAction *action : menu->actions()) {
        if (action->menu()) {
            addMenu(group, action->menu());
            continue;
        }
        QStringList keys;
        for (const QKeySequence &key : action->shortcuts()) {
            const QString text = key.toString(QKeySequence::NativeText);
            if (!text.isEmpty() && !keys.contains(text))  // a standard key may repeat an explicit one
                keys.append(text);
        }
        if (action->isSeparator() || keys.isEmpty())
            continue;
        new QTreeWidgetItem(group, {plainText(action->text()), keys.join(QStringLiteral(", "))});
    }
    if (group->childCount() == 0)
        delete group;
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QList<QPair<QString, QMenuBar *>> &windows, QWidget *parent)
    : QDialog(parent)
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_tree->setObjectName(QStringLiteral("shortcutsTree"));
    m_tree->setHeaderLabels({tr("Command"), tr("Shortcut")});
    m_tree->setRootIsDecorated(true);
    m_tree->setAlternatingRowColors(true);
    for (const auto &[title, bar] : windows) {
        auto *top = new QTreeWidgetItem(m_tree, {title, QString()});
        for (QAction *action : bar->actions()) {
            if (action->menu())
                addMenu(top, action->menu());
        }
    }
    m_tree->expandAll();
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(520, 560);
}

QStringList ShortcutsDialog::rows() const
{
    QStringList out;
    std::function<void(QTreeWidgetItem *, const QString &)> walk = [&](QTreeWidgetItem *item, const QString &path) {
        const QString here = path.isEmpty() ? item->text(0) : path + QStringLiteral(" › ") + item->text(0);
        if (item->childCount() == 0)
            out.append(here + QLatin1Char('\t') + item->text(1));
        for (int i = 0; i < item->childCount(); ++i)
            walk(item->child(i), here);
    };
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        walk(m_tree->topLevelItem(i), QString());
    return out;
}
