// replicaof in a file applied live is a replication change, not a restart: tandemctl config
// apply runs REPLICAOF through the plan, and refuses a chosen master that is the node itself
// or replicates from it (at any depth), naming the node that closes the loop. Real
// redis-servers wired by a ReplicationLab.
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

class TestTandemctlReplicaOf : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_cli;

    CliResult apply(const QString &node, const QByteArray &text, const QStringList &extra = {})
    {
        const QString file = TestEnv::writeFile(m_tmp.filePath(QStringLiteral("replicaof-%1.conf").arg(++m_files)), text);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TANDEM_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        return CliRunner::run(QStringList{QStringLiteral("config"), QStringLiteral("apply"), node, file} + extra, 30000, env);
    }
    QString replication(quint16 port) const
    {
        QString output;
        TestEnv::run(m_cli, {QStringLiteral("-p"), QString::number(port), QStringLiteral("INFO"), QStringLiteral("replication")},
                     &output);
        return output;
    }
    static QString show(const CliResult &r) { return QString(QStringLiteral("exit %1\n").arg(r.exitCode) + r.out + r.err); }
    static QByteArray replicaOfLine(const ReplicationLab &lab, const QString &name)
    {
        return "replicaof 127.0.0.1 " + QByteArray::number(lab.port(name)) + "\n";
    }
    int m_files = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(m_tmp.isValid());
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        m_cli = TestEnv::requireBinary(QStringLiteral("redis-cli"), QStringLiteral("redis-tools"));
    }

    // A master pointed at its own replica would replicate from a node that replicates from
    // it: refused before anything is sent, saying which node closes the loop.
    void loopIsRefused()
    {
        ReplicationLab lab;
        QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY2(lab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY2(lab.addReplica(QStringLiteral("rr"), QStringLiteral("r")), qPrintable(lab.errorString()));
        QVERIFY(lab.waitLinked());
        const QString m = lab.address(QStringLiteral("m"));

        CliResult r = apply(m, replicaOfLine(lab, QStringLiteral("r")));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("refused")) && r.err.contains(QStringLiteral("loop")), qPrintable(show(r)));
        QVERIFY2(r.err.contains(QStringLiteral("%1 replicates from %2").arg(lab.address(QStringLiteral("r")), m)),
                 qPrintable(show(r)));
        QVERIFY2(!r.out.contains(QStringLiteral("Only a restart changes replicaof")), qPrintable(show(r)));

        // Two levels down, the replica in the middle closes it.
        r = apply(m, replicaOfLine(lab, QStringLiteral("rr")));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("%1 replicates from %2").arg(lab.address(QStringLiteral("r")), m)),
                 qPrintable(show(r)));

        // And the node itself.
        r = apply(m, replicaOfLine(lab, QStringLiteral("m")));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is %1 itself").arg(m)), qPrintable(show(r)));
        QVERIFY(replication(lab.port(QStringLiteral("m"))).contains(QStringLiteral("role:master")));
    }

    // A standalone node given a master replicates from it at once; no restart.
    void standaloneBecomesReplicaLive()
    {
        ReplicationLab lab;
        QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY2(lab.addMaster(QStringLiteral("s")), qPrintable(lab.errorString()));
        const QString s = lab.address(QStringLiteral("s"));

        const CliResult dry = apply(s, replicaOfLine(lab, QStringLiteral("m")), {QStringLiteral("--dry-run")});
        QVERIFY2(dry.exitCode == 0, qPrintable(show(dry)));
        QVERIFY2(dry.out.contains(QStringLiteral("REPLICAOF 127.0.0.1 %1").arg(lab.port(QStringLiteral("m")))),
                 qPrintable(show(dry)));
        QVERIFY2(!dry.out.contains(QStringLiteral("restart changes")), qPrintable(show(dry)));

        const CliResult r = apply(s, replicaOfLine(lab, QStringLiteral("m")), {QStringLiteral("--no-rewrite")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QStringLiteral("replication: replica of %1, link up").arg(lab.address(QStringLiteral("m")))),
                 qPrintable(show(r)));
        const QString info = replication(lab.port(QStringLiteral("s")));
        QVERIFY2(info.contains(QStringLiteral("role:slave")) && info.contains(QStringLiteral("master_link_status:up"))
                     && info.contains(QStringLiteral("master_port:%1").arg(lab.port(QStringLiteral("m")))),
                 qPrintable(info));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlReplicaOf)
#include "tst_tandemctlreplicaof.moc"
