#include "RespBatch.h"

#include "net/RespClient.h"

#include <QObject>

#include <memory>

void RespBatch::send(RespClient *client, QObject *context, const QList<QByteArrayList> &commands, int timeoutMs,
                     Replies done, Failed failed)
{
    struct State
    {
        QList<RespValue> replies;
        bool failed = false;
    };
    auto state = std::make_shared<State>();
    state->replies.reserve(commands.size());
    const qsizetype expected = commands.size();
    for (const QByteArrayList &command : commands) {
        client->send(command, context, [state, expected, done, failed](const RespResult &r) {
            if (state->failed)
                return;
            if (!r.ok() && r.error.kind != NetError::Kind::ServerError) {
                state->failed = true;
                return failed(r.errorText());
            }
            state->replies.append(r.value);
            if (state->replies.size() == expected)
                done(state->replies);
        }, timeoutMs);
    }
}

void RespBatch::transaction(RespClient *client, QObject *context, const QList<QByteArrayList> &prefix,
                            const QList<QByteArrayList> &commands, int timeoutMs, Replies done, Failed failed)
{
    QList<QByteArrayList> all = prefix;
    all.reserve(prefix.size() + commands.size() + 2);
    all.append(QByteArrayList{"MULTI"});
    all.append(commands);
    all.append(QByteArrayList{"EXEC"});
    send(client, context, all, timeoutMs, [done, failed](const QList<RespValue> &replies) {
        for (const RespValue &v : replies) {
            if (v.isError())
                return failed(v.text());
        }
        if (!replies.last().isArray())
            return failed(QStringLiteral("EXEC returned no results"));
        done(replies.last().elements());
    }, failed);
}
