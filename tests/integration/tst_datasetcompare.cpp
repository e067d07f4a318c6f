#include "BlockingRedis.h"
#include "FollowingWriter.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "migrate/DatasetCompare.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>

// DatasetCompare on a real master and replica holding every type of key (some with TTLs) in
// three dbs: equal data compares equal, every change made behind the master's back on the
// replica is named, writes at full speed on the master give only "changing" keys (equal once
// writes are paused), other encodings on the replica are no difference, and a comparison
// that cannot run says so instead of giving a verdict.
class TestDatasetCompare : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ReplicationLab> m_lab;
    const QList<int> m_dbs{0, 3, 7};
    static constexpr int kKeysPerDb = 1500;

    QString addr(const char *name) const { return m_lab->address(QString::fromLatin1(name)); }

    static void appendCommand(QByteArray *out, const QByteArrayList &args)
    {
        out->append('*').append(QByteArray::number(args.size())).append("\r\n");
        for (const QByteArray &a : args)
            out->append('$').append(QByteArray::number(a.size())).append("\r\n").append(a).append("\r\n");
    }

    // Feeds RESP commands through redis-cli --pipe (thousands of keys in well under a second).
    static bool pipe(quint16 port, int db, const QByteArray &commands)
    {
        QProcess cli;
        cli.start(QStringLiteral("redis-cli"),
                  {QStringLiteral("-p"), QString::number(port), QStringLiteral("-n"), QString::number(db), QStringLiteral("--pipe")});
        if (!cli.waitForStarted(5000))
            return false;
        cli.write(commands);
        cli.closeWriteChannel();
        if (!cli.waitForFinished(120000))
            return false;
        const QByteArray out = cli.readAll();
        if (cli.exitCode() != 0 || !out.contains("errors: 0"))
            qWarning("redis-cli --pipe: %s", out.constData());
        return cli.exitCode() == 0 && out.contains("errors: 0");
    }

    // k:<i>: i % 6 picks the type (string, hash, list, set, zset, stream); every 7th key
    // expires in an hour; every 30th hash and set is big enough for a hashtable.
    static QByteArray typedKeys(int count)
    {
        QByteArray out;
        for (int i = 0; i < count; ++i) {
            const QByteArray k = "k:" + QByteArray::number(i);
            const QByteArray n = QByteArray::number(i);
            switch (i % 6) {
            case 0:
                appendCommand(&out, {"SET", k, i % 12 == 0 ? n : "value-" + n + QByteArray(i % 50, 'x')});
                break;
            case 1: {
                QByteArrayList args{"HSET", k};
                for (int f = 0; f < (i % 30 == 1 ? 200 : 3); ++f)
                    args << "f" + QByteArray::number(f) << "v" + n;
                appendCommand(&out, args);
                break;
            }
            case 2:
                appendCommand(&out, {"RPUSH", k, "a", "b", "c", n});
                break;
            case 3: {
                QByteArrayList args{"SADD", k};
                for (int m = 0; m < (i % 30 == 3 ? 200 : 3); ++m)
                    args << (i % 2 ? QByteArray::number(m) : "m" + QByteArray::number(m));
                appendCommand(&out, args);
                break;
            }
            case 4:
                appendCommand(&out, {"ZADD", k, "1", "a", "2", "b", "3.5", "c" + n});
                break;
            default:
                appendCommand(&out, {"XADD", k, "*", "f", n});
                appendCommand(&out, {"XADD", k, "*", "g", "x"});
                break;
            }
            if (i % 7 == 0)
                appendCommand(&out, {"PEXPIRE", k, "3600000"});
        }
        return out;
    }

    void populate(const char *master)
    {
        for (int db : m_dbs)
            QVERIFY(pipe(m_lab->port(QString::fromLatin1(master)), db, typedKeys(kKeysPerDb)));
    }

    void converge(const char *master, const char *replica)
    {
        QString why;
        QVERIFY2(BlockingRedis::waitConverged(addr(master), {addr(replica)}, {}, 60000, &why), qPrintable(why));
    }

    // The dbs holding keys on `name`, with their key counts (what the caller passes).
    QList<QPair<int, qint64>> keyspace(const char *name) const
    {
        QList<QPair<int, qint64>> dbs;
        BlockingRedis r(addr(name));
        const BlockingRedis::Reply info = r.call({"INFO", "keyspace"});
        for (const QByteArray &line : info.text.split('\n')) {
            if (line.startsWith("db"))
                dbs.append({line.mid(2, line.indexOf(':') - 2).toInt(), line.mid(line.indexOf("keys=") + 5).split(',').first().toLongLong()});
        }
        return dbs;
    }

    static qint64 total(const QList<QPair<int, qint64>> &dbs)
    {
        qint64 n = 0;
        for (const auto &db : dbs)
            n += db.second;
        return n;
    }

    static DatasetCompare::Result wait(DatasetCompare &compare, const std::function<void()> &start, int timeoutMs = 120000)
    {
        QSignalSpy done(&compare, &DatasetCompare::finished);
        start();
        if (!done.wait(timeoutMs)) {
            DatasetCompare::Result r;
            r.error = QStringLiteral("no result within %1 ms").arg(timeoutMs);
            return r;
        }
        return done.first().first().value<DatasetCompare::Result>();
    }

    static QString describe(const DatasetCompare::Result &r)
    {
        QStringList lines{QStringLiteral("compared %1, error '%2'").arg(r.compared).arg(r.error)};
        for (const DatasetCompare::Difference &d : r.differences)
            lines << QStringLiteral("  db%1 %2: %3").arg(d.db).arg(QString::fromUtf8(d.key), d.what);
        return lines.join(QLatin1Char('\n'));
    }

    static void call(BlockingRedis &r, const QByteArrayList &args)
    {
        const BlockingRedis::Reply reply = r.call(args);
        QVERIFY2(!reply.error && r.isConnected(), reply.text.constData());
    }

    static qint64 peakRssKb()
    {
        QFile status(QStringLiteral("/proc/self/status"));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmHWM:"))
                return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        TestEnv::requireBinary(QStringLiteral("redis-cli"), QStringLiteral("redis-tools"));
    }

    void init()
    {
        m_lab = std::make_unique<ReplicationLab>();
        QVERIFY2(m_lab->addMaster(QStringLiteral("m")), qPrintable(m_lab->errorString()));
        QVERIFY2(m_lab->addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
        QVERIFY2(m_lab->waitLinked(), qPrintable(m_lab->errorString()));
    }

    void cleanup() { m_lab.reset(); }

    void equalDataCompareEqual()
    {
        populate("m");
        converge("m", "r");
        const auto dbs = keyspace("m");
        QCOMPARE(dbs.size(), 3);
        DatasetCompare compare(m_lab->profile(QStringLiteral("m")), m_lab->profile(QStringLiteral("r")), nullptr);
        QSignalSpy progress(&compare, &DatasetCompare::progress);
        const DatasetCompare::Result full = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Full, 0, dbs); });
        QVERIFY2(full.ok() && full.differences.isEmpty(), qPrintable(describe(full)));
        QCOMPARE(full.compared, total(dbs));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());

        const DatasetCompare::Result sample = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Sample, 600, dbs); });
        QVERIFY2(sample.ok() && sample.differences.isEmpty(), qPrintable(describe(sample)));
        QVERIFY2(sample.compared > 300 && sample.compared <= 600, qPrintable(describe(sample)));
    }

    void changesOnTheReplicaAreNamed()
    {
        populate("m");
        converge("m", "r");
        const auto dbs = keyspace("m");
        BlockingRedis r(addr("r"));
        call(r, {"CONFIG", "SET", "replica-read-only", "no"});
        call(r, {"SET", "k:6", "changed"});                // string
        call(r, {"HSET", "k:1", "extra", "x"});            // hash (listpack on both sides)
        call(r, {"HSET", "k:31", "f0", "other"});          // hash (hashtable on both sides)
        call(r, {"DEL", "k:2"});
        call(r, {"DEL", "k:12"});
        call(r, {"RPUSH", "k:12", "x"});
        call(r, {"PEXPIRE", "k:18", "100000"});            // had no TTL
        call(r, {"PERSIST", "k:14"});                      // had an hour
        call(r, {"PEXPIRE", "k:21", "100000"});            // an hour on the source
        const qint64 pttl = r.call({"PTTL", "k:28"}).text.toLongLong();
        call(r, {"PEXPIRE", "k:28", QByteArray::number(pttl - 500)});   // within the tolerance
        call(r, {"SELECT", "3"});
        call(r, {"SET", "extra:3", "x"});
        call(r, {"SELECT", "5"});
        call(r, {"SET", "extra:5", "x"});                  // a db the source does not have
        call(r, {"SELECT", "7"});
        call(r, {"SADD", "k:3", "999"});             // a big intset: a hashtable now
        QCOMPARE(r.call({"SCARD", "k:3"}).text, QByteArray("201"));

        DatasetCompare compare(m_lab->profile(QStringLiteral("m")), m_lab->profile(QStringLiteral("r")), nullptr);
        const DatasetCompare::Result result = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Full, 0, dbs); });
        QVERIFY2(result.ok(), qPrintable(describe(result)));
        QMap<QString, QString> found;
        for (const DatasetCompare::Difference &d : result.differences)
            found.insert(QStringLiteral("%1/%2").arg(d.db).arg(QString::fromUtf8(d.key)), d.what);
        const QMap<QString, QString> expected{
            {QStringLiteral("0/k:6"), QStringLiteral("payload differs")},
            {QStringLiteral("0/k:1"), QStringLiteral("payload differs")},
            {QStringLiteral("0/k:31"), QStringLiteral("payload differs")},
            {QStringLiteral("0/k:2"), QStringLiteral("missing on the target")},
            {QStringLiteral("0/k:12"), QStringLiteral("type string vs list")},
            {QStringLiteral("0/k:18"), QStringLiteral("TTL none vs")},
            {QStringLiteral("0/k:14"), QStringLiteral("TTL 3")},
            {QStringLiteral("0/k:21"), QStringLiteral("TTL 3")},
            {QStringLiteral("3/extra:3"), QStringLiteral("only on the target")},
            {QStringLiteral("5/extra:5"), QStringLiteral("only on the target")},
            {QStringLiteral("7/k:3"), QStringLiteral("payload differs")},
        };
        QVERIFY2(found.keys() == expected.keys(), qPrintable(describe(result)));
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            QVERIFY2(found.value(it.key()).startsWith(it.value()), qPrintable(it.key() + QStringLiteral(": ") + found.value(it.key())));
        QVERIFY2(found.value(QStringLiteral("0/k:14")).endsWith(QStringLiteral("ms vs none")), qPrintable(found.value(QStringLiteral("0/k:14"))));
        QVERIFY2(found.value(QStringLiteral("0/k:21")).contains(QStringLiteral(" ms vs 99")), qPrintable(found.value(QStringLiteral("0/k:21"))));

        // The same keys read now on both sides say the same.
        const DatasetCompare::Result exact = wait(compare, [&] { compare.compareExact(result.differences); });
        QVERIFY2(exact.ok(), qPrintable(exact.error));
        QCOMPARE(exact.differences.size(), result.differences.size());

        // A sample finds a db the replica lost, and only that.
        call(r, {"SELECT", "3"});
        call(r, {"FLUSHDB"});
        const DatasetCompare::Result sample = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Sample, 300, dbs); });
        QVERIFY2(sample.ok() && sample.compared > 200, qPrintable(describe(sample)));
        qsizetype lost = 0;
        for (const DatasetCompare::Difference &d : sample.differences) {
            lost += d.db == 3 && d.what == QStringLiteral("missing on the target") ? 1 : 0;
            QVERIFY2(d.db != 3 || d.what == QStringLiteral("missing on the target"), qPrintable(describe(sample)));
        }
        QVERIFY2(lost > 50, qPrintable(describe(sample)));
    }

    void writesAtFullSpeedOnlyChange()
    {
        populate("m");
        converge("m", "r");
        FollowingWriter writer({addr("m")});
        writer.setCommandTimeout(10000);
        std::atomic<bool> stop{false};
        std::atomic<qint64> sets{0};
        std::thread many;
        struct Join
        {
            std::atomic<bool> &stop;
            std::thread &thread;
            ~Join()
            {
                stop = true;
                if (thread.joinable())
                    thread.join();
            }
        } join{stop, many};
        // A second writer on many keys: strings, hashes and TTLs in db 0.
        many = std::thread([&] {
            BlockingRedis w(addr("m"), {}, 10000);
            for (int n = 0; !stop; ++n) {
                const QByteArray k = "k:" + QByteArray::number((n * 6) % kKeysPerDb);
                w.call({"SET", k, "live-" + QByteArray::number(n)});
                w.call({"HSET", "k:" + QByteArray::number((n * 6 + 1) % kKeysPerDb), "live", QByteArray::number(n)});
                ++sets;
            }
        });
        writer.start();
        QVERIFY(writer.waitForMore(1000, 5000));
        QVERIFY(QTest::qWaitFor([&] { return sets.load() > 200; }, 5000));
        const auto dbs = keyspace("m");
        DatasetCompare compare(m_lab->profile(QStringLiteral("m")), m_lab->profile(QStringLiteral("r")), nullptr);
        compare.setBatchSize(100);
        const qint64 writesBefore = writer.acknowledged() + sets.load();
        const DatasetCompare::Result live = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Full, 0, dbs); });
        const qint64 writesDuring = writer.acknowledged() + sets.load() - writesBefore;
        QVERIFY2(live.ok(), qPrintable(describe(live)));
        QVERIFY(live.compared >= 3 * kKeysPerDb);
        QVERIFY2(writesDuring > 500, qPrintable(QString::number(writesDuring)));
        for (const DatasetCompare::Difference &d : live.differences)
            QVERIFY2(d.what == QStringLiteral("changing"), qPrintable(describe(live)));
        qInfo("%lld keys compared during %lld writes, %lld changing", live.compared, writesDuring,
              qint64(live.differences.size()));

        // Writes paused and applied: the keys that were changing are equal, and so is all.
        BlockingRedis admin(addr("m"));
        call(admin, {"CLIENT", "PAUSE", "5000", "WRITE"});
        converge("m", "r");
        const DatasetCompare::Result exact = wait(compare, [&] { compare.compareExact(live.differences); });
        compare.setBatchSize(500);
        const DatasetCompare::Result paused = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Full, 0, keyspace("m")); });
        call(admin, {"CLIENT", "UNPAUSE"});
        stop = true;
        many.join();
        writer.stop();
        QVERIFY2(exact.ok() && exact.differences.isEmpty(), qPrintable(describe(exact)));
        QCOMPARE(exact.compared, qint64(live.differences.size()));
        QVERIFY2(paused.ok() && paused.differences.isEmpty(), qPrintable(describe(paused)));
    }

    void bigValuesAreReadApart()
    {
        // Six strings of 3 MB and a list of ~6 MB: more than one read's budget (8 MB).
        QByteArray commands;
        for (int i = 0; i < 6; ++i)
            appendCommand(&commands, {"SET", "big:" + QByteArray::number(i), QByteArray(3'000'000, char('a' + i))});
        QByteArrayList push{"RPUSH", "biglist"};
        for (int i = 0; i < 50000; ++i)
            push << QByteArray::number(i).rightJustified(100, '-');
        appendCommand(&commands, push);
        // A hash and a set of more than 10 MB: hashtables, each ordered by its own process's
        // hash seed, so their DUMP payloads differ; they are read in parts.
        for (int part = 0; part < 120; ++part) {
            QByteArrayList hset{"HSET", "bighash"};
            QByteArrayList sadd{"SADD", "bigset"};
            for (int i = part * 1000; i < (part + 1) * 1000; ++i) {
                hset << "field:" + QByteArray::number(i) << QByteArray(80, char('a' + i % 26));
                sadd << "member:" + QByteArray::number(i) + QByteArray(60, '.');
            }
            appendCommand(&commands, hset);
            appendCommand(&commands, sadd);
        }
        QVERIFY(pipe(m_lab->port(QStringLiteral("m")), 0, commands));
        commands = QByteArray();
        push.clear();
        // Other dbs to read next while the big values are read in parts.
        QVERIFY(pipe(m_lab->port(QStringLiteral("m")), 3, typedKeys(kKeysPerDb)));
        QVERIFY(pipe(m_lab->port(QStringLiteral("m")), 7, typedKeys(kKeysPerDb)));
        converge("m", "r");
        BlockingRedis m(addr("m"));
        BlockingRedis r(addr("r"));
        QVERIFY(m.call({"MEMORY", "USAGE", "bighash"}).text.toLongLong() > 10'000'000);
        QVERIFY(m.call({"MEMORY", "USAGE", "bigset"}).text.toLongLong() > 10'000'000);
        QVERIFY(m.call({"DUMP", "bighash"}).text != r.call({"DUMP", "bighash"}).text);
        call(r, {"CONFIG", "SET", "replica-read-only", "no"});
        call(r, {"SETRANGE", "big:4", "2999999", "!"});
        DatasetCompare compare(m_lab->profile(QStringLiteral("m")), m_lab->profile(QStringLiteral("r")), nullptr);
        const DatasetCompare::Result full = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Full, 0, keyspace("m")); });
        QVERIFY2(full.ok() && full.compared == 9 + 2 * kKeysPerDb && full.differences.size() == 1, qPrintable(describe(full)));
        QCOMPARE(full.differences.first().key, QByteArray("big:4"));
        QCOMPARE(full.differences.first().what, QStringLiteral("payload differs"));

        call(r, {"HSET", "bighash", "field:77", "changed"});
        call(r, {"SREM", "bigset", "member:5" + QByteArray(60, '.')});
        const DatasetCompare::Result exact = wait(compare, [&] {
            compare.compareExact({{0, "bighash", {}}, {0, "bigset", {}}, {0, "biglist", {}}});
        });
        QVERIFY2(exact.ok() && exact.differences.size() == 2, qPrintable(describe(exact)));
        QCOMPARE(exact.differences.at(0).what, QStringLiteral("payload differs"));
        QCOMPARE(exact.differences.at(1).what, QStringLiteral("payload differs"));
    }

    void otherEncodingsAreNoDifference()
    {
        // The replica keeps small hashes, sets and zsets as hashtables/skiplists from its
        // first sync on; the master keeps them as listpacks and intsets.
        m_lab.reset();
        m_lab = std::make_unique<ReplicationLab>();
        QVERIFY2(m_lab->addMaster(QStringLiteral("m")), qPrintable(m_lab->errorString()));
        populate("m");
        QVERIFY2(m_lab->addReplica(QStringLiteral("r"), QStringLiteral("m"),
                                   {QStringLiteral("--hash-max-listpack-entries"), QStringLiteral("1"),
                                    QStringLiteral("--set-max-intset-entries"), QStringLiteral("1"),
                                    QStringLiteral("--zset-max-listpack-entries"), QStringLiteral("1")}),
                 qPrintable(m_lab->errorString()));
        QVERIFY2(m_lab->waitLinked(), qPrintable(m_lab->errorString()));
        converge("m", "r");
        BlockingRedis m(addr("m"));
        BlockingRedis r(addr("r"));
        QCOMPARE(m.call({"OBJECT", "ENCODING", "k:1"}).text, QByteArray("listpack"));
        QCOMPARE(r.call({"OBJECT", "ENCODING", "k:1"}).text, QByteArray("hashtable"));
        QCOMPARE(m.call({"OBJECT", "ENCODING", "k:4"}).text, QByteArray("listpack"));
        QCOMPARE(r.call({"OBJECT", "ENCODING", "k:4"}).text, QByteArray("skiplist"));
        QVERIFY(m.call({"DUMP", "k:1"}).text != r.call({"DUMP", "k:1"}).text);

        const auto dbs = keyspace("m");
        DatasetCompare compare(m_lab->profile(QStringLiteral("m")), m_lab->profile(QStringLiteral("r")), nullptr);
        const DatasetCompare::Result full = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Full, 0, dbs); });
        QVERIFY2(full.ok() && full.differences.isEmpty(), qPrintable(describe(full)));
        QCOMPARE(full.compared, total(dbs));
        const DatasetCompare::Result exact = wait(compare, [&] {
            compare.compareExact({{0, "k:1", {}}, {0, "k:3", {}}, {0, "k:4", {}}, {3, "k:31", {}}});
        });
        QVERIFY2(exact.ok() && exact.differences.isEmpty() && exact.compared == 4, qPrintable(describe(exact)));
        // Nothing to compare: the verdict still comes (from the event loop).
        const DatasetCompare::Result none = wait(compare, [&] { compare.compareExact({}); }, 5000);
        QVERIFY2(none.ok() && none.compared == 0, qPrintable(describe(none)));
    }

    void cancelEndsTheComparison()
    {
        populate("m");
        converge("m", "r");
        DatasetCompare compare(m_lab->profile(QStringLiteral("m")), m_lab->profile(QStringLiteral("r")), nullptr);
        compare.setBatchSize(50);
        QSignalSpy progress(&compare, &DatasetCompare::progress);
        QSignalSpy done(&compare, &DatasetCompare::finished);
        compare.compareLive(DatasetCompare::Mode::Full, 0, keyspace("m"));
        QVERIFY(progress.wait(10000));
        compare.cancel();
        QCOMPARE(done.size(), 1);
        const auto result = done.first().first().value<DatasetCompare::Result>();
        QCOMPARE(result.error, QStringLiteral("cancelled"));
        QVERIFY(result.compared < 3 * kKeysPerDb);
        // Replies still under way change nothing.
        QTest::qWait(300);
        QCOMPARE(done.size(), 1);
    }

    void unreachableTargetIsAnError()
    {
        populate("m");
        ConnectionProfile target = m_lab->profile(QStringLiteral("r"));
        target.port = TestEnv::freePort();
        target.connectTimeoutMs = 2000;
        DatasetCompare compare(m_lab->profile(QStringLiteral("m")), target, nullptr);
        const DatasetCompare::Result result = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Full, 0, keyspace("m")); }, 20000);
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(QStringLiteral("target")), qPrintable(result.error));
        QVERIFY(result.differences.isEmpty());

        // A target that is no replica of the source cannot be compared while writes go on.
        m_lab->stop(QStringLiteral("r"));
        QVERIFY2(m_lab->addMaster(QStringLiteral("other")), qPrintable(m_lab->errorString()));
        DatasetCompare other(m_lab->profile(QStringLiteral("m")), m_lab->profile(QStringLiteral("other")), nullptr);
        const DatasetCompare::Result notReplica = wait(other, [&] { other.compareLive(DatasetCompare::Mode::Sample, 100, keyspace("m")); }, 20000);
        QVERIFY2(notReplica.error.contains(QStringLiteral("not a replica")), qPrintable(notReplica.error));

        // Nor one that replicates from another master.
        QVERIFY2(m_lab->addReplica(QStringLiteral("elsewhere"), QStringLiteral("other")), qPrintable(m_lab->errorString()));
        QVERIFY2(m_lab->waitLinked(), qPrintable(m_lab->errorString()));
        DatasetCompare wrong(m_lab->profile(QStringLiteral("m")), m_lab->profile(QStringLiteral("elsewhere")), nullptr);
        const DatasetCompare::Result wrongMaster = wait(wrong, [&] { wrong.compareLive(DatasetCompare::Mode::Sample, 100, keyspace("m")); }, 20000);
        QVERIFY2(wrongMaster.error.contains(QStringLiteral("does not replicate from the source")), qPrintable(wrongMaster.error));
        QVERIFY(wrongMaster.differences.isEmpty());
    }

    // 200k keys of 1 kB (TANDEM_COMPARE_KEYS / TANDEM_COMPARE_VALUE_BYTES to measure more):
    // the whole dataset is compared in bounded memory.
    void fullCompareSpeedAndMemory()
    {
        const qint64 keys = qEnvironmentVariableIntValue("TANDEM_COMPARE_KEYS") > 0 ? qEnvironmentVariableIntValue("TANDEM_COMPARE_KEYS") : 200000;
        const int valueBytes = qEnvironmentVariableIntValue("TANDEM_COMPARE_VALUE_BYTES") > 0 ? qEnvironmentVariableIntValue("TANDEM_COMPARE_VALUE_BYTES") : 1000;
        QByteArray commands;
        const QByteArray pad(valueBytes - 12, 'v');
        for (qint64 i = 0; i < keys; ++i) {
            const QByteArray n = QByteArray::number(i);
            appendCommand(&commands, {"SET", "big:" + n, n.rightJustified(12, '0') + pad});
            if (commands.size() > 8 * 1024 * 1024) {
                QVERIFY(pipe(m_lab->port(QStringLiteral("m")), 0, commands));
                commands.clear();
            }
        }
        QVERIFY(pipe(m_lab->port(QStringLiteral("m")), 0, commands));
        commands = QByteArray();
        converge("m", "r");
        const auto dbs = keyspace("m");
        QCOMPARE(total(dbs), keys);

        QFile clear(QStringLiteral("/proc/self/clear_refs"));
        const bool reset = clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
        clear.close();
        const qint64 before = peakRssKb();
        DatasetCompare compare(m_lab->profile(QStringLiteral("m")), m_lab->profile(QStringLiteral("r")), nullptr);
        QElapsedTimer clock;
        clock.start();
        const DatasetCompare::Result full = wait(compare, [&] { compare.compareLive(DatasetCompare::Mode::Full, 0, dbs); }, 600000);
        const qint64 ms = qMax<qint64>(1, clock.elapsed());
        const qint64 peak = peakRssKb();
        QVERIFY2(full.ok() && full.differences.isEmpty(), qPrintable(describe(full)));
        QCOMPARE(full.compared, keys);
        qInfo("Full compare: %lld keys of %d bytes in %lld ms = %lld keys/s; peak RSS %lld kB (%s, %lld kB before)",
              keys, valueBytes, ms, keys * 1000 / ms, peak, reset ? "reset before" : "since start", before);
        QVERIFY2(peak < 100 * 1024, qPrintable(QString::number(peak)));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestDatasetCompare)
#include "tst_datasetcompare.moc"
