#include "ClientProbe.h"

#include <QDebug>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

NetError ClientProbe::connect(RespClient *client, int timeoutMs)
{
    QSignalSpy failed(client, &RespClient::connectFailed);
    QSignalSpy ready(client, &RespClient::ready);
    client->connectToServer();
    if (!QTest::qWaitFor([&] { return !failed.isEmpty() || !ready.isEmpty(); }, timeoutMs))
        return NetError::make(NetError::Kind::Other,
                              QStringLiteral("test: neither ready() nor connectFailed() within %1 ms").arg(timeoutMs));
    return failed.isEmpty() ? NetError() : failed.first().first().value<NetError>();
}

bool ClientProbe::connectReady(RespClient *client, int timeoutMs)
{
    const NetError error = connect(client, timeoutMs);
    if (error.isError())
        qWarning().noquote() << "connect failed:" << NetError::kindName(error.kind) << error.message;
    return !error.isError() && client->isReady();
}

RespResult ClientProbe::call(RespClient *client, const QByteArrayList &args, int timeoutMs)
{
    auto out = std::make_shared<std::optional<RespResult>>();
    QObject context;
    client->send(args, &context, [out](const RespResult &r) { *out = r; });
    if (!QTest::qWaitFor([&] { return out->has_value(); }, timeoutMs)) {
        RespResult r;
        r.error = NetError::make(NetError::Kind::Other, QStringLiteral("test: no result within %1 ms").arg(timeoutMs));
        return r;
    }
    return **out;
}
