#pragma once

#include "console/ConsoleSession.h"

#include <QList>
#include <QWidget>

#include <functional>

class ConsoleInput;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QTimer;
class QToolButton;

// A redis-cli-like console for one node: output pane, prompt, command line with history and
// completion. Dangerous commands are confirmed first; commands that would take over the
// connection are refused with an explanation. Nothing here waits on the network.
class ConsoleWidget : public QWidget
{
    Q_OBJECT
public:
    // Answers "run `command` (its redacted line) on `node`?"; `reason` says what it does.
    // Tests install a synchronous one; the default asks with a message box (open(), not exec()).
    using ConfirmHook = std::function<bool(const QString &command, const QString &node, const QString &reason)>;

    // Takes ownership of `session`.
    explicit ConsoleWidget(ConsoleSession *session, QWidget *parent = nullptr);
    ConsoleWidget(const ConnectionProfile &profile, SshSessionPool *ssh, QWidget *parent = nullptr);

    ConsoleSession *session() const { return m_session; }
    QString address() const { return m_session->address(); }
    void setConfirmHook(ConfirmHook hook) { m_confirmHook = std::move(hook); }
    QString outputText() const;  // what the output pane shows, as plain text
    // Like redis-cli --raw; applies to the replies that follow, not to those already shown.
    bool isRawOutput() const;
    void setRawOutput(bool raw);

public Q_SLOTS:
    void clearOutput();
    // Runs `line` as if typed and entered.
    void submit(const QString &line);

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class Kind { Echo, Reply, Error, Notice };
    struct Entry
    {
        Kind kind;
        QString prompt;  // Echo only
        QString text;
    };

    void buildUi();
    void onReturnPressed();
    void confirmThenSend(const ConsoleSession::Request &request);
    void send(const ConsoleSession::Request &request);
    void onFinished(const QString &displayLine, const RespResult &result);
    void onBusyChanged(bool busy);
    void updateStatus();
    void append(Kind kind, const QString &text, const QString &prompt = QString());
    void render(const Entry &entry);
    void rerender();
    void applyFonts();

    ConsoleSession *m_session;
    ConfirmHook m_confirmHook;
    QPlainTextEdit *m_output = nullptr;
    QLabel *m_prompt = nullptr;
    ConsoleInput *m_input = nullptr;
    QProgressBar *m_busy = nullptr;
    QToolButton *m_cancel = nullptr;
    QToolButton *m_raw = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_busyDelay = nullptr;
    QList<Entry> m_entries;  // kept to re-colour the pane when the palette changes
    bool m_awaitingConfirmation = false;
};
