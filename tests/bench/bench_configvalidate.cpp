// Parse + validate the distribution's redis.conf, against asking redis-server itself
// (the only other way to learn whether a file is accepted) in the same run.
#include "TestEnv.h"
#include "config/ConfigDocument.h"
#include "config/ConfigValidator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTextStream>

#include <algorithm>

namespace {

QTextStream out(stdout);

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString path = QStringLiteral("/etc/redis/redis.conf");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out << "cannot read " << path << " (apt-get install redis-server)\n";
        return 1;
    }
    const QByteArray bytes = file.readAll();
    const int lines = int(bytes.count('\n'));

    QList<double> ours;
    int diagnostics = 0;
    for (int i = 0; i < 200; ++i) {
        QElapsedTimer t;
        t.start();
        const ConfigDocument doc = ConfigDocument::parse(bytes, path);
        diagnostics = int(ConfigValidator::validate(doc).size());
        ours << double(t.nsecsElapsed()) / 1e6;
    }

    // redis-server reads the whole file, then exits because --port 0 leaves it nothing to
    // listen on: the cheapest verdict it can give.
    const QString server = TestEnv::findBinary(QStringLiteral("redis-server"));
    QList<double> theirs;
    for (int i = 0; i < 20 && !server.isEmpty(); ++i) {
        QElapsedTimer t;
        t.start();
        QProcess p;
        p.start(server, {path, QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--daemonize"),
                         QStringLiteral("no"), QStringLiteral("--logfile"), QString(),
                         QStringLiteral("--pidfile"), QString()});
        p.waitForFinished(10000);
        theirs << double(t.nsecsElapsed()) / 1e6;
    }

    const double a = median(ours);
    const double b = median(theirs);
    out << QStringLiteral("%1 lines, %2 diagnostics\n").arg(lines).arg(diagnostics);
    out << QStringLiteral("parse + validate: median %1 ms over %2 runs (target < 5 ms)\n")
               .arg(a, 0, 'f', 3).arg(ours.size());
    out << QStringLiteral("redis-server verdict: median %1 ms over %2 runs\n").arg(b, 0, 'f', 2).arg(theirs.size());
    out << QStringLiteral("ratio: %1x faster (target >= 20x)\n").arg(a > 0 ? b / a : 0, 0, 'f', 1);
    out.flush();
    return a < 5.0 && b / a >= 20.0 ? 0 : 1;
}
