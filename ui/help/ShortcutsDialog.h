#pragma once

#include <QDialog>
#include <QList>
#include <QPair>

class QMenuBar;
class QTreeWidget;

// Help → Keyboard Shortcuts: every command that has a shortcut, read from the menus of the
// windows given (so the list cannot drift from what the keys really do), grouped by window
// and menu.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    // (window title, its menu bar) pairs, in the order to list them.
    ShortcutsDialog(const QList<QPair<QString, QMenuBar *>> &windows, QWidget *parent = nullptr);

    // Rows as "Window › Menu › Command\tShortcut", for tests and copying.
    QStringList rows() const;

private:
    QTreeWidget *m_tree;
};
