#include "CommandSafety.h"

namespace {

QByteArray upper(const QByteArrayList &args, int i)
{
    return i < args.size() ? args.at(i).toUpper() : QByteArray();
}

} // namespace

CommandSafety::Assessment CommandSafety::assess(const QByteArrayList &args)
{
    Assessment a;
    if (args.isEmpty())
        return a;
    const QByteArray cmd = upper(args, 0);
    const QByteArray sub = upper(args, 1);
    a.command = QString::fromUtf8(cmd);

    auto confirm = [&a](const QString &reason) {
        a.verdict = Verdict::Confirm;
        a.reason = reason;
        return a;
    };
    auto confirmSub = [&a, &sub](const QString &reason) {
        a.command += QLatin1Char(' ') + QString::fromUtf8(sub);
        a.verdict = Verdict::Confirm;
        a.reason = reason;
        return a;
    };
    auto refuse = [&a](const QString &reason) {
        a.verdict = Verdict::Refused;
        a.reason = reason;
        return a;
    };

    // Taking over the connection: no further reply could be matched to a command.
    if (cmd == "MONITOR")
        return refuse(tr("MONITOR streams every command the server runs and never gives the "
                         "connection back, so the console cannot run it. Use redis-cli MONITOR "
                         "in a terminal instead."));
    if (cmd == "SUBSCRIBE" || cmd == "PSUBSCRIBE" || cmd == "SSUBSCRIBE")
        return refuse(tr("%1 turns the connection into a message stream, so the console could "
                         "not run other commands on it. Use redis-cli in a terminal to listen "
                         "to channels.").arg(a.command));
    if (cmd == "SYNC" || cmd == "PSYNC")
        return refuse(tr("%1 makes this connection act as a replica and stream the whole "
                         "dataset; the console cannot run it.").arg(a.command));
    if (cmd == "CLIENT" && sub == "REPLY")
        return refuse(tr("CLIENT REPLY would make the server skip replies, and the console "
                         "would lose track of which reply belongs to which command."));
    if (cmd == "QUIT")
        return refuse(tr("QUIT would close the console's connection. Close the console tab "
                         "instead."));

    if (cmd == "FLUSHALL")
        return confirm(tr("FLUSHALL deletes every key in every database of this node (and of "
                          "its replicas)."));
    if (cmd == "FLUSHDB")
        return confirm(tr("FLUSHDB deletes every key in the current database of this node (and "
                          "of its replicas)."));
    if (cmd == "SWAPDB")
        return confirm(tr("SWAPDB exchanges two whole databases for every client."));
    if (cmd == "SHUTDOWN")
        return confirm(tr("SHUTDOWN stops the server process. Clients and replicas lose it "
                          "until someone restarts it."));
    if (cmd == "DEBUG")
        return confirm(tr("DEBUG commands can crash, block or corrupt the server."));
    if (cmd == "KEYS")
        return confirm(tr("KEYS walks the whole keyspace in one go and blocks the server while "
                          "it does; on a large dataset that is an outage. SCAN is the safe "
                          "alternative."));
    if (cmd == "REPLICAOF" || cmd == "SLAVEOF")
        return confirm(tr("%1 changes what this node replicates from. Pointing it at a master "
                          "discards its dataset; NO ONE promotes it and can lose the writes "
                          "its master had not shipped yet. Tandem's promote and failover "
                          "operations do this safely.").arg(a.command));
    if (cmd == "FAILOVER")
        return confirm(tr("FAILOVER pauses writes on this master and hands its role to a "
                          "replica."));
    if (cmd == "SAVE")
        return confirm(tr("SAVE writes the dataset to disk in the foreground and blocks every "
                          "client until it is done. BGSAVE does it in the background."));
    if (cmd == "BGSAVE" || cmd == "BGREWRITEAOF")
        return confirm(tr("%1 forks the server: on a large dataset that costs memory and can "
                          "pause it briefly.").arg(a.command));
    if (cmd == "MIGRATE")
        return confirm(tr("MIGRATE moves keys to another server and deletes them here (unless "
                          "COPY is given)."));
    if (cmd == "MODULE")
        return confirm(tr("MODULE loads or unloads native code inside the server process."));
    if (cmd == "CLUSTER")
        return confirm(tr("CLUSTER commands can change slot ownership, forget nodes or reset "
                          "the cluster state."));
    if (cmd == "CONFIG" && (sub == "SET" || sub == "REWRITE" || sub == "RESETSTAT")) {
        if (sub == "SET")
            return confirmSub(tr("CONFIG SET changes the running configuration of this node "
                                 "immediately."));
        if (sub == "REWRITE")
            return confirmSub(tr("CONFIG REWRITE overwrites this node's configuration file "
                                 "with the running configuration."));
        return confirmSub(tr("CONFIG RESETSTAT resets the statistics other tools and "
                             "dashboards rely on."));
    }
    if (cmd == "CLIENT" && (sub == "KILL" || sub == "PAUSE"))
        return confirmSub(sub == "KILL"
                              ? tr("CLIENT KILL disconnects clients, possibly replicas or "
                                   "your own applications.")
                              : tr("CLIENT PAUSE stops serving clients until the pause ends."));
    if (cmd == "SCRIPT" && sub == "FLUSH")
        return confirmSub(tr("SCRIPT FLUSH removes every cached Lua script; clients using "
                             "EVALSHA get NOSCRIPT errors."));
    if (cmd == "FUNCTION" && (sub == "FLUSH" || sub == "DELETE" || sub == "RESTORE"))
        return confirmSub(tr("%1 removes or replaces server-side functions applications may "
                             "depend on.").arg(QString(QStringLiteral("FUNCTION ") + QString::fromUtf8(sub))));
    if (cmd == "ACL" && (sub == "SETUSER" || sub == "DELUSER" || sub == "LOAD"))
        return confirmSub(tr("%1 changes who may connect and what they may do; a mistake can "
                             "lock out applications or replicas.")
                              .arg(QString(QStringLiteral("ACL ") + QString::fromUtf8(sub))));
    if (cmd == "SENTINEL" && (sub == "FAILOVER" || sub == "RESET" || sub == "REMOVE" || sub == "SET"))
        return confirmSub(tr("%1 changes what Sentinel monitors or forces a failover.")
                              .arg(QString(QStringLiteral("SENTINEL ") + QString::fromUtf8(sub))));
    return a;
}

bool CommandSafety::isBlocking(const QByteArrayList &args)
{
    if (args.isEmpty())
        return false;
    const QByteArray cmd = upper(args, 0);
    static const QByteArrayList blocking = {
        "BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP",
        "WAIT", "WAITAOF",
    };
    if (blocking.contains(cmd))
        return true;
    if (cmd == "XREAD" || cmd == "XREADGROUP") {
        for (const QByteArray &arg : args) {
            if (arg.toUpper() == "BLOCK")
                return true;
        }
    }
    // DEBUG SLEEP is the classic way to simulate a stuck server.
    return cmd == "DEBUG" && upper(args, 1) == "SLEEP";
}
