#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantHash>

#include <functional>

class NodeClients;
class SshSessionPool;

// What a running step sees: the operation's connections, values shared between steps, and
// how to report its end. Callbacks a step registers should use guard() as their context so
// that nothing fires after the step ended (e.g. a reply arriving after a timeout).
class StepContext
{
public:
    struct Hooks
    {
        std::function<void(bool ok, const QString &message, const QJsonObject &details)> done;
        std::function<bool()> cancelled;
        std::function<void(const QString &text)> progress;
    };

    StepContext(NodeClients *clients, QVariantHash *shared, QJsonObject *metrics, Hooks hooks);
    ~StepContext();
    StepContext(const StepContext &) = delete;
    StepContext &operator=(const StepContext &) = delete;

    NodeClients &clients() { return *m_clients; }
    // The operation's SSH pool (files, remote commands); null when it has none.
    SshSessionPool *ssh() const;
    // Values steps pass along (e.g. "master_offset" read after the pause).
    QVariantHash &shared() { return *m_shared; }
    // Numbers for the result summary and --json (e.g. "write_pause_ms").
    QJsonObject &metrics() { return *m_metrics; }

    void succeed(const QString &message = {}, const QJsonObject &details = {});
    void fail(const QString &message, const QJsonObject &details = {});
    bool isFinished() const { return m_finished; }
    // The user asked to cancel; a long wait should give up (and fail) when it sees this.
    bool isCancelled() const { return m_hooks.cancelled && m_hooks.cancelled(); }
    // A line for the progress display ("replica at 1200 of 1234").
    void progress(const QString &text);

    // Lives exactly as long as the step runs: the context object for replies and timers.
    QObject *guard() { return m_guard; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

private:
    void finish(bool ok, const QString &message, const QJsonObject &details);

    NodeClients *m_clients;
    QVariantHash *m_shared;
    QJsonObject *m_metrics;
    Hooks m_hooks;
    QObject *m_guard;
    QElapsedTimer m_clock;
    bool m_finished = false;
};
