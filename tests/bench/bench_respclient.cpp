// RespClient throughput against a real redis-server, as ratios against redis-benchmark
// (the C reference client) measured in the same run on the same server.
#include "RedisServer.h"
#include "TestEnv.h"
#include "net/RespClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

namespace {

QTextStream out(stdout);

// Requests per second redis-benchmark reaches with one connection and `pipeline` depth.
double redisBenchmarkRps(quint16 port, int requests, int pipeline)
{
    QString output;
    TestEnv::run(QStringLiteral("redis-benchmark"),
                 {QStringLiteral("-p"), QString::number(port), QStringLiteral("-c"), QStringLiteral("1"),
                  QStringLiteral("-n"), QString::number(requests), QStringLiteral("-P"), QString::number(pipeline),
                  QStringLiteral("-t"), QStringLiteral("ping_mbulk"), QStringLiteral("--csv")},
                 &output, 120000);
    const auto m = QRegularExpression(QStringLiteral("\"PING_MBULK\",\"([0-9.]+)\"")).match(output);
    return m.hasMatch() ? m.captured(1).toDouble() : 0.0;
}

// Sends `requests` PINGs keeping at most `depth` in flight; returns requests per second.
double tandemRps(RespClient *client, int requests, int depth)
{
    QEventLoop loop;
    int sent = 0;
    int done = 0;
    QElapsedTimer timer;
    std::function<void()> sendOne;
    sendOne = [&] {
        ++sent;
        client->send({QByteArrayLiteral("PING")}, &loop, [&](const RespResult &r) {
            if (!r.ok()) {
                out << "error: " << r.error.message << "\n";
                loop.exit(1);
                return;
            }
            if (++done == requests)
                loop.quit();
            else if (sent < requests)
                sendOne();
        }, 0);
    };
    timer.start();
    for (int i = 0; i < depth && sent < requests; ++i)
        sendOne();
    if (loop.exec() != 0)
        return 0;
    return requests / (double(timer.nsecsElapsed()) / 1e9);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    RedisServer server;
    if (!server.start()) {
        out << "cannot start redis-server: " << server.errorString() << "\n";
        return 1;
    }
    ConnectionProfile profile;
    profile.port = server.port();
    RespClient client(profile);
    QEventLoop wait;
    QObject::connect(&client, &RespClient::ready, &wait, &QEventLoop::quit);
    client.connectToServer();
    QTimer::singleShot(5000, &wait, &QEventLoop::quit);
    wait.exec();
    if (!client.isReady()) {
        out << "cannot connect\n";
        return 1;
    }

    const int sequential = 20000;
    const int pipelined = 200000;
    tandemRps(&client, 2000, 1);  // warm-up
    const double ourSeq = tandemRps(&client, sequential, 1);
    const double refSeq = redisBenchmarkRps(server.port(), sequential, 1);
    const double ourPipe = tandemRps(&client, pipelined, 1000);
    const double refPipe = redisBenchmarkRps(server.port(), pipelined, 1000);

    out << QStringLiteral("sequential PING   tandem %1 req/s  redis-benchmark %2 req/s  ratio %3\n")
               .arg(ourSeq, 0, 'f', 0).arg(refSeq, 0, 'f', 0).arg(refSeq > 0 ? ourSeq / refSeq : 0, 0, 'f', 2);
    out << QStringLiteral("pipelined PING    tandem %1 req/s  redis-benchmark %2 req/s  ratio %3\n")
               .arg(ourPipe, 0, 'f', 0).arg(refPipe, 0, 'f', 0).arg(refPipe > 0 ? ourPipe / refPipe : 0, 0, 'f', 2);
    out << QStringLiteral("tandem pipelined / sequential: %1x\n").arg(ourSeq > 0 ? ourPipe / ourSeq : 0, 0, 'f', 1);
    out.flush();
    return 0;
}
