// `tandemctl topology` as an operator and a script use it: real servers, the built binary,
// the JSON shape scripts rely on, DOT, --watch and the exit codes.
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTest>

#include <csignal>

class tst_TandemctlTopology : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void healthyChainFromLeafExitsZero();
    void jsonShape();
    void anomalyExitsOne();
    void unreachableSeedExitsThree();
    void wrongPasswordExitsThree();
    void dotOutput();
    void severalSeedsSeveralGroups();
    void watchReportsChanges();

private:
    static QJsonObject parseJson(const CliResult &r);
    static QSet<QString> keys(const QJsonObject &o);

    // healthy: master -> r1 -> r1a (persistent master); unsafe: umaster -> ureplica with
    // persistence off (an anomaly).
    ReplicationLab m_lab;
};

QJsonObject tst_TandemctlTopology::parseJson(const CliResult &r)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning().noquote() << "not JSON:" << error.errorString() << r.out << r.err;
    return doc.object();
}

QSet<QString> tst_TandemctlTopology::keys(const QJsonObject &o)
{
    const QStringList k = o.keys();
    return QSet<QString>(k.cbegin(), k.cend());
}

void tst_TandemctlTopology::initTestCase()
{
    QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return;
    QVERIFY2(m_lab.addMaster(QStringLiteral("master")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r1"), QStringLiteral("master")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r1a"), QStringLiteral("r1")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addMaster(QStringLiteral("umaster"), {QStringLiteral("--save"), QString()}),
             qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("ureplica"), QStringLiteral("umaster")),
             qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.waitLinked(), qPrintable(m_lab.errorString()));
}

void tst_TandemctlTopology::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    const QString topology = QStringLiteral("topology");
    const QString seed = QStringLiteral("--seed");
    QTest::newRow("no seed") << QStringList{topology};
    QTest::newRow("json and dot") << QStringList{topology, seed, QStringLiteral("127.0.0.1:1"),
                                                 QStringLiteral("--json"), QStringLiteral("--dot")};
    QTest::newRow("bad interval") << QStringList{topology, seed, QStringLiteral("127.0.0.1:1"),
                                                 QStringLiteral("--interval"), QStringLiteral("soon")};
    QTest::newRow("tiny interval") << QStringList{topology, seed, QStringLiteral("127.0.0.1:1"),
                                                  QStringLiteral("--interval"), QStringLiteral("1")};
    QTest::newRow("bad seed") << QStringList{topology, seed, QStringLiteral("http://x:1")};
    QTest::newRow("bad port") << QStringList{topology, seed, QStringLiteral("localhost:99999")};
    QTest::newRow("unknown option") << QStringList{topology, QStringLiteral("--bogus"), seed,
                                                   QStringLiteral("127.0.0.1:1")};
    QTest::newRow("bad timeout") << QStringList{topology, seed, QStringLiteral("127.0.0.1:1"),
                                                QStringLiteral("--timeout"), QStringLiteral("-1")};
}

void tst_TandemctlTopology::usageErrorsExitTwo()
{
    QFETCH(QStringList, args);
    const CliResult r = CliRunner::run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(!r.err.isEmpty(), "a usage error must say what is wrong");
}

void tst_TandemctlTopology::healthyChainFromLeafExitsZero()
{
    // Seeding the deepest replica finds its master and the master's master.
    const CliResult r = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"),
                                        m_lab.address(QStringLiteral("r1a"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QString master = m_lab.address(QStringLiteral("master"));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    const QString r1a = m_lab.address(QStringLiteral("r1a"));
    QVERIFY2(r.out.contains(QStringLiteral("Group 1: master ") + master), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("No anomalies.")), qPrintable(r.out));
    // The chain is indented: r1a sits deeper than r1, which sits deeper than the master.
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    auto indentOf = [&lines](const QString &address) -> qsizetype {
        for (const QString &l : lines) {
            if (l.contains(address + QStringLiteral("  ")))
                return l.indexOf(address);
        }
        return -1;
    };
    QVERIFY(indentOf(master) >= 0);
    QVERIFY2(indentOf(r1) > indentOf(master), qPrintable(r.out));
    QVERIFY2(indentOf(r1a) > indentOf(r1), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("link up")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("7.0")) || r.out.contains(QLatin1String("7.")), qPrintable(r.out));
}

void tst_TandemctlTopology::jsonShape()
{
    const CliResult r = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"),
                                        m_lab.address(QStringLiteral("r1a")), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QJsonObject doc = parseJson(r);
    const QSet<QString> top{QStringLiteral("taken_at"), QStringLiteral("nodes"), QStringLiteral("edges"),
                            QStringLiteral("groups"), QStringLiteral("anomalies")};
    QCOMPARE(keys(doc), top);
    QVERIFY(doc.value(QStringLiteral("taken_at")).isString());
    QVERIFY(doc.value(QStringLiteral("anomalies")).toArray().isEmpty());

    const QString master = m_lab.address(QStringLiteral("master"));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    const QString r1a = m_lab.address(QStringLiteral("r1a"));
    const QJsonArray nodes = doc.value(QStringLiteral("nodes")).toArray();
    QCOMPARE(nodes.size(), 3);
    const QStringList required{QStringLiteral("address"), QStringLiteral("role"), QStringLiteral("reachable"),
                               QStringLiteral("version"), QStringLiteral("master"), QStringLiteral("link"),
                               QStringLiteral("repl_offset"), QStringLiteral("lag_bytes"),
                               QStringLiteral("sync_in_progress")};
    QHash<QString, QJsonObject> byAddress;
    for (const QJsonValue &v : nodes) {
        const QJsonObject n = v.toObject();
        for (const QString &k : required)
            QVERIFY2(n.contains(k), qPrintable(k));
        QVERIFY(n.value(QStringLiteral("reachable")).toBool());
        QVERIFY(n.value(QStringLiteral("version")).toString().startsWith(QLatin1String("7.")));
        QVERIFY(n.value(QStringLiteral("repl_offset")).isDouble());
        QVERIFY(n.value(QStringLiteral("sync_in_progress")).isBool());
        byAddress.insert(n.value(QStringLiteral("address")).toString(), n);
    }
    // Sorted: the master first (group 0, depth 0).
    QCOMPARE(nodes.first().toObject().value(QStringLiteral("address")).toString(), master);
    const QJsonObject m = byAddress.value(master);
    QCOMPARE(m.value(QStringLiteral("role")).toString(), QStringLiteral("master"));
    QVERIFY(m.value(QStringLiteral("master")).isNull());
    QVERIFY(m.value(QStringLiteral("link")).isNull());
    QVERIFY(m.value(QStringLiteral("lag_bytes")).isNull());
    const QJsonObject leaf = byAddress.value(r1a);
    QCOMPARE(leaf.value(QStringLiteral("role")).toString(), QStringLiteral("replica"));
    QCOMPARE(leaf.value(QStringLiteral("master")).toString(), r1);
    QCOMPARE(leaf.value(QStringLiteral("link")).toString(), QStringLiteral("up"));
    QVERIFY(leaf.value(QStringLiteral("lag_bytes")).isDouble());
    QCOMPARE(byAddress.value(r1).value(QStringLiteral("master")).toString(), master);

    const QJsonArray edges = doc.value(QStringLiteral("edges")).toArray();
    QCOMPARE(edges.size(), 2);
    QSet<QString> pairs;
    for (const QJsonValue &v : edges) {
        const QJsonObject e = v.toObject();
        for (const QString &k : {QStringLiteral("master"), QStringLiteral("replica"), QStringLiteral("link"),
                                 QStringLiteral("lag_bytes")})
            QVERIFY2(e.contains(k), qPrintable(k));
        QCOMPARE(e.value(QStringLiteral("link")).toString(), QStringLiteral("up"));
        pairs.insert(e.value(QStringLiteral("master")).toString() + QStringLiteral("->")
                     + e.value(QStringLiteral("replica")).toString());
    }
    QCOMPARE(pairs, (QSet<QString>{master + QStringLiteral("->") + r1, r1 + QStringLiteral("->") + r1a}));

    const QJsonArray groups = doc.value(QStringLiteral("groups")).toArray();
    QCOMPARE(groups.size(), 1);
    const QJsonObject g = groups.first().toObject();
    QCOMPARE(g.value(QStringLiteral("master")).toString(), master);
    QCOMPARE(g.value(QStringLiteral("nodes")).toArray().size(), 3);
    QCOMPARE(g.value(QStringLiteral("nodes")).toArray().first().toString(), master);
    QVERIFY(g.value(QStringLiteral("sentinels")).isArray());
}

void tst_TandemctlTopology::anomalyExitsOne()
{
    const QString umaster = m_lab.address(QStringLiteral("umaster"));
    const CliResult r = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"),
                                        m_lab.address(QStringLiteral("ureplica")), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
    const QJsonArray anomalies = parseJson(r).value(QStringLiteral("anomalies")).toArray();
    QVERIFY(!anomalies.isEmpty());
    bool found = false;
    for (const QJsonValue &v : anomalies) {
        const QJsonObject a = v.toObject();
        QCOMPARE(keys(a), (QSet<QString>{QStringLiteral("kind"), QStringLiteral("nodes"), QStringLiteral("message"),
                                        QStringLiteral("severity"), QStringLiteral("advice")}));
        found = found || (a.value(QStringLiteral("kind")).toString() == QLatin1String("master_without_persistence")
                          && a.value(QStringLiteral("nodes")).toArray().contains(umaster));
    }
    QVERIFY2(found, qPrintable(r.out));

    // The readable form explains what to do about it.
    const CliResult text = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"),
                                           m_lab.address(QStringLiteral("ureplica"))});
    QCOMPARE(text.exitCode, 1);
    QVERIFY2(text.out.contains(QLatin1String("master_without_persistence")), qPrintable(text.out));
    QVERIFY2(text.out.contains(QLatin1String("advice: ")), qPrintable(text.out));
}

void tst_TandemctlTopology::unreachableSeedExitsThree()
{
    const QString closed = QStringLiteral("127.0.0.1:%1").arg(TestEnv::freePort());
    const CliResult r = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"), closed});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QLatin1String("could not reach")), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());

    // One reachable seed is enough: the dead one is reported as a problem (exit 1), not 3.
    const CliResult mixed = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"), closed,
                                            QStringLiteral("--seed"), m_lab.address(QStringLiteral("master"))});
    QVERIFY2(mixed.exitCode == 1, qPrintable(mixed.out + mixed.err));
    QVERIFY2(mixed.out.contains(closed), qPrintable(mixed.out));
}

void tst_TandemctlTopology::wrongPasswordExitsThree()
{
    ReplicationLab lab;
    lab.setPassword(QStringLiteral("right-pw"));
    QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));
    const CliResult wrong = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"),
                                            lab.address(QStringLiteral("r")), QStringLiteral("-a"),
                                            QStringLiteral("wrong-pw")});
    QCOMPARE(wrong.exitCode, 3);
    QVERIFY2(wrong.err.contains(QLatin1String("password")), qPrintable(wrong.err));
    QVERIFY2(!wrong.err.contains(QLatin1String("wrong-pw")), qPrintable(wrong.err));

    // The right one, given once, reaches every node.
    const CliResult right = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"),
                                            lab.address(QStringLiteral("r")), QStringLiteral("-a"),
                                            QStringLiteral("right-pw"), QStringLiteral("--json")});
    QVERIFY2(right.exitCode == 0, qPrintable(right.out + right.err));
    QCOMPARE(parseJson(right).value(QStringLiteral("nodes")).toArray().size(), 2);
}

void tst_TandemctlTopology::dotOutput()
{
    const CliResult r = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"),
                                        m_lab.address(QStringLiteral("r1")), QStringLiteral("--dot")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.startsWith(QLatin1String("digraph")), qPrintable(r.out));
    QVERIFY(r.out.trimmed().endsWith(QLatin1Char('}')));
    const QString master = m_lab.address(QStringLiteral("master"));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    const QString r1a = m_lab.address(QStringLiteral("r1a"));
    const QString quote = QStringLiteral("\"");
    QVERIFY2(r.out.contains(quote + master + quote + QStringLiteral(" -> ") + quote + r1 + quote), qPrintable(r.out));
    QVERIFY2(r.out.contains(quote + r1 + quote + QStringLiteral(" -> ") + quote + r1a + quote), qPrintable(r.out));
}

void tst_TandemctlTopology::severalSeedsSeveralGroups()
{
    const CliResult r = CliRunner::run({QStringLiteral("topology"), QStringLiteral("--seed"),
                                        m_lab.address(QStringLiteral("r1")), QStringLiteral("--seed"),
                                        m_lab.address(QStringLiteral("umaster")), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);  // the unsafe group's anomaly
    const QJsonObject doc = parseJson(r);
    QCOMPARE(doc.value(QStringLiteral("groups")).toArray().size(), 2);
    QCOMPARE(doc.value(QStringLiteral("nodes")).toArray().size(), 5);
}

void tst_TandemctlTopology::watchReportsChanges()
{
    ReplicationLab lab;
    QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));
    QProcess p;
    p.start(CliRunner::tandemctl(), {QStringLiteral("topology"), QStringLiteral("--seed"),
                                     lab.address(QStringLiteral("m")), QStringLiteral("--watch"),
                                     QStringLiteral("--interval"), QStringLiteral("200")});
    QVERIFY(p.waitForStarted(5000));
    QString output;
    auto read = [&p, &output] {
        p.waitForReadyRead(50);
        output += QString::fromUtf8(p.readAllStandardOutput());
    };
    QTRY_VERIFY2_WITH_TIMEOUT((read(), output.contains(QLatin1String("No anomalies."))), qPrintable(output), 5000);
    QCOMPARE(p.state(), QProcess::Running);  // --watch keeps going

    lab.stop(QStringLiteral("r"));
    const QString r = lab.address(QStringLiteral("r"));
    QTRY_VERIFY2_WITH_TIMEOUT((read(), output.contains(QStringLiteral("node_down  ") + r)), qPrintable(output), 3000);
    QTRY_VERIFY2_WITH_TIMEOUT((read(), output.contains(QStringLiteral("link_down  ") + r)), qPrintable(output), 3000);
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(5000));
}

TANDEM_TEST_GUILESS_MAIN(tst_TandemctlTopology)
#include "tst_tandemctltopology.moc"
