#include "InfoCommand.h"

#include "info/DataSize.h"
#include "info/InfoParser.h"
#include "info/NodeSnapshotJson.h"
#include "net/RespClient.h"

#include <QJsonDocument>

namespace {

QString duration(qint64 seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 86400)
        return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
    return QStringLiteral("%1 d %2 h").arg(seconds / 86400).arg((seconds % 86400) / 3600);
}

} // namespace

QString InfoCommand::description() const
{
    return QStringLiteral("Prints the parsed INFO of NODE (role, replication, memory, stats).");
}

void InfoCommand::onReady()
{
    client()->send({QByteArrayLiteral("INFO")}, this, [this](const RespResult &r) {
        if (!r.ok()) {
            failWith(r.error);
            return;
        }
        const NodeSnapshot s = InfoParser::parse(r.value.bytes());
        if (json()) {
            QJsonObject o = NodeSnapshotJson::toJson(s);
            o.insert(QStringLiteral("node"), profile().address());
            out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        } else {
            printText(s);
        }
        finish(ExitOk);
    });
}

void InfoCommand::printText(const NodeSnapshot &s)
{
    QTextStream &o = out();
    o << profile().displayName() << "\n"
      << "  role:            " << NodeSnapshot::roleName(s.role) << "\n"
      << "  version:         " << s.version << " (" << (s.mode.isEmpty() ? QStringLiteral("standalone") : s.mode)
      << ")\n"
      << "  uptime:          " << duration(s.uptimeSeconds) << "\n";
    if (s.role == NodeSnapshot::Role::Replica) {
        o << "  master:          " << s.masterHost << ":" << s.masterPort << " link "
          << s.masterLinkStatus;
        if (s.masterLinkDownSinceSeconds)
            o << " (down for " << duration(*s.masterLinkDownSinceSeconds) << ")";
        o << "\n";
        if (s.replicaReplOffset)
            o << "  applied offset:  " << *s.replicaReplOffset << "\n";
        if (s.masterSyncInProgress) {
            o << "  full sync:       in progress";
            if (s.masterSyncPercent)
                o << " " << QString::number(*s.masterSyncPercent, 'f', 1) << "%";
            else if (s.masterSyncLeftBytes)
                o << ", " << DataSize::text(*s.masterSyncLeftBytes) << " left";
            o << "\n";
        }
    }
    if (s.role == NodeSnapshot::Role::Master || !s.replicas.isEmpty()) {
        o << "  replicas:        " << s.connectedReplicas << "\n";
        for (const ReplicaEntry &r : s.replicas) {
            o << "    " << r.ip << ":" << r.port << "  " << r.state << "  offset " << r.offset
              << "  lag " << r.lagSeconds << " s  behind " << (s.masterReplOffset - r.offset)
              << " bytes\n";
        }
    }
    o << "  repl offset:     " << s.masterReplOffset << "\n"
      << "  memory:          " << DataSize::text(s.usedMemory);
    if (s.maxMemory > 0)
        o << " of " << DataSize::text(s.maxMemory) << " (" << s.maxMemoryPolicy << ")";
    o << "\n"
      << "  clients:         " << s.connectedClients << "\n"
      << "  ops/s:           " << s.instantaneousOpsPerSec << "\n"
      << "  syncs:           full " << s.syncFull << ", partial ok " << s.syncPartialOk
      << ", partial err " << s.syncPartialErr << "\n"
      << "  persistence:     aof " << (s.aofEnabled ? "on" : "off") << ", rdb changes "
      << s.rdbChangesSinceLastSave.value_or(0) << (s.loading ? ", LOADING" : "") << "\n";
}
