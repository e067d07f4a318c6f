#pragma once

#include "CommandSafety.h"
#include "ConsoleHistory.h"
#include "ReplyFormatter.h"

#include "net/ConnectionProfile.h"
#include "net/RespClient.h"
#include "net/Transport.h"

#include <QByteArrayList>
#include <QObject>
#include <QPointer>
#include <QString>

class SshSessionPool;

// The engine behind one node's console: its own connection (separate from the monitor's, so
// a slow command never delays polling), redis-cli line splitting, the safety verdict, the
// history, and one command at a time like redis-cli. Confirming a dangerous command is the
// caller's business: prepare() says so, execute() sends what it is given.
class ConsoleSession : public QObject
{
    Q_OBJECT
public:
    // One typed line, understood but not sent yet.
    struct Request
    {
        QString line;          // as typed
        QString displayLine;   // secrets redacted: what is echoed and stored in the history
        QByteArrayList args;
        QString error;         // why the line cannot be split (unbalanced quotes...)
        CommandSafety::Assessment safety;

        bool isEmpty() const { return args.isEmpty() && error.isEmpty(); }
        bool isRefused() const { return safety.verdict == CommandSafety::Verdict::Refused; }
        bool needsConfirmation() const { return safety.verdict == CommandSafety::Verdict::Confirm; }
        bool canSend() const { return error.isEmpty() && !args.isEmpty() && !isRefused(); }
    };

    // `ssh` may be null when the profile does not go through SSH.
    explicit ConsoleSession(const ConnectionProfile &profile, SshSessionPool *ssh = nullptr,
                            QObject *parent = nullptr);
    ~ConsoleSession() override;

    void setTransportFactory(TransportFactory factory);  // tests; applies to the next connection

    const ConnectionProfile &profile() const { return m_profile; }
    QString address() const { return m_profile.address(); }
    // redis-cli's prompt: "127.0.0.1:6379> ", "127.0.0.1:6379[2]> " after SELECT 2.
    QString prompt() const;
    bool isBusy() const { return m_busy; }
    RespClient::State connectionState() const;
    ConsoleHistory &history() { return m_history; }
    const ConsoleHistory &history() const { return m_history; }

    // Splits and classifies; no side effects (the history is the caller's call, so that
    // refused and cancelled lines can be recalled and fixed too).
    Request prepare(const QString &line) const;
    // Sends `request` (reconnecting first if needed). False, and nothing sent, when a command
    // is already running or the request cannot be sent. finished() follows, always.
    bool execute(const Request &request);
    // Gives up on the running command: the connection is dropped (its reply could otherwise
    // be taken for the next command's) and re-established for the next one.
    void cancel();
    // Connects ahead of the first command, so the first reply is quick; optional.
    void connectToServer();

    // redis-cli-like text for a result: the reply in `mode`, or why there is none.
    static QString displayText(const RespResult &result,
                               ReplyFormatter::Mode mode = ReplyFormatter::Mode::Formatted);
    static bool isErrorResult(const RespResult &result)
    {
        return result.value.isError() || !result.ok();
    }

Q_SIGNALS:
    void busyChanged(bool busy);
    void finished(const QString &displayLine, const RespResult &result);
    void promptChanged(const QString &prompt);
    void connectionStateChanged(RespClient::State state);
    // Something worth a line in the console that is not a reply ("connection lost: ...").
    void notice(const QString &text);

private:
    void ensureConnected();
    void finish(const Request &request, const RespResult &result);
    void setBusy(bool busy);

    ConnectionProfile m_profile;
    QPointer<SshSessionPool> m_ssh;
    TransportFactory m_factory;
    RespClient *m_client = nullptr;
    ConsoleHistory m_history;
    Request m_running;
    quint64 m_serial = 0;  // identifies the running command; a cancelled one's reply is ignored
    bool m_busy = false;
};
