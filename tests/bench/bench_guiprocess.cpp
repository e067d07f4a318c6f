// The GUI process watching a deployment: `tandem --connect` on the master of a 50-node lab,
// polling at 1 Hz. Reports the CPU share of one core and the memory of the tandem process,
// next to the same binary watching a single node in the same run (the baseline).
#include "lab/LocalLab.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <unistd.h>

namespace {

QTextStream out(stdout);

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// utime + stime of a process, in seconds.
double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: field 14 (utime) and 15 (stime) are at index 11 and 12.
    return double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

long statusKb(qint64 pid, const char *key)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(int(qstrlen(key))).trimmed().split(' ').value(0).toLong();
    }
    return 0;
}

bool startLab(LocalLab *lab, int replicas)
{
    LabSpec spec;
    spec.replicas = replicas;
    QEventLoop loop;
    bool ok = false;
    QObject::connect(lab, &LocalLab::started, &loop, [&] { ok = true; loop.quit(); });
    QObject::connect(lab, &LocalLab::failed, &loop, [&](const QString &reason) {
        out << "lab failed: " << reason << "\n";
        loop.quit();
    });
    lab->setStopOnDestroy(true);
    lab->start(spec, 120000);
    loop.exec();
    return ok;
}

struct Usage
{
    double cpuPercent = -1;
    long rssKb = 0;
    long peakKb = 0;
};

Usage watch(const QString &tandem, const QString &seed, const QString &home, int warmMs, int measureMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(tandem, {QStringLiteral("--connect"), seed});
    Usage u;
    if (!p.waitForStarted(5000)) {
        out << "cannot start " << tandem << "\n";
        return u;
    }
    spin(warmMs);  // discovery, first charts, caches
    const double before = cpuSeconds(p.processId());
    spin(measureMs);
    const double after = cpuSeconds(p.processId());
    u.cpuPercent = 100.0 * (after - before) / (measureMs / 1000.0);
    u.rssKb = statusKb(p.processId(), "VmRSS:");
    u.peakKb = statusKb(p.processId(), "VmHWM:");
    p.terminate();
    p.waitForFinished(5000);
    return u;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString tandem = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../../app/tandem"));
    if (!QFile::exists(tandem)) {
        out << "tandem is not built at " << tandem << "\n";
        return 1;
    }
    QTemporaryDir dir;
    LocalLab big(dir.filePath(QStringLiteral("big")));
    LocalLab single(dir.filePath(QStringLiteral("single")));
    if (!startLab(&big, 49) || !startLab(&single, 0))
        return 1;
    const QString home = dir.filePath(QStringLiteral("home"));
    QDir().mkpath(home);
    const int measureMs = 30000;
    const Usage one = watch(tandem, single.profileFor(single.nodes().first()).address(), home, 5000, measureMs);
    const Usage fifty = watch(tandem, big.profileFor(big.nodes().first()).address(), home, 8000, measureMs);

    out << QStringLiteral("tandem watching  1 node : CPU %1 % of one core, RSS %2 MiB (peak %3 MiB)\n")
               .arg(one.cpuPercent, 0, 'f', 2).arg(one.rssKb / 1024.0, 0, 'f', 1).arg(one.peakKb / 1024.0, 0, 'f', 1);
    out << QStringLiteral("tandem watching 50 nodes: CPU %1 % of one core, RSS %2 MiB (peak %3 MiB)\n")
               .arg(fifty.cpuPercent, 0, 'f', 2).arg(fifty.rssKb / 1024.0, 0, 'f', 1).arg(fifty.peakKb / 1024.0, 0, 'f', 1);
    out << QStringLiteral("ratio 50 nodes / 1 node: CPU %1x, RSS %2x   (targets: < 3 % CPU, < 150 MiB RSS)\n")
               .arg(one.cpuPercent > 0 ? fifty.cpuPercent / one.cpuPercent : 0, 0, 'f', 1)
               .arg(one.rssKb > 0 ? double(fifty.rssKb) / one.rssKb : 0, 0, 'f', 2);
    out.flush();
    return fifty.cpuPercent >= 0 && fifty.cpuPercent < 3.0 && fifty.peakKb < 150 * 1024 ? 0 : 1;
}
