// `tandemctl promote` and `tandemctl failover` as an operator and a script use them: real
// servers, the built binary, the JSON scripts rely on, refusals that change nothing, the
// fence after a failover, and the audit log.
#include "BlockingRedis.h"
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class tst_TandemctlPromote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void promoteEndToEnd();
    void dryRunChangesNothing();
    void timeoutsSayTheirUnit();
    void refusals_data();
    void refusals();
    void failoverAfterMasterKilled();
    void auditListsTheOperation();
    void reviewQuotesMeasuredPause();

private:
    CliResult ctl(const QStringList &args, int timeoutMs = 30000) const;
    static QJsonObject parseJson(const QString &text);
    // "master" or "replica of PORT" per node, read from the nodes themselves.
    QString roles() const;

    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<ReplicationLab> m_lab;
};

CliResult tst_TandemctlPromote::ctl(const QStringList &args, int timeoutMs) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TANDEM_DATA_DIR"), m_data->path());
    return CliRunner::run(args, timeoutMs, env);
}

QJsonObject tst_TandemctlPromote::parseJson(const QString &text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning().noquote() << "not JSON:" << error.errorString() << text;
    return doc.object();
}

QString tst_TandemctlPromote::roles() const
{
    QStringList out;
    for (const QString &name : m_lab->names()) {
        if (!m_lab->server(name)->isRunning())
            continue;
        BlockingRedis r(m_lab->address(name));
        const QByteArray role = r.infoField("replication", "role");
        out.append(name + QStringLiteral("=")
                   + (role == "slave" ? QString(QStringLiteral("replica of ") + QString::fromLatin1(r.infoField("replication", "master_port")))
                                      : QString::fromLatin1(role)));
    }
    return out.join(QStringLiteral(", "));
}

void tst_TandemctlPromote::initTestCase()
{
    QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return;
}

void tst_TandemctlPromote::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    m_lab = std::make_unique<ReplicationLab>();
    QVERIFY2(m_lab->addMaster(QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->addReplica(QStringLiteral("r2"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->addReplica(QStringLiteral("p0"), QStringLiteral("m"), {QStringLiteral("--replica-priority"), QStringLiteral("0")}),
             qPrintable(m_lab->errorString()));
    QVERIFY(m_lab->waitLinked());
    BlockingRedis m(m_lab->address(QStringLiteral("m")));
    QVERIFY(m.call({"SET", "before", "1"}).ok);
}

void tst_TandemctlPromote::cleanup()
{
    m_lab.reset();
    m_data.reset();
}

void tst_TandemctlPromote::promoteEndToEnd()
{
    const QString r1 = m_lab->address(QStringLiteral("r1"));
    const CliResult r = ctl({QStringLiteral("promote"), r1, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QJsonObject doc = parseJson(r.out);
    QVERIFY(doc.value(QStringLiteral("plan")).isObject());
    QVERIFY(doc.value(QStringLiteral("report")).isObject());
    QVERIFY2(doc.value(QStringLiteral("write_pause_ms")).isDouble(), qPrintable(r.out));
    const QJsonObject report = doc.value(QStringLiteral("report")).toObject();
    QCOMPARE(report.value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
    QVERIFY(!report.value(QStringLiteral("steps")).toArray().isEmpty());
    // Progress went to stderr as it happened, one line per step.
    QVERIFY2(r.err.contains(QStringLiteral("] Promote ")) && r.err.contains(QStringLiteral("succeeded")), qPrintable(r.err));

    // Every other node follows the new master, and its data is there.
    const QStringList followers{m_lab->address(QStringLiteral("m")), m_lab->address(QStringLiteral("r2")),
                                m_lab->address(QStringLiteral("p0"))};
    QString why;
    QVERIFY2(BlockingRedis::waitConverged(r1, followers, {}, 10000, &why), qPrintable(why));
    BlockingRedis newMaster(r1);
    QCOMPARE(newMaster.call({"GET", "before"}).text, QByteArray("1"));

    // tandemctl topology agrees: one group, r1 its master, no interrupted-operation warning
    // (exit 1 may come from persistence advice on the lab's servers, not from the roles).
    const CliResult t = ctl({QStringLiteral("topology"), QStringLiteral("--seed"), r1, QStringLiteral("--json")});
    QVERIFY2(t.exitCode == 0 || t.exitCode == 1, qPrintable(t.out + t.err));
    QVERIFY2(!t.err.contains(QStringLiteral("interrupted")), qPrintable(t.err));
    const QJsonArray groups = parseJson(t.out).value(QStringLiteral("groups")).toArray();
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.first().toObject().value(QStringLiteral("master")).toString(), r1);
}

void tst_TandemctlPromote::dryRunChangesNothing()
{
    const QString before = roles();
    const CliResult r = ctl({QStringLiteral("promote"), m_lab->address(QStringLiteral("r1")), QStringLiteral("--dry-run")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("CLIENT PAUSE")), qPrintable(r.out));  // the exact commands
    QVERIFY2(r.out.contains(QStringLiteral("Dry run")), qPrintable(r.out));
    QCOMPARE(roles(), before);
    QVERIFY(!QFile::exists(m_data->filePath(QStringLiteral("audit.jsonl")))
            || !QFile(m_data->filePath(QStringLiteral("audit.jsonl"))).size());
}

// --timeout is the connection's, in seconds, for every command; the operation's deadline has
// its own name and needs a unit, so "5000" can never be read as 5000 seconds by mistake.
void tst_TandemctlPromote::timeoutsSayTheirUnit()
{
    const QString before = roles();
    const QString r1 = m_lab->address(QStringLiteral("r1"));
    CliResult r = ctl({QStringLiteral("promote"), r1, QStringLiteral("--catch-up-timeout"), QStringLiteral("5000"),
                       QStringLiteral("--dry-run")});
    QVERIFY2(r.exitCode == 2, qPrintable(QString::number(r.exitCode) + r.out + r.err));
    QVERIFY2(r.err.contains(QStringLiteral("500ms or 5s")), qPrintable(r.err));
    r = ctl({QStringLiteral("promote"), r1, QStringLiteral("--catch-up-timeout"), QStringLiteral("20min"),
             QStringLiteral("--dry-run")});
    QVERIFY2(r.exitCode == 2, qPrintable(QString::number(r.exitCode) + r.out + r.err));
    r = ctl({QStringLiteral("promote"), r1, QStringLiteral("--catch-up-timeout"), QStringLiteral("1.5s"),
             QStringLiteral("--timeout"), QStringLiteral("3"), QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    // The pause covers the catch-up timeout, 1500 ms, plus the planner's margin (the default
    // 5s would make it over 5000).
    const qint64 pauseMs = parseJson(r.out).value(QStringLiteral("plan")).toObject().value(QStringLiteral("facts"))
                               .toObject().value(QStringLiteral("pause_ms")).toInteger(-1);
    QVERIFY2(pauseMs >= 1500 && pauseMs < 5000, qPrintable(r.out));
    QCOMPARE(roles(), before);
}

void tst_TandemctlPromote::refusals_data()
{
    QTest::addColumn<QString>("node");       // lab name, or "unknown"
    QTest::addColumn<QString>("reason");     // what stderr must say
    QTest::newRow("a master") << QStringLiteral("m") << QStringLiteral("refused");
    QTest::newRow("an unknown node") << QStringLiteral("unknown") << QStringLiteral("unknown node");
    QTest::newRow("priority 0") << QStringLiteral("p0") << QStringLiteral("priority");
}

void tst_TandemctlPromote::refusals()
{
    QFETCH(QString, node);
    QFETCH(QString, reason);
    const QString before = roles();
    QStringList args{QStringLiteral("promote")};
    if (node == QLatin1String("unknown"))
        args << QStringLiteral("127.0.0.1:%1").arg(TestEnv::freePort()) << QStringLiteral("--seed")
             << m_lab->address(QStringLiteral("m"));
    else
        args << m_lab->address(node);
    const CliResult r = ctl(args);
    QVERIFY2(r.exitCode == 1, qPrintable(QString::number(r.exitCode) + r.out + r.err));
    QVERIFY2(r.err.contains(reason, Qt::CaseInsensitive), qPrintable(r.err));
    QCOMPARE(roles(), before);
}

void tst_TandemctlPromote::failoverAfterMasterKilled()
{
    const QString dead = m_lab->address(QStringLiteral("m"));
    m_lab->stop(QStringLiteral("m"));
    // With the master gone, siblings cannot be found through it: the replicas are seeded.
    const CliResult r = ctl({QStringLiteral("failover"), QStringLiteral("--seed"), m_lab->address(QStringLiteral("r1")),
                             QStringLiteral("--seed"), m_lab->address(QStringLiteral("r2")), QStringLiteral("--seed"),
                             m_lab->address(QStringLiteral("p0")), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QJsonObject doc = parseJson(r.out);
    QCOMPARE(doc.value(QStringLiteral("report")).toObject().value(QStringLiteral("outcome")).toString(),
             QStringLiteral("succeeded"));
    QVERIFY(doc.value(QStringLiteral("candidates")).toArray().size() >= 2);
    const QString newMaster = doc.value(QStringLiteral("fence")).toObject().value(QStringLiteral("new")).toString();
    QCOMPARE(doc.value(QStringLiteral("fence")).toObject().value(QStringLiteral("old")).toString(), dead);
    QVERIFY2(newMaster == m_lab->address(QStringLiteral("r1")) || newMaster == m_lab->address(QStringLiteral("r2")),
             qPrintable(newMaster));
    const QString other = newMaster == m_lab->address(QStringLiteral("r1")) ? m_lab->address(QStringLiteral("r2"))
                                                                              : m_lab->address(QStringLiteral("r1"));
    QString why;
    QVERIFY2(BlockingRedis::waitConverged(newMaster, {other, m_lab->address(QStringLiteral("p0"))}, {}, 10000, &why),
             qPrintable(why));

    // The fence is on disk for Tandem and the next recover.
    QFile fences(m_data->filePath(QStringLiteral("fences.json")));
    QVERIFY(fences.open(QIODevice::ReadOnly));
    QVERIFY(fences.readAll().contains(dead.toUtf8()));
}

void tst_TandemctlPromote::auditListsTheOperation()
{
    const CliResult p = ctl({QStringLiteral("promote"), m_lab->address(QStringLiteral("r2")), QStringLiteral("--yes")});
    QVERIFY2(p.exitCode == 0, qPrintable(p.out + p.err));
    QVERIFY2(p.out.contains(QStringLiteral("Outcome: succeeded")), qPrintable(p.out));
    QVERIFY2(p.out.contains(QStringLiteral("Write pause:")), qPrintable(p.out));
    QVERIFY2(p.out.contains(m_lab->address(QStringLiteral("m")) + QStringLiteral("  replica of ")), qPrintable(p.out));

    const CliResult a = ctl({QStringLiteral("audit")});
    QCOMPARE(a.exitCode, 0);
    QVERIFY2(a.out.contains(QStringLiteral("op_started")) && a.out.contains(QStringLiteral("op_finished")), qPrintable(a.out));
    QVERIFY2(a.out.contains(QStringLiteral("promote: succeeded")), qPrintable(a.out));
    const CliResult j = ctl({QStringLiteral("audit"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("3")});
    QCOMPARE(j.exitCode, 0);
    const QJsonArray entries = QJsonDocument::fromJson(j.out.toUtf8()).array();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.last().toObject().value(QStringLiteral("event")).toString(), QStringLiteral("op_finished"));
}

// A second FAILOVER on the same group quotes the pause the first one really caused, not a
// generic estimate.
void tst_TandemctlPromote::reviewQuotesMeasuredPause()
{
    const CliResult first = ctl({QStringLiteral("promote"), m_lab->address(QStringLiteral("r1")), QStringLiteral("--strategy"),
                                 QStringLiteral("failover-command"), QStringLiteral("--json")});
    QVERIFY2(first.exitCode == 0, qPrintable(first.out + first.err));
    const qint64 pause = qint64(parseJson(first.out).value(QStringLiteral("write_pause_ms")).toDouble(-1));
    QVERIFY2(pause >= 0, qPrintable(first.out));
    QString why;
    QVERIFY2(BlockingRedis::waitConverged(m_lab->address(QStringLiteral("r1")),
                                          {m_lab->address(QStringLiteral("m")), m_lab->address(QStringLiteral("r2"))}, {}, 10000, &why),
             qPrintable(why));

    const CliResult review = ctl({QStringLiteral("promote"), m_lab->address(QStringLiteral("m")), QStringLiteral("--strategy"),
                                  QStringLiteral("failover-command"), QStringLiteral("--dry-run")});
    QVERIFY2(review.exitCode == 0, qPrintable(review.out + review.err));
    const QString expected = QStringLiteral("the last 1 run(s) of this strategy paused writes %1 ms").arg(pause);
    QVERIFY2(review.out.contains(expected), qPrintable(review.out + QStringLiteral("\nexpected: ") + expected));
}

TANDEM_TEST_GUILESS_MAIN(tst_TandemctlPromote)
#include "tst_tandemctlpromote.moc"
