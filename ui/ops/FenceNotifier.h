#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class MasterFence;
class QMessageBox;
class QWidget;

// What the user sees of the window's MasterFence. Prompt mode: a fenced old master came back
// as a master, so a non-modal notice offers "Demote now" (MasterFence::demote). Automatic
// mode: the fence already demoted it; say so, with what it measured (how long the node was a
// writable master at most, how many writes it acknowledged that the resync discarded) and the
// audit entry. Failures and lifted fences are reported too.
class FenceNotifier : public QObject
{
    Q_OBJECT
public:
    FenceNotifier(MasterFence *fence, QWidget *window);

    // The open notice for `oldMaster`, if any (tests, and to avoid stacking two).
    QMessageBox *notice(const QString &oldMaster) const;

Q_SIGNALS:
    // One line for the status bar and the event log.
    // About `node` (the old master).
    void message(const QString &node, const QString &text, bool warning);

private:
    void ask(const QString &oldMaster, const QString &newMaster);

    MasterFence *m_fence;
    QWidget *m_window;
};
