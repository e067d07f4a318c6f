#include "HostChecks.h"

#include "DoctorFixes.h"

#include "info/DataSize.h"

namespace {

using Severity = Finding::Severity;

Finding hostFinding(const HostFacts &host, const ServerFacts &server, Severity severity, const QString &code,
                    const QString &evidence, const QString &meaning, const QString &fix)
{
    return Finding::make(severity, code, server.node, evidence, meaning, fix, host.host);
}

qint64 hostConfigNumber(const ServerFacts &server, const QString &name)
{
    bool ok = false;
    const qint64 v = server.config.value(name).toLongLong(&ok);
    return ok ? v : -1;
}

QString hostBytes(qint64 n)
{
    return DataSize::text(n);
}

} // namespace

namespace HostChecks {

FindingList run(const HostFacts &host, const ServerFacts &server, const SshOptions &ssh)
{
    FindingList out;
    if (host.overcommitMemory >= 0 && host.overcommitMemory != 1) {
        Finding f = hostFinding(host, server, Severity::Warning, QStringLiteral("overcommit-memory"),
                                QStringLiteral("vm.overcommit_memory = %1").arg(host.overcommitMemory),
                                QStringLiteral("The kernel may refuse the fork of a background save or full sync "
                                               "when memory is short (redis-server warns at start for 0 and 2)."),
                                QStringLiteral("Set vm.overcommit_memory = 1 (sysctl -w, and in /etc/sysctl.d/ to "
                                               "keep it after a reboot)."));
        f.fix = DoctorFixes::sysctl(server.node, ssh, QStringLiteral("vm.overcommit_memory"), QStringLiteral("1"));
        out.append(f);
    }
    if (host.thpEnabled.contains(QLatin1String("[always]")) && host.anonHugePagesKb > 0)
        out.append(hostFinding(host, server, Severity::Warning, QStringLiteral("transparent-huge-pages"),
                               QStringLiteral("transparent_hugepage/enabled: %1; AnonHugePages of the process: %2 kB")
                                   .arg(host.thpEnabled)
                                   .arg(host.anonHugePagesKb),
                               QStringLiteral("The process uses huge pages: each fork copies 2 MB pages on write "
                                              "(latency, memory)."),
                               QStringLiteral("echo madvise > /sys/kernel/mm/transparent_hugepage/enabled as root, "
                                              "then restart Redis.")));
    const qint64 backlog = hostConfigNumber(server, QStringLiteral("tcp-backlog"));
    if (host.somaxconn >= 0 && backlog > host.somaxconn) {
        Finding f = hostFinding(host, server, Severity::Warning, QStringLiteral("somaxconn"),
                                QStringLiteral("net.core.somaxconn = %1 < tcp-backlog %2").arg(host.somaxconn).arg(backlog),
                                QStringLiteral("The kernel caps the listen queue below tcp-backlog: bursts of new "
                                               "connections are refused."),
                                QStringLiteral("Set net.core.somaxconn to at least tcp-backlog."));
        f.fix = DoctorFixes::sysctl(server.node, ssh, QStringLiteral("net.core.somaxconn"), QString::number(backlog));
        out.append(f);
    }
    const qint64 maxclients = hostConfigNumber(server, QStringLiteral("maxclients"));
    if (host.openFilesLimit >= 0 && maxclients > 0 && host.openFilesLimit < maxclients + kReservedFds)
        out.append(hostFinding(host, server, Severity::Warning, QStringLiteral("open-files-limit"),
                               QStringLiteral("Max open files %1 < maxclients %2 + %3")
                                   .arg(host.openFilesLimit)
                                   .arg(maxclients)
                                   .arg(kReservedFds),
                               QStringLiteral("Connections beyond the limit are refused before maxclients is reached."),
                               QStringLiteral("Raise LimitNOFILE= in the service's systemd unit (or ulimit -n) to at "
                                              "least %1 and restart.")
                                   .arg(maxclients + kReservedFds)));
    const qint64 used = server.number(QStringLiteral("used_memory"), -1);
    const bool aof = server.config.value(QStringLiteral("appendonly")) == QLatin1String("yes");
    const qint64 needDisk = used < 0 ? -1 : (aof ? used * 2 : used);
    if (host.diskFreeBytes >= 0 && needDisk > 0 && host.diskFreeBytes < needDisk)
        out.append(hostFinding(host, server, Severity::Critical, QStringLiteral("disk-space"),
                               QStringLiteral("%1 free in %2, used_memory %3%4")
                                   .arg(hostBytes(host.diskFreeBytes), server.config.value(QStringLiteral("dir")),
                                        hostBytes(used), aof ? QStringLiteral(" (×2 with AOF rewrite)") : QString()),
                               QStringLiteral("The next snapshot or AOF rewrite may not fit: the save fails and writes "
                                              "stop (MISCONF)."),
                               QStringLiteral("Free space in dir or move dir to a larger disk.")));
    const qint64 cow = qMax<qint64>(0, server.number(QStringLiteral("rdb_last_cow_size"), 0));
    if (host.memAvailableBytes >= 0 && used > 0 && host.memAvailableBytes < cow + used / 10)
        out.append(hostFinding(host, server, Severity::Warning, QStringLiteral("memory-headroom"),
                               QStringLiteral("MemAvailable %1; last fork copied %2 (rdb_last_cow_size), used_memory %3")
                                   .arg(hostBytes(host.memAvailableBytes), hostBytes(cow), hostBytes(used)),
                               QStringLiteral("A fork for a save or full sync copies changed pages: the host may run "
                                              "out of memory (OOM killer) during one."),
                               QStringLiteral("Free memory on the host or lower maxmemory.")));
    if (host.clockKnown && qAbs(host.clockOffsetSeconds) > kMaxClockOffsetSeconds)
        out.append(hostFinding(host, server, Severity::Warning, QStringLiteral("clock-skew"),
                               QStringLiteral("host clock %1 s from this computer's")
                                   .arg(host.clockOffsetSeconds, 0, 'f', 2),
                               QStringLiteral("Log times and TTL expiry disagree between hosts."),
                               QStringLiteral("Run NTP (chrony or systemd-timesyncd) on every host.")));
    return out;
}

} // namespace HostChecks
