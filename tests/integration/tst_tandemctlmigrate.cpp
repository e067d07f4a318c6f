// tandemctl migrate against real redis-servers: a live dataset of every type in three dbs
// moves to a new server under a writer at full speed and nothing acknowledged is lost; every
// refusal and every failure before the cutover leaves the source a writable master with its
// settings as they were (CONFIG GET * compared), and the failure says why.
#include "BlockingRedis.h"
#include "CliRunner.h"
#include "FollowingWriter.h"
#include "PinnedWriter.h"
#include "RedisServer.h"
#include "SentinelServer.h"
#include "TestEnv.h"
#include "TestPki.h"
#include "TestRegistry.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>

namespace {

// Keys of every type spread over dbs 0, 3 and 7, one in ten with a TTL of an hour, written by
// one script (fast, no client round trips).
const QByteArray kFillScript = R"(
local n = tonumber(ARGV[1])
for _, db in ipairs({0, 3, 7}) do
  redis.call('SELECT', db)
  for i = 1, n do
    local t = i % 6
    local k = 'k:' .. db .. ':' .. i
    if t == 0 then redis.call('SET', k, 'value-' .. i)
    elseif t == 1 then redis.call('HSET', k, 'a', i, 'b', 'x' .. i)
    elseif t == 2 then redis.call('RPUSH', k, i, i + 1, i + 2)
    elseif t == 3 then redis.call('SADD', k, i, 'member')
    elseif t == 4 then redis.call('ZADD', k, i, 'z', i + 1, 'y')
    else redis.call('XADD', k, '*', 'f', i) end
    if i % 10 == 0 then redis.call('EXPIRE', k, 3600) end
  end
end
return n * 3
)";

using MigrateConfigMap = BlockingRedis::ConfigMap;

} // namespace

class TestTandemctlMigrate : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("TANDEM_DATA_DIR"), m_tmp->filePath(QStringLiteral("data")));
        return e;
    }
    static QString address(const RedisServer &s) { return QStringLiteral("127.0.0.1:%1").arg(s.port()); }
    static QString show(const CliResult &r) { return QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err); }
    CliResult migrate(const QStringList &args, int timeoutMs = 120000)
    {
        return CliRunner::run(QStringList{QStringLiteral("migrate")} + args + QStringList{QStringLiteral("--watch-old"), QStringLiteral("0")},
                              timeoutMs, env());
    }
    static bool fill(const RedisServer &s, int perDb)
    {
        BlockingRedis c(address(s), QString(), 60000);
        const BlockingRedis::Reply r = c.call({"EVAL", kFillScript, "0", QByteArray::number(perDb)});
        return r.ok && r.text.toInt() == perDb * 3;
    }
    static MigrateConfigMap config(const QString &addr, const QString &password = {}) { return BlockingRedis::configAll(addr, password); }
    static QString differences(const MigrateConfigMap &a, const MigrateConfigMap &b) { return BlockingRedis::configChanges(a, b); }
    static QByteArray role(const QString &addr, const QString &password = {})
    {
        BlockingRedis c(addr, password);
        return c.infoField("replication", "role");
    }
    static void verifyWritableMaster(const QString &addr, const QString &password = {})
    {
        BlockingRedis c(addr, password);
        QCOMPARE(c.infoField("replication", "role"), QByteArray("master"));
        const BlockingRedis::Reply r = c.call({"SET", "tandem:after-abort", "1"});
        QVERIFY2(r.ok, r.text.constData());
    }
    static qint64 dbKeys(const QString &addr, int db)
    {
        BlockingRedis c(addr);
        c.call({"SELECT", QByteArray::number(db)});
        return c.call({"DBSIZE"}).text.toLongLong();
    }
    static qint64 pidOf(const QString &addr) { return BlockingRedis(addr).infoField("server", "process_id").toLongLong(); }
    // Waits until `addr` is in a full sync from its master (bytes arriving or waiting for them).
    static bool waitSyncing(const QString &addr, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            BlockingRedis c(addr);
            if (c.infoField("replication", "master_sync_in_progress") == "1")
                return true;
            QThread::msleep(20);
        }
        return false;
    }
    // Waits until the running tandemctl has printed `text` on stderr; the text read so far
    // goes to *seen.
    static bool waitForStderr(QProcess *p, const QString &text, int timeoutMs, QString *seen)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired() && p->state() == QProcess::Running) {
            p->waitForReadyRead(100);
            *seen += QString::fromUtf8(p->readAllStandardError());
            if (seen->contains(text))
                return true;
        }
        return false;
    }
    QProcess *startMigrate(const QStringList &args)
    {
        auto *p = new QProcess(this);
        p->setProcessEnvironment(env());
        p->start(CliRunner::tandemctl(), QStringList{QStringLiteral("migrate")} + args
                     + QStringList{QStringLiteral("--yes"), QStringLiteral("--watch-old"), QStringLiteral("0")});
        p->waitForStarted();
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server"));
    }
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
    }

    // 200k keys of every type in three dbs, a writer at full speed that follows the master:
    // the target ends master with every key compared equal, the source its replica, its own
    // replica still under it, and no acknowledged write is missing.
    void liveDatasetUnderWriter()
    {
        RedisServer source, chained, target;
        QVERIFY2(source.start({QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0")}), qPrintable(source.errorString()));
        QVERIFY2(target.start(), qPrintable(target.errorString()));
        QVERIFY(fill(source, 66667));
        QVERIFY2(chained.start({QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"), QString::number(source.port())}),
                 qPrintable(chained.errorString()));
        QVERIFY(BlockingRedis::waitConverged(address(source), {address(chained)}, QString(), 30000));
        FollowingWriter writer({address(source), address(target)});
        writer.start();
        QVERIFY(writer.waitForMore(1000, 10000));

        const CliResult r = migrate({address(source), address(target), QStringLiteral("--verify"), QStringLiteral("full"),
                                     QStringLiteral("--yes"), QStringLiteral("--json")}, 300000);
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY2(writer.waitForAcksOn(address(target), 100, 15000), "the writer never reached the new master");
        writer.stop();

        // JSON lines: progress events, then the result document last.
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 2);
        bool sawPercent = false;
        for (const QString &line : lines.mid(0, lines.size() - 1)) {
            const QJsonObject event = QJsonDocument::fromJson(line.toUtf8()).object();
            QVERIFY2(!event.value(QStringLiteral("event")).toString().isEmpty(), qPrintable(line));
            sawPercent = sawPercent || event.contains(QStringLiteral("percent"));
        }
        QVERIFY2(sawPercent, "no progress event carried a percentage");
        const QJsonObject result = QJsonDocument::fromJson(lines.last().toUtf8()).object();
        QCOMPARE(result.value(QStringLiteral("report")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
        QVERIFY2(result.value(QStringLiteral("report")).toObject().value(QStringLiteral("metrics")).toObject()
                         .value(QStringLiteral("keys_compared")).toInteger() >= 200000, qPrintable(lines.last()));

        QCOMPARE(role(address(target)), QByteArray("master"));
        QString why;
        QVERIFY2(BlockingRedis::waitConverged(address(target), {address(source)}, QString(), 30000, &why), qPrintable(why));
        // The source's own replica stays under it, linked: a chain target -> source -> chained.
        BlockingRedis c(address(chained));
        QDeadlineTimer deadline(30000);
        while (c.infoField("replication", "master_link_status") != "up" && !deadline.hasExpired())
            QThread::msleep(100);
        QCOMPARE(c.infoField("replication", "master_port"), QByteArray::number(source.port()));
        QCOMPARE(c.infoField("replication", "master_link_status"), QByteArray("up"));
        QCOMPARE(writer.missingOn(address(target)), qint64(0));
        for (int db : {0, 3, 7})
            QVERIFY2(dbKeys(address(target), db) >= 66667, qPrintable(QStringLiteral("db%1").arg(db)));
        const MigrateConfigMap sourceAfter = config(address(source));
        QCOMPARE(sourceAfter.value("replicaof"), QByteArray("127.0.0.1 ") + QByteArray::number(target.port()));
    }

    // --repoint-replicas moves the source's replica to the target; a client that keeps writing
    // to the old address is refused (READONLY) and counted by the watch that follows.
    void repointAndWatchOldServer()
    {
        RedisServer source, replica, target;
        QVERIFY(source.start({QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0")}));
        QVERIFY(target.start());
        QVERIFY(fill(source, 1000));
        QVERIFY(replica.start({QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"), QString::number(source.port())}));
        QVERIFY(BlockingRedis::waitConverged(address(source), {address(replica)}, QString(), 30000));
        PinnedWriter pinned(address(source));
        pinned.start();
        const CliResult r = CliRunner::run({QStringLiteral("migrate"), address(source), address(target), QStringLiteral("--repoint-replicas"),
                                            QStringLiteral("--yes"), QStringLiteral("--json"), QStringLiteral("--watch-old"), QStringLiteral("3")},
                                           120000, env());
        pinned.stop();
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QString why;
        QVERIFY2(BlockingRedis::waitConverged(address(target), {address(source), address(replica)}, QString(), 30000, &why), qPrintable(why));
        qint64 attempts = -1;
        for (const QString &line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QJsonObject event = QJsonDocument::fromJson(line.toUtf8()).object();
            if (event.value(QStringLiteral("event")).toString() == QLatin1String("old_server"))
                attempts = event.value(QStringLiteral("write_attempts")).toInteger();
        }
        QVERIFY2(attempts > 0, qPrintable(r.out));
        QVERIFY2(pinned.refused() >= attempts, qPrintable(QStringLiteral("%1 refused, %2 counted").arg(pinned.refused()).arg(attempts)));
        // Everything the pinned client was told succeeded is on the new master.
        BlockingRedis t(address(target));
        const qint64 listed = t.call({"LLEN", "tandem:pinned"}).text.toLongLong();
        QCOMPARE(listed, pinned.acknowledged());
    }

    // A key written on the target behind the source's back (replica-read-only no): the counts
    // differ at the same offset, the migration stops before the promotion, names the db, and
    // leaves the source a writable master with its settings as before.
    void differenceStopsMigration()
    {
        RedisServer source, target;
        QVERIFY(source.start({QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0")}));
        QVERIFY(target.start({QStringLiteral("--replica-read-only"), QStringLiteral("no")}));
        QVERIFY(fill(source, 60000));
        const MigrateConfigMap before = config(address(source));
        QProcess *p = startMigrate({address(source), address(target), QStringLiteral("--verify"), QStringLiteral("full")});
        QString err;
        QVERIFY2(waitForStderr(p, QStringLiteral("Compare every key"), 60000, &err), qPrintable(err));
        BlockingRedis(address(target)).call({"SET", "intruder", "1"});
        QVERIFY(p->waitForFinished(120000));
        const QString out = QString::fromUtf8(p->readAllStandardOutput());
        err += QString::fromUtf8(p->readAllStandardError());
        QVERIFY2(p->exitCode() == 1, qPrintable(out + err));
        QVERIFY2(err.contains(QStringLiteral("db0: 60001 keys on the source")) || err.contains(QStringLiteral("intruder")), qPrintable(err));
        verifyWritableMaster(address(source));
        MigrateConfigMap after = config(address(source));
        QCOMPARE(differences(before, after), QString());
        QCOMPARE(role(address(target)), QByteArray("master"));
    }

    // A target holding keys without consent: refused, nothing touched.
    void targetWithDataRefused()
    {
        RedisServer source, target;
        QVERIFY(source.start());
        QVERIFY(target.start());
        QVERIFY(fill(source, 100));
        BlockingRedis(address(target)).call({"SET", "precious", "1"});
        const MigrateConfigMap before = config(address(source));
        const CliResult r = migrate({address(source), address(target), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 1, qPrintable(show(r)));
        QVERIFY2(r.err.contains(QStringLiteral("holds no data")) && r.out.contains(QStringLiteral("--discard-target-data")), qPrintable(show(r)));
        QCOMPARE(dbKeys(address(target), 0), qint64(1));
        QCOMPARE(role(address(target)), QByteArray("master"));
        QCOMPARE(differences(before, config(address(source))), QString());
    }

    // The target dies in the middle of its full sync: non-zero exit, the source a writable
    // master with its settings as before.
    void targetKilledMidSync()
    {
        RedisServer source, target;
        QVERIFY(source.start({QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0"),
                              QStringLiteral("--rdb-key-save-delay"), QStringLiteral("200")}));
        QVERIFY(target.start());
        QVERIFY(fill(source, 10000));
        const MigrateConfigMap before = config(address(source));
        QProcess *p = startMigrate({address(source), address(target)});
        QString err;
        QVERIFY2(waitForStderr(p, QStringLiteral("Wait for the full sync"), 30000, &err), qPrintable(err));
        QVERIFY2(waitSyncing(address(target), 20000), "the target never started its sync");
        ::kill(pid_t(pidOf(address(target))), SIGKILL);
        QVERIFY(p->waitForFinished(60000));
        err += QString::fromUtf8(p->readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("stopped answering")), qPrintable(err));
        QVERIFY2(p->exitCode() != 0, qPrintable(err));
        verifyWritableMaster(address(source));
        MigrateConfigMap after = config(address(source));
        QCOMPARE(differences(before, after), QString());
    }

    // The source dies in the middle of the sync: a clean abort with a message, the target
    // detached (a master again) as asked by default.
    void sourceKilledMidSync()
    {
        RedisServer source, target;
        QVERIFY(source.start({QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0"),
                              QStringLiteral("--rdb-key-save-delay"), QStringLiteral("200")}));
        QVERIFY(target.start());
        QVERIFY(fill(source, 10000));
        QProcess *p = startMigrate({address(source), address(target)});
        QString err;
        QVERIFY2(waitForStderr(p, QStringLiteral("Wait for the full sync"), 30000, &err), qPrintable(err));
        QVERIFY2(waitSyncing(address(target), 20000), "the target never started its sync");
        ::kill(pid_t(pidOf(address(source))), SIGKILL);
        QVERIFY(p->waitForFinished(60000));
        const QString out = QString::fromUtf8(p->readAllStandardOutput());
        err += QString::fromUtf8(p->readAllStandardError());
        QVERIFY2(p->exitCode() == 1, qPrintable(out + err));
        QVERIFY2(out.contains(QStringLiteral("Outcome: failed")) || out.contains(QStringLiteral("Outcome: aborted")), qPrintable(out + err));
        QVERIFY2(err.contains(QStringLiteral("stopped answering")), qPrintable(err));
        QCOMPARE(role(address(target)), QByteArray("master"));
    }

    // A replication user the source refuses PSYNC: the failure names the cause within seconds,
    // the source keeps its settings and the target gets its own back.
    void linkFailureNamesCause()
    {
        RedisServer source, target;
        QVERIFY(source.start());
        QVERIFY(target.start());
        BlockingRedis admin(address(source));
        QVERIFY(admin.call({"ACL", "SETUSER", "mover", "on", ">mover-secret-pw", "~*", "&*", "+@all", "-psync", "-sync"}).ok);
        QVERIFY(fill(source, 100));
        const MigrateConfigMap sourceBefore = config(address(source));
        const MigrateConfigMap targetBefore = config(address(target));
        QElapsedTimer clock;
        clock.start();
        const CliResult r = migrate({QStringLiteral("redis://mover:mover-secret-pw@%1").arg(address(source)), address(target),
                                     QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 1, qPrintable(show(r)));
        QVERIFY2(r.err.contains(QStringLiteral("NOPERM")), qPrintable(show(r)));
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(!r.out.contains(QStringLiteral("mover-secret-pw")) && !r.err.contains(QStringLiteral("mover-secret-pw")), "password shown");
        QVERIFY(!TestEnv::readFile(m_tmp->filePath(QStringLiteral("data/audit.jsonl"))).contains("mover-secret-pw"));
        QCOMPARE(differences(sourceBefore, config(address(source))), QString());
        QCOMPARE(differences(targetBefore, config(address(target))), QString());
        QCOMPARE(role(address(target)), QByteArray("master"));
    }

    // A tiny replica output buffer on the source with a fast writer: a bare REPLICAOF loops on
    // full syncs; the plan raises the limit for the migration, succeeds, and restores it.
    void tinyReplicaBufferIsRaisedAndRestored()
    {
        RedisServer source, bare, target;
        QVERIFY(source.start({QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0"),
                              QStringLiteral("--rdb-key-save-delay"), QStringLiteral("100"),
                              QStringLiteral("--client-output-buffer-limit"), QStringLiteral("replica 256kb 128kb 1")}));
        QVERIFY(bare.start());
        QVERIFY(target.start());
        QVERIFY(fill(source, 10000));
        FollowingWriter writer({address(source), address(target)});
        writer.start();
        QVERIFY(writer.waitForMore(1000, 10000));

        BlockingRedis s(address(source));
        const qint64 fullBefore = s.infoField("stats", "sync_full").toLongLong();
        BlockingRedis(address(bare)).call({"REPLICAOF", "127.0.0.1", QByteArray::number(source.port())});
        QDeadlineTimer deadline(30000);
        while (s.infoField("stats", "sync_full").toLongLong() < fullBefore + 3 && !deadline.hasExpired())
            QThread::msleep(100);
        QVERIFY2(s.infoField("stats", "sync_full").toLongLong() >= fullBefore + 3, "the bare sync did not loop");
        QVERIFY(BlockingRedis(address(bare)).infoField("replication", "master_link_status") != "up");
        BlockingRedis(address(bare)).call({"REPLICAOF", "NO", "ONE"});
        const QByteArray limitBefore = config(address(source)).value("client-output-buffer-limit");

        const CliResult r = migrate({address(source), address(target), QStringLiteral("--yes")}, 180000);
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QStringLiteral("client-output-buffer-limit")), qPrintable(r.out));
        // The source's slow snapshot is reported as it is written.
        QVERIFY2(r.err.contains(QStringLiteral(" keys written (")), qPrintable(r.err));
        QVERIFY(writer.waitForAcksOn(address(target), 100, 15000));
        writer.stop();
        QCOMPARE(writer.missingOn(address(target)), qint64(0));
        QCOMPARE(config(address(source)).value("client-output-buffer-limit"), limitBefore);
        QVERIFY(limitBefore.contains("slave 262144 131072 1"));
    }

    // Both servers speak only TLS: the target is told to dial the source over TLS, the source
    // to follow the target over TLS afterwards, and the migration completes.
    void overTls()
    {
        TestPki pki;
        QVERIFY(pki.create());
        RedisServer source, target;
        source.setTls(pki.serverCert(), pki.serverKey(), pki.caFile(), false);
        target.setTls(pki.serverCert(), pki.serverKey(), pki.caFile(), false);
        QVERIFY2(source.start({QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0")}), qPrintable(source.errorString()));
        QVERIFY2(target.start(), qPrintable(target.errorString()));
        const QStringList tls{QStringLiteral("--tls"), QStringLiteral("--cacert"), pki.caFile(), QStringLiteral("--cert"),
                              pki.clientCert(), QStringLiteral("--key"), pki.clientKey()};
        CliResult r = CliRunner::run(QStringList{QStringLiteral("ping"), address(source)} + tls, 30000, env());
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        r = migrate(QStringList{address(source), address(target), QStringLiteral("--yes"), QStringLiteral("--verify"),
                                QStringLiteral("none")} + tls);
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QStringLiteral("tls-replication yes")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("follows 127.0.0.1:%1").arg(target.port()))
                     || r.out.contains(QStringLiteral("replica of 127.0.0.1:%1 (link up)").arg(target.port())), qPrintable(r.out));
    }

    // A source Sentinel watches is refused with the steps to take instead.
    void sentinelWatchedRefused()
    {
        TestEnv::requireBinary(QStringLiteral("redis-sentinel"), QStringLiteral("redis-sentinel"));
        RedisServer source, target;
        QVERIFY(source.start());
        QVERIFY(target.start());
        SentinelServer sentinel;
        QVERIFY2(sentinel.start(QStringLiteral("mymaster"), QStringLiteral("127.0.0.1"), source.port()), "sentinel did not start");
        QDeadlineTimer deadline(10000);
        while (!BlockingRedis(address(source)).call({"CLIENT", "LIST"}).text.contains("sentinel-") && !deadline.hasExpired())
            QThread::msleep(100);
        const CliResult r = migrate({address(source), address(target), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 1, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QStringLiteral("SENTINEL REMOVE")), qPrintable(r.out));
        QCOMPARE(role(address(target)), QByteArray("master"));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlMigrate)
#include "tst_tandemctlmigrate.moc"
