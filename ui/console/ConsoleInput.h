#pragma once

#include <QLineEdit>

class QCompleter;

// The console's command line: Up/Down walk the history (the owner answers with the text to
// show), Tab completes the command name from a list, Escape asks to cancel the running
// command. Completion only ever concerns the first word.
class ConsoleInput : public QLineEdit
{
    Q_OBJECT
public:
    explicit ConsoleInput(QWidget *parent = nullptr);

    void setCommandNames(const QStringList &names);
    QCompleter *completer() const { return m_completer; }

Q_SIGNALS:
    void historyPrevious();
    void historyNext();
    void cancelRequested();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateCompletion();
    void completeNow();
    void insertCompletion(const QString &name);

    QCompleter *m_completer;
};
