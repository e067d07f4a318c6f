// The tool is killed mid-operation: the master's finite pause expires on its own, the next
// tandemctl warns about the interrupted operation, and `tandemctl recover` finishes the job.
#include "BlockingRedis.h"
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

#include <csignal>

class tst_TandemctlRecover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void killedAfterPromoteIsRecovered();
    void killedDuringPauseNeedsNothing();

private:
    QProcessEnvironment env() const;
    CliResult ctl(const QStringList &args) const { return CliRunner::run(args, 30000, env()); }
    // Starts `tandemctl promote r1` stalled after `step` and kills it (SIGKILL) once `ready`
    // holds, the way a crash or kill -9 would stop it.
    bool promoteAndKill(const QString &step, const std::function<bool()> &ready);
    QString role(const QString &name) const;
    // The audit log shows `step` finished successfully (the stalled run got past it).
    bool auditFinished(const QString &step) const;

    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<ReplicationLab> m_lab;
};

QProcessEnvironment tst_TandemctlRecover::env() const
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("TANDEM_DATA_DIR"), m_data->path());
    return e;
}

QString tst_TandemctlRecover::role(const QString &name) const
{
    BlockingRedis r(m_lab->address(name));
    const QByteArray role = r.infoField("replication", "role");
    if (role == "slave")
        return QStringLiteral("replica of ") + QString::fromLatin1(r.infoField("replication", "master_port"));
    return QString::fromLatin1(role);
}

bool tst_TandemctlRecover::auditFinished(const QString &step) const
{
    QFile f(m_data->filePath(QStringLiteral("audit.jsonl")));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    while (!f.atEnd()) {
        const QJsonObject e = QJsonDocument::fromJson(f.readLine()).object();
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("step_finished")
            && e.value(QStringLiteral("step")).toString() == step
            && e.value(QStringLiteral("status")).toString() == QLatin1String("succeeded"))
            return true;
    }
    return false;
}

void tst_TandemctlRecover::initTestCase()
{
    QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return;
}

void tst_TandemctlRecover::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    m_lab = std::make_unique<ReplicationLab>();
    QVERIFY2(m_lab->addMaster(QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->addReplica(QStringLiteral("r2"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY(m_lab->waitLinked());
}

void tst_TandemctlRecover::cleanup()
{
    m_lab.reset();
    m_data.reset();
}

bool tst_TandemctlRecover::promoteAndKill(const QString &step, const std::function<bool()> &ready)
{
    QProcessEnvironment e = env();
    e.insert(QStringLiteral("TANDEM_FAULT_STALL_AFTER"), step);
    QProcess p;
    p.setProcessEnvironment(e);
    // --catch-up-timeout 1s: the pause is 1000 ms plus the planner's margin.
    p.start(CliRunner::tandemctl(), {QStringLiteral("promote"), m_lab->address(QStringLiteral("r1")),
                                     QStringLiteral("--catch-up-timeout"), QStringLiteral("1s"), QStringLiteral("--yes")});
    if (!p.waitForStarted(5000))
        return false;
    QElapsedTimer t;
    t.start();
    bool ok = false;
    while (t.elapsed() < 15000 && p.state() == QProcess::Running) {
        if (ready()) {
            ok = true;
            break;
        }
        QTest::qWait(20);
    }
    if (p.state() == QProcess::Running)
        ::kill(pid_t(p.processId()), SIGKILL);
    p.waitForFinished(5000);
    if (!ok)
        qWarning().noquote() << "promote did not get there:" << p.readAllStandardOutput() << p.readAllStandardError();
    return ok;
}

void tst_TandemctlRecover::killedAfterPromoteIsRecovered()
{
    const QString m = m_lab->address(QStringLiteral("m"));
    const QString r1 = m_lab->address(QStringLiteral("r1"));
    const QString r2 = m_lab->address(QStringLiteral("r2"));
    QVERIFY(promoteAndKill(QStringLiteral("promote"), [this] { return auditFinished(QStringLiteral("promote")); }));
    QCOMPARE(role(QStringLiteral("r1")), QStringLiteral("master"));
    QElapsedTimer sinceKill;
    sinceKill.start();

    // The pause on the old master expires by itself (pause 1000 + 2000 ms margin): a write
    // goes through within pause length + 1 s. It is still a master then: two masters.
    BlockingRedis old(m, {}, 6000);
    const BlockingRedis::Reply w = old.call({"SET", "after-crash", "1"});
    QVERIFY2(w.ok, w.text.constData());
    QVERIFY2(sinceKill.elapsed() < 4000, qPrintable(QString::number(sinceKill.elapsed())));
    QCOMPARE(role(QStringLiteral("m")), QStringLiteral("master"));
    QCOMPARE(role(QStringLiteral("r1")), QStringLiteral("master"));

    // The next tandemctl that talks to nodes warns.
    const CliResult t = ctl({QStringLiteral("topology"), QStringLiteral("--seed"), m});
    QVERIFY2(t.err.contains(QStringLiteral("an operation was interrupted at")), qPrintable(t.err));
    QVERIFY2(t.err.contains(QStringLiteral("tandemctl recover --seed")), qPrintable(t.err));

    // A dry run diagnoses and changes nothing.
    const CliResult dry = ctl({QStringLiteral("recover"), QStringLiteral("--seed"), r1, QStringLiteral("--dry-run")});
    QVERIFY2(dry.exitCode == 0, qPrintable(dry.out + dry.err));
    QVERIFY2(dry.out.contains(QStringLiteral("two masters")), qPrintable(dry.out));
    QCOMPARE(role(QStringLiteral("m")), QStringLiteral("master"));

    // recover finishes the job: the old master and the straggler follow the promoted node.
    const CliResult r = ctl({QStringLiteral("recover"), QStringLiteral("--seed"), r1});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QString why;
    QVERIFY2(BlockingRedis::waitConverged(r1, {m, r2}, {}, 10000, &why), qPrintable(why));
    QCOMPARE(role(QStringLiteral("m")), QStringLiteral("replica of %1").arg(m_lab->port(QStringLiteral("r1"))));

    // No warning remains.
    const CliResult after = ctl({QStringLiteral("topology"), QStringLiteral("--seed"), r1});
    QVERIFY2(!after.err.contains(QStringLiteral("interrupted")), qPrintable(after.err));
}

void tst_TandemctlRecover::killedDuringPauseNeedsNothing()
{
    // Killed after the pause, before anything changed: nothing to fix, the entry is closed.
    QVERIFY(promoteAndKill(QStringLiteral("pause"), [this] { return auditFinished(QStringLiteral("pause")); }));
    const CliResult r = ctl({QStringLiteral("recover"), QStringLiteral("--seed"), m_lab->address(QStringLiteral("m"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("Nothing changed")), qPrintable(r.out));
    QCOMPARE(role(QStringLiteral("r1")), QStringLiteral("replica of %1").arg(m_lab->port(QStringLiteral("m"))));
    const CliResult t = ctl({QStringLiteral("topology"), QStringLiteral("--seed"), m_lab->address(QStringLiteral("m"))});
    QVERIFY2(!t.err.contains(QStringLiteral("interrupted")), qPrintable(t.err));
}

TANDEM_TEST_GUILESS_MAIN(tst_TandemctlRecover)
#include "tst_tandemctlrecover.moc"
