// tandemctl setup against real redis-servers, each started from its own config file: plain
// servers become a master and replicas that require the group password, survive a restart
// from the files CONFIG REWRITE wrote, and leave no secret in anything Tandem writes. Every
// refusal and every failure leaves the nodes exactly as they were (CONFIG GET * compared).
#include "BlockingRedis.h"
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/stat.h>

class TestTandemctlSetup : public QObject
{
    Q_OBJECT

private:
    using ConfigMap = BlockingRedis::ConfigMap;
    std::unique_ptr<QTemporaryDir> m_tmp;
    int m_labs = 0;
    const QString kPassword = QStringLiteral("Gr0up-pass-for-setup-tests");

    QString path(const QString &name) const { return m_tmp->filePath(name); }
    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("TANDEM_DATA_DIR"), path(QStringLiteral("data")));
        return e;
    }
    // m, r1, r2: standalone servers, each from its own (empty) config file.
    bool startLab(ReplicationLab &lab, const QStringList &masterArgs = {})
    {
        ++m_labs;
        for (const QString &n : {QStringLiteral("m"), QStringLiteral("r1"), QStringLiteral("r2")}) {
            const QString file = TestEnv::writeFile(path(QStringLiteral("lab%1-%2.conf").arg(m_labs).arg(n)), "# tandem test\n");
            lab.setConfigFile(n, file);
            if (!lab.addMaster(n, n == QLatin1String("m") ? masterArgs : QStringList{}))
                return false;
        }
        return true;
    }
    QString confPath(const QString &node) const { return path(QStringLiteral("lab%1-%2.conf").arg(m_labs).arg(node)); }
    QStringList setupArgs(const ReplicationLab &lab) const
    {
        return {QStringLiteral("setup"), QStringLiteral("--master"), lab.address(QStringLiteral("m")),
                QStringLiteral("--replica"), lab.address(QStringLiteral("r1")),
                QStringLiteral("--replica"), lab.address(QStringLiteral("r2"))};
    }
    QString passwordFile()
    {
        return TestEnv::writeFile(path(QStringLiteral("group-password")), kPassword.toUtf8() + "\n");
    }
    CliResult run(const QStringList &args, int timeoutMs = 90000) { return CliRunner::run(args, timeoutMs, env()); }
    static QString show(const CliResult &r) { return QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err); }
    static ConfigMap config(const QString &addr, const QString &password = {}) { return BlockingRedis::configAll(addr, password); }
    static QString differences(const ConfigMap &a, const ConfigMap &b) { return BlockingRedis::configChanges(a, b); }
    QString auditText() const { return QString::fromUtf8(TestEnv::readFile(path(QStringLiteral("data/audit.jsonl")))); }
    // What a user sees and what Tandem wrote carry no password.
    void verifyNoSecret(const CliResult &r, const QString &secret)
    {
        QVERIFY2(!r.out.contains(secret), "the password reached stdout");
        QVERIFY2(!r.err.contains(secret), "the password reached stderr");
        QVERIFY2(!auditText().contains(secret), "the password reached the audit log");
    }
    void verifyReplicating(const ReplicationLab &lab, const QString &password)
    {
        QString why;
        QVERIFY2(BlockingRedis::waitConverged(lab.address(QStringLiteral("m")),
                                              {lab.address(QStringLiteral("r1")), lab.address(QStringLiteral("r2"))}, password, 20000, &why),
                 qPrintable(why));
        for (const QString &n : {QStringLiteral("m"), QStringLiteral("r1"), QStringLiteral("r2")}) {
            BlockingRedis anonymous(lab.address(n));
            const BlockingRedis::Reply r = anonymous.call({"GET", "k"});
            QVERIFY2(r.error && r.text.startsWith("NOAUTH"), qPrintable(n + QStringLiteral(": ") + QString::fromUtf8(r.text)));
        }
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

    // 1 + 2 with the user's password: verified, every node requires it, the files hold it (Redis's
    // own files), Tandem's output and audit log do not; a replica restarted from its file rejoins.
    void givenPassword()
    {
        ReplicationLab lab;
        QVERIFY2(startLab(lab), qPrintable(lab.errorString()));
        BlockingRedis(lab.address(QStringLiteral("m"))).call({"SET", "k", "v"});
        const CliResult r = run(setupArgs(lab) + QStringList{QStringLiteral("--password-file"), passwordFile(),
                                                             QStringLiteral("--min-replicas"), QStringLiteral("1"),
                                                             QStringLiteral("--json"), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(doc.value(QStringLiteral("report")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
        verifyNoSecret(r, kPassword);
        verifyReplicating(lab, kPassword);
        QCOMPARE(BlockingRedis(lab.address(QStringLiteral("r2")), kPassword).call({"GET", "k"}).text, QByteArray("v"));
        const QByteArray file = TestEnv::readFile(confPath(QStringLiteral("r1")));
        QVERIFY2(file.contains(QByteArray(QByteArray("replicaof 127.0.0.1 ") + QByteArray::number(lab.port(QStringLiteral("m"))))), file.constData());
        QVERIFY(file.contains("masterauth"));
        QVERIFY(file.contains("tcp-keepalive 60"));
        QVERIFY(TestEnv::readFile(confPath(QStringLiteral("m"))).contains("appendonly yes"));
        QVERIFY(TestEnv::readFile(confPath(QStringLiteral("m"))).contains("min-replicas-to-write 1"));

        // The replica comes back from its file alone and rejoins with the password.
        QVERIFY2(lab.restart(QStringLiteral("r1")), qPrintable(lab.errorString()));
        BlockingRedis(lab.address(QStringLiteral("m")), kPassword).call({"SET", "after-restart", "1"});
        verifyReplicating(lab, kPassword);
        QCOMPARE(BlockingRedis(lab.address(QStringLiteral("r1")), kPassword).call({"GET", "after-restart"}).text, QByteArray("1"));
    }

    // Nodes that already share a password (-a) move to the new group password: the operation's
    // own reconnects and the verify step use the new one; the old one no longer opens a node.
    void existingPasswordIsReplaced()
    {
        ReplicationLab lab;
        lab.setPassword(QStringLiteral("the-old-password"));
        QVERIFY2(startLab(lab), qPrintable(lab.errorString()));
        const CliResult r = run(setupArgs(lab) + QStringList{QStringLiteral("-a"), QStringLiteral("the-old-password"),
                                                             QStringLiteral("--password-file"), passwordFile(), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("already has a password: it is replaced")), qPrintable(show(r)));
        verifyNoSecret(r, kPassword);
        verifyNoSecret(r, QStringLiteral("the-old-password"));
        verifyReplicating(lab, kPassword);
        QVERIFY(!BlockingRedis(lab.address(QStringLiteral("r1")), QStringLiteral("the-old-password")).call({"PING"}).ok);
    }

    // A generated password goes to --password-out (mode 600) and nowhere else Tandem writes.
    void generatedPassword()
    {
        ReplicationLab lab;
        QVERIFY2(startLab(lab), qPrintable(lab.errorString()));
        const QString out = path(QStringLiteral("generated"));
        const CliResult r = run(setupArgs(lab) + QStringList{QStringLiteral("--generate-password"), QStringLiteral("--password-out"), out,
                                                             QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        const QString generated = QString::fromUtf8(TestEnv::readFile(out)).trimmed();
        QVERIFY2(generated.size() >= 43, qPrintable(generated));
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(out).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        verifyNoSecret(r, generated);
        verifyReplicating(lab, generated);
        // Written once: a second run refuses to overwrite it.
        const CliResult again = run(setupArgs(lab) + QStringList{QStringLiteral("--generate-password"), QStringLiteral("--password-out"), out});
        QCOMPARE(again.exitCode, 2);
        QCOMPARE(QString::fromUtf8(TestEnv::readFile(out)).trimmed(), generated);
    }

    // The replication user can replicate and nothing else; it exists on every node.
    void aclUser()
    {
        ReplicationLab lab;
        QVERIFY2(startLab(lab), qPrintable(lab.errorString()));
        const CliResult r = run(setupArgs(lab) + QStringList{QStringLiteral("--auth"), QStringLiteral("acl"), QStringLiteral("--acl-user"),
                                                             QStringLiteral("replicator"), QStringLiteral("--password-file"), passwordFile(),
                                                             QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        verifyNoSecret(r, kPassword);
        verifyReplicating(lab, kPassword);
        for (const QString &n : {QStringLiteral("m"), QStringLiteral("r1"), QStringLiteral("r2")}) {
            BlockingRedis c(lab.address(n), kPassword);
            QVERIFY(c.call({"ACL", "USERS"}).elements.contains("replicator"));
            BlockingRedis repl(lab.address(n));
            QVERIFY(repl.call({"AUTH", "replicator", kPassword.toUtf8()}).ok);
            const BlockingRedis::Reply get = repl.call({"GET", "k"});
            QVERIFY2(get.error && get.text.startsWith("NOPERM"), get.text.constData());
        }
        {
            BlockingRedis r1(lab.address(QStringLiteral("r1")), kPassword);
            QCOMPARE(r1.call({"CONFIG", "GET", "masteruser"}).elements.value(1), QByteArray("replicator"));
        }
        // The user and masteruser are in the file: a restarted replica logs in as the user again.
        QVERIFY2(lab.restart(QStringLiteral("r1")), qPrintable(lab.errorString()));
        verifyReplicating(lab, kPassword);
        QVERIFY(BlockingRedis(lab.address(QStringLiteral("r1")), kPassword).call({"ACL", "USERS"}).elements.contains("replicator"));
    }

    // --auth keep: the nodes already share requirepass/masterauth; nothing about it changes.
    void keepExistingAuth()
    {
        ReplicationLab lab;
        lab.setPassword(QStringLiteral("already-shared"));
        QVERIFY2(startLab(lab), qPrintable(lab.errorString()));
        const CliResult r = run(setupArgs(lab) + QStringList{QStringLiteral("--auth"), QStringLiteral("keep"), QStringLiteral("-a"),
                                                             QStringLiteral("already-shared"), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY(!r.out.contains(QLatin1String("CONFIG SET requirepass")));
        verifyNoSecret(r, QStringLiteral("already-shared"));
        verifyReplicating(lab, QStringLiteral("already-shared"));
    }

    void dryRunChangesNothing()
    {
        ReplicationLab lab;
        QVERIFY2(startLab(lab), qPrintable(lab.errorString()));
        QMap<QString, ConfigMap> before;
        for (const QString &n : lab.names())
            before.insert(n, config(lab.address(n)));
        const CliResult r = run(setupArgs(lab) + QStringList{QStringLiteral("--password-file"), passwordFile(), QStringLiteral("--dry-run")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY(r.out.contains(QLatin1String("requirepass <hidden>")));
        QVERIFY(!r.out.contains(kPassword));
        for (const QString &n : lab.names())
            QVERIFY2(config(lab.address(n)) == before.value(n), qPrintable(differences(before.value(n), config(lab.address(n)))));
    }

    void replicaWithDataIsRefused()
    {
        ReplicationLab lab;
        QVERIFY2(startLab(lab), qPrintable(lab.errorString()));
        BlockingRedis(lab.address(QStringLiteral("r2"))).call({"SET", "precious", "1"});
        const ConfigMap before = config(lab.address(QStringLiteral("r2")));
        const CliResult r = run(setupArgs(lab) + QStringList{QStringLiteral("--password-file"), passwordFile(), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("refused")) && r.out.contains(QLatin1String("1 keys; --discard-replica-data")), qPrintable(show(r)));
        BlockingRedis r2(lab.address(QStringLiteral("r2")));
        QCOMPARE(r2.call({"GET", "precious"}).text, QByteArray("1"));
        QCOMPARE(r2.infoField("replication", "role"), QByteArray("master"));
        QVERIFY(config(lab.address(QStringLiteral("r2"))) == before);
    }

    void loopIsRefused()
    {
        ReplicationLab lab;
        QVERIFY2(lab.addMaster(QStringLiteral("r1")), qPrintable(lab.errorString()));
        QVERIFY2(lab.addReplica(QStringLiteral("m"), QStringLiteral("r1")), qPrintable(lab.errorString()));
        QVERIFY(lab.waitLinked());
        const CliResult r = run({QStringLiteral("setup"), QStringLiteral("--master"), lab.address(QStringLiteral("m")),
                                 QStringLiteral("--replica"), lab.address(QStringLiteral("r1")), QStringLiteral("--password-file"),
                                 passwordFile(), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("loop: %1 replicates from %2")
                                    .arg(lab.address(QStringLiteral("m")), lab.address(QStringLiteral("r1")))),
                 qPrintable(show(r)));
        QCOMPARE(BlockingRedis(lab.address(QStringLiteral("r1"))).infoField("replication", "role"), QByteArray("master"));
    }

    // A wrong current password, or a master that does not answer: exit 3, nothing changed.
    void unreachableOrWrongPasswordChangesNothing()
    {
        ReplicationLab lab;
        QVERIFY2(startLab(lab, {QStringLiteral("--requirepass"), QStringLiteral("the-real-one")}), qPrintable(lab.errorString()));
        QMap<QString, ConfigMap> before;
        for (const QString &n : {QStringLiteral("r1"), QStringLiteral("r2")})
            before.insert(n, config(lab.address(n)));
        const ConfigMap masterBefore = config(lab.address(QStringLiteral("m")), QStringLiteral("the-real-one"));
        QStringList args = setupArgs(lab);
        args[2] = QStringLiteral("redis://:wrong-one@") + lab.address(QStringLiteral("m"));
        CliResult r = run(args + QStringList{QStringLiteral("--password-file"), passwordFile(), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("nothing was changed")), qPrintable(show(r)));
        QVERIFY(!r.err.contains(QLatin1String("wrong-one")));
        QVERIFY(config(lab.address(QStringLiteral("m")), QStringLiteral("the-real-one")) == masterBefore);

        lab.stop(QStringLiteral("m"));
        r = run(setupArgs(lab) + QStringList{QStringLiteral("--password-file"), passwordFile(), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 3);
        for (const QString &n : {QStringLiteral("r1"), QStringLiteral("r2")})
            QVERIFY2(config(lab.address(n)) == before.value(n), qPrintable(differences(before.value(n), config(lab.address(n)))));
    }

    // The master dies while the replicas wait for their snapshot: every replica is put back as
    // it was (standalone, no password, its previous settings).
    void masterKilledMidSyncRollsBack()
    {
        ReplicationLab lab;
        // The master holds data and waits 30 s before it starts the transfer: time to kill it.
        QVERIFY2(startLab(lab, {QStringLiteral("--repl-diskless-sync"), QStringLiteral("yes"),
                                QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("30"),
                                QStringLiteral("--enable-debug-command"), QStringLiteral("yes")}),
                 qPrintable(lab.errorString()));
        QVERIFY(BlockingRedis(lab.address(QStringLiteral("m"))).call({"DEBUG", "POPULATE", "100000", "key", "100"}).ok);
        QMap<QString, ConfigMap> before;
        for (const QString &n : {QStringLiteral("r1"), QStringLiteral("r2")})
            before.insert(n, config(lab.address(n)));
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(CliRunner::tandemctl(), setupArgs(lab) + QStringList{QStringLiteral("--password-file"), passwordFile(), QStringLiteral("--yes")});
        QVERIFY(p.waitForStarted());
        // Wait until a replica is asking the master for its copy, then kill the master.
        const QDeadlineTimer deadline(30000);
        const auto role = [&lab, this] {
            // Before the security step the replica has no password, after it only the group's.
            const QByteArray withPassword = BlockingRedis(lab.address(QStringLiteral("r1")), kPassword).infoField("replication", "role");
            return withPassword.isEmpty() ? BlockingRedis(lab.address(QStringLiteral("r1"))).infoField("replication", "role") : withPassword;
        };
        while (!deadline.hasExpired() && role() != "slave")
            QThread::msleep(50);
        QCOMPARE(role(), QByteArray("slave"));
        QThread::msleep(500);
        lab.stop(QStringLiteral("m"));
        QVERIFY(p.waitForFinished(60000));
        const QString output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        QVERIFY2(p.exitCode() == 1, qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("stopped answering")), qPrintable(output));
        for (const QString &n : {QStringLiteral("r1"), QStringLiteral("r2")}) {
            BlockingRedis c(lab.address(n));
            QCOMPARE(c.infoField("replication", "role"), QByteArray("master"));
            QVERIFY2(config(lab.address(n)) == before.value(n), qPrintable(differences(before.value(n), config(lab.address(n)))));
        }
        QVERIFY(!output.contains(kPassword));
        QVERIFY(!auditText().contains(kPassword));
    }

    // A full sync of a real dataset tells where it is, once a second: the master's snapshot,
    // then the transfer (bytes of total, percent) or the loading.
    void syncProgressIsShown()
    {
        ReplicationLab lab;
        QVERIFY2(startLab(lab, {QStringLiteral("--repl-diskless-sync"), QStringLiteral("no"),
                                QStringLiteral("--enable-debug-command"), QStringLiteral("yes")}),
                 qPrintable(lab.errorString()));
        QVERIFY(BlockingRedis(lab.address(QStringLiteral("m")), QString(), 60000).call({"DEBUG", "POPULATE", "1500000", "key", "100"}).ok);
        const CliResult r = run(setupArgs(lab) + QStringList{QStringLiteral("--password-file"), passwordFile(), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        // One wait covers both replicas: each has its own line, "<replica>: <state>", at once.
        const QString states = QStringLiteral(
            ": (waiting for the master's snapshot \\(master: \\w+|full sync: [\\d.]+ [KMG]?B of [\\d.]+ [KMG]?B \\(\\d+%\\)|loading the copy: [\\d.]+%)");
        for (const QString &n : {QStringLiteral("r1"), QStringLiteral("r2")}) {
            const QRegularExpression progress(QRegularExpression::escape(lab.address(n)) + states);
            QVERIFY2(progress.match(r.err).hasMatch(), qPrintable(n + QStringLiteral(" shows no sync progress:\n") + r.err));
            const QRegularExpression synced(QRegularExpression::escape(lab.address(n)) + QStringLiteral(": synced \\(100%\\) after [\\d.]+ s, link up, stream lag"));
            QVERIFY2(synced.match(r.err).hasMatch(), qPrintable(r.err));
        }
        verifyReplicating(lab, kPassword);
        QCOMPARE(BlockingRedis(lab.address(QStringLiteral("r2")), kPassword).infoField("keyspace", "db0").left(12), QByteArray("keys=1500000"));
    }

    void detachMakesAStandaloneMaster()
    {
        ReplicationLab lab;
        const QString file = TestEnv::writeFile(path(QStringLiteral("detach.conf")), "# tandem test\n");
        lab.setConfigFile(QStringLiteral("r"), file);
        QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY2(lab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY(lab.waitLinked());
        const CliResult r = run({QStringLiteral("detach"), lab.address(QStringLiteral("r")), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY(r.out.contains(QLatin1String("may write to it")));
        QCOMPARE(BlockingRedis(lab.address(QStringLiteral("r"))).infoField("replication", "role"), QByteArray("master"));
        QVERIFY(!TestEnv::readFile(file).contains("replicaof"));
        const CliResult again = run({QStringLiteral("detach"), lab.address(QStringLiteral("r")), QStringLiteral("--yes")});
        QCOMPARE(again.exitCode, 1);
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlSetup)
#include "tst_tandemctlsetup.moc"
