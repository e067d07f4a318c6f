#include "HostFacts.h"

#include "ssh/RemoteCommand.h"

namespace {

const QByteArray kLogSeparator = "----tandem-log----";

qint64 hostFactNumber(const QByteArray &v)
{
    bool ok = false;
    const qint64 n = v.trimmed().toLongLong(&ok);
    return ok ? n : -1;
}

} // namespace

QString HostFacts::script(qint64 pid, const QString &dir, const QString &logfile, int logLines)
{
    const QString p = QString::number(pid);
    QString s;
    s += QStringLiteral("p=%1; d=%2; l=%3; n=%4\n")
             .arg(p, RemoteCommand::shellQuote(dir), RemoteCommand::shellQuote(logfile))
             .arg(logLines);
    s += QStringLiteral(
        "echo \"comm=$(cat /proc/$p/comm 2>/dev/null)\"\n"
        "echo \"overcommit=$(cat /proc/sys/vm/overcommit_memory 2>/dev/null)\"\n"
        "echo \"thp=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)\"\n"
        "echo \"somaxconn=$(cat /proc/sys/net/core/somaxconn 2>/dev/null)\"\n"
        "echo \"anonhuge_kb=$( (cat /proc/$p/smaps_rollup 2>/dev/null || cat /proc/$p/smaps 2>/dev/null) | "
        "awk '/^AnonHugePages:/{s+=$2; f=1} END{if (f) print s}')\"\n"
        "echo \"nofile=$(awk '/^Max open files/{print $4}' /proc/$p/limits 2>/dev/null)\"\n"
        "echo \"disk_free=$(df -P -B1 \"$d\" 2>/dev/null | awk 'NR==2{print $4}')\"\n"
        "echo \"mem_available_kb=$(awk '/^MemAvailable:/{print $2}' /proc/meminfo 2>/dev/null)\"\n"
        "echo \"clock=$(date +%s.%N)\"\n");
    s += QStringLiteral("echo '%1'\n").arg(QString::fromLatin1(kLogSeparator));
    s += QStringLiteral(
        "if [ -n \"$l\" ]; then echo \"$l\"; tail -n \"$n\" \"$l\" 2>&1; "
        "else echo 'journalctl -u redis-server'; journalctl -u redis-server -n \"$n\" --no-pager -o cat 2>&1; fi\n");
    return s;
}

HostFacts HostFacts::parse(const QString &host, const QByteArray &output, double localStart, double localEnd)
{
    HostFacts f;
    f.host = host;
    const qsizetype sep = output.indexOf(QByteArray(kLogSeparator + "\n"));
    const QByteArray head = sep >= 0 ? output.left(sep) : output;
    if (sep >= 0) {
        const QByteArray rest = output.mid(sep + kLogSeparator.size() + 1);
        const qsizetype nl = rest.indexOf('\n');
        f.logSource = QString::fromUtf8(nl >= 0 ? rest.left(nl) : rest);
        f.log = nl >= 0 ? rest.mid(nl + 1) : QByteArray();
    }
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = line.left(eq);
        const QByteArray value = line.mid(eq + 1).trimmed();
        if (key == "comm")
            f.processVisible = value.startsWith("redis-server") || value.startsWith("redis-check");
        else if (key == "overcommit")
            f.overcommitMemory = int(hostFactNumber(value));
        else if (key == "thp")
            f.thpEnabled = QString::fromUtf8(value);
        else if (key == "somaxconn")
            f.somaxconn = int(hostFactNumber(value));
        else if (key == "anonhuge_kb")
            f.anonHugePagesKb = hostFactNumber(value);
        else if (key == "nofile")
            f.openFilesLimit = value == "unlimited" ? std::numeric_limits<qint64>::max() : hostFactNumber(value);
        else if (key == "disk_free")
            f.diskFreeBytes = hostFactNumber(value);
        else if (key == "mem_available_kb")
            f.memAvailableBytes = hostFactNumber(value) < 0 ? -1 : hostFactNumber(value) * 1024;
        else if (key == "clock") {
            bool ok = false;
            const double remote = value.toDouble(&ok);
            if (ok) {
                f.clockKnown = true;
                f.clockOffsetSeconds = remote < localStart ? remote - localStart
                                                           : (remote > localEnd ? remote - localEnd : 0.0);
            }
        }
    }
    if (!f.processVisible) {
        f.anonHugePagesKb = -1;
        f.openFilesLimit = -1;
    }
    return f;
}
