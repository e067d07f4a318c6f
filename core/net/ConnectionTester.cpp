#include "ConnectionTester.h"

#include "RespClient.h"
#include "info/InfoParser.h"

#include <QElapsedTimer>

#include <memory>

QString ConnectionTester::Result::summary() const
{
    if (!ok())
        return QObject::tr("Could not connect: %1").arg(error.message);
    QString what = QObject::tr("Redis %1, %2").arg(version.isEmpty() ? QObject::tr("(version unknown)") : version, role);
    if (!master.isEmpty())
        what += QObject::tr(" of %1").arg(master);
    return QObject::tr("%1 — answered in %2 ms").arg(what).arg(elapsedMs);
}

ConnectionTester::ConnectionTester(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent,
                                   TransportFactory factory)
    : QObject(parent)
    , m_profile(profile)
    , m_client(new RespClient(profile, ssh, this))
{
    if (factory)
        m_client->setTransportFactory(std::move(factory));
}

void ConnectionTester::start()
{
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    connect(m_client, &RespClient::connectFailed, this, [this, clock](const NetError &error) {
        Result result;
        result.error = error;
        result.elapsedMs = clock->elapsed();
        done(result);
    });
    m_client->connectToServer();  // commands sent while connecting wait for the handshake
    // Plain INFO (the default sections) holds both server and replication.
    m_client->send({QByteArrayLiteral("INFO")}, this, [this, clock](const RespResult &reply) {
        Result result;
        result.elapsedMs = clock->elapsed();
        if (!reply.ok()) {
            result.error = reply.error;
        } else {
            const NodeSnapshot snapshot = InfoParser::parse(reply.value.bytes());
            result.version = snapshot.version;
            result.role = NodeSnapshot::roleName(snapshot.role);
            if (snapshot.role == NodeSnapshot::Role::Replica && !snapshot.masterHost.isEmpty())
                result.master = QStringLiteral("%1:%2").arg(snapshot.masterHost).arg(snapshot.masterPort);
        }
        done(result);
    });
}

void ConnectionTester::done(Result result)
{
    if (m_done)
        return;
    m_done = true;
    if (m_client)
        m_client->disconnectFromServer();
    Q_EMIT finished(result);
}
