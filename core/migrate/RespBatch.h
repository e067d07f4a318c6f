#pragma once

#include <QByteArrayList>
#include <QList>
#include <QString>

#include <functional>

class QObject;
class RespClient;
class RespValue;

// Commands sent pipelined on one RespClient whose replies are wanted all together.
class RespBatch
{
public:
    RespBatch() = delete;

    using Replies = std::function<void(const QList<RespValue> &replies)>;
    using Failed = std::function<void(const QString &error)>;

    // `done` gets every reply in order, server error replies included; a connection-level
    // failure calls `failed` once instead. Nothing runs once `context` is gone.
    static void send(RespClient *client, QObject *context, const QList<QByteArrayList> &commands, int timeoutMs,
                     Replies done, Failed failed);
    // `prefix` (e.g. SELECT), MULTI, the commands, EXEC: `done` gets EXEC's elements. Any
    // error reply (a command refused when queued, EXECABORT) fails the whole batch.
    static void transaction(RespClient *client, QObject *context, const QList<QByteArrayList> &prefix,
                            const QList<QByteArrayList> &commands, int timeoutMs, Replies done, Failed failed);
};
