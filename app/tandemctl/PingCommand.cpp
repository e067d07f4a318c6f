#include "PingCommand.h"

#include "net/RespClient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

QString PingCommand::description() const
{
    return QStringLiteral("Connects to NODE and sends PING.");
}

void PingCommand::onReady()
{
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    client()->send({QByteArrayLiteral("PING")}, this, [this, timer](const RespResult &r) {
        const double ms = double(timer->nsecsElapsed()) / 1e6;
        if (!r.ok()) {
            failWith(r.error);
            return;
        }
        if (json()) {
            const QJsonObject o{{QStringLiteral("node"), profile().displayName()},
                                {QStringLiteral("reply"), r.value.text()},
                                {QStringLiteral("latency_ms"), ms}};
            out() << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
        } else {
            out() << r.value.text() << "  (" << QString::number(ms, 'f', 2) << " ms)\n";
        }
        finish(ExitOk);
    });
}
