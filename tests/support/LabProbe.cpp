#include "LabProbe.h"

#include "ClientProbe.h"
#include "ReplicationLab.h"

#include "info/InfoParser.h"

RespResult LabProbe::call(const ReplicationLab &lab, const QString &name, const QByteArrayList &args, int timeoutMs)
{
    RespClient client(lab.profile(name));
    if (!ClientProbe::connectReady(&client, 3000))
        return {{}, NetError::make(NetError::Kind::ConnectionRefused, QStringLiteral("cannot connect"))};
    return ClientProbe::call(&client, args, timeoutMs);
}

NodeSnapshot LabProbe::info(const ReplicationLab &lab, const QString &name)
{
    const RespResult r = call(lab, name, {"INFO"});
    return r.ok() ? InfoParser::parse(r.value.bytes()) : NodeSnapshot();
}

bool LabProbe::follows(const ReplicationLab &lab, const QString &name, const QString &master)
{
    const NodeSnapshot s = info(lab, name);
    return s.role == NodeSnapshot::Role::Replica && s.masterPort == lab.port(master)
        && s.masterLinkStatus == QLatin1String("up");
}
