// Every config change is an audited operation: a live apply and an SSH apply through the
// built tandemctl (real redis-servers, a real sshd on loopback) appear in `tandemctl audit
// --json` with their steps' commands and outcome, secrets nowhere in audit.jsonl; a CONFIG SET
// the server refuses is audited as a failed operation with the server's reason.
#include "CliRunner.h"
#include "ConfFileRedis.h"
#include "SshServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

const QByteArray kLiveSecret = "cl3ar-live-s3cret";
const QByteArray kSshSecret = "cl3ar-ssh-s3cret";

} // namespace

class TestTandemctlConfigAudit : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    SshServer m_sshd;

    QString dataDir() const { return m_tmp.filePath(QStringLiteral("data")); }
    QByteArray auditBytes() const { return TestEnv::readFile(dataDir() + QStringLiteral("/audit.jsonl")); }
    CliResult ctl(const QStringList &args, int timeoutMs = 60000) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TANDEM_DATA_DIR"), dataDir());
        return CliRunner::run(args, timeoutMs, env);
    }
    static QString show(const CliResult &r) { return QString(QStringLiteral("exit %1\n").arg(r.exitCode) + r.out + r.err); }

    // The entries of the last operation `operation` in `tandemctl audit --json`.
    QList<QJsonObject> lastOperation(const QString &operation) const
    {
        const CliResult a = ctl({QStringLiteral("audit"), QStringLiteral("--json")});
        if (a.exitCode != 0)
            return {};
        const QJsonArray all = QJsonDocument::fromJson(a.out.toUtf8()).array();
        QString id;
        for (const QJsonValue &v : all) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("event")).toString() == QLatin1String("op_started")
                && e.value(QStringLiteral("plan")).toObject().value(QStringLiteral("operation")).toString() == operation)
                id = e.value(QStringLiteral("op")).toString();
        }
        QList<QJsonObject> out;
        for (const QJsonValue &v : all) {
            if (v.toObject().value(QStringLiteral("op")).toString() == id)
                out.append(v.toObject());
        }
        return out;
    }
    static QStringList commandsOf(const QList<QJsonObject> &entries)
    {
        QStringList out;
        for (const QJsonObject &e : entries) {
            if (e.value(QStringLiteral("event")).toString() == QLatin1String("step_started")) {
                for (const QJsonValue &c : e.value(QStringLiteral("commands")).toArray())
                    out << c.toString();
            }
        }
        return out;
    }
    static QJsonObject event(const QList<QJsonObject> &entries, const QString &name, const QString &step = {})
    {
        for (const QJsonObject &e : entries) {
            if (e.value(QStringLiteral("event")).toString() == name
                && (step.isEmpty() || e.value(QStringLiteral("step")).toString() == step))
                return e;
        }
        return {};
    }
    QStringList viaSsh() const
    {
        return {QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(m_sshd.port()),
                QStringLiteral("--ssh-key"), m_sshd.plainKeyFile(),
                QStringLiteral("--ssh-known-hosts"), m_tmp.filePath(QStringLiteral("known_hosts")),
                QStringLiteral("--ssh-accept-new")};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(m_tmp.isValid());
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty()
            || TestEnv::requireBinary(QStringLiteral("redis-cli"), QStringLiteral("redis-tools")).isEmpty()
            || TestEnv::requireBinary(QStringLiteral("sshd"), QStringLiteral("openssh-server")).isEmpty())
            return;
        QVERIFY2(::geteuid() == 0, "sshd runs as root in these tests");
        m_sshd.setPort(TestEnv::freePort());
        QVERIFY2(m_sshd.start(), qPrintable(m_sshd.errorString()));
    }

    void liveApplyIsAudited()
    {
        ConfFileRedis node;
        QVERIFY2(node.start(), qPrintable(node.errorString()));
        const QString file = TestEnv::writeFile(m_tmp.filePath(QStringLiteral("live.conf")),
                                                "hz 15\nrequirepass " + kLiveSecret + "\n");
        const CliResult r = ctl({QStringLiteral("config"), QStringLiteral("apply"), node.address(), file});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY2(!r.out.contains(QString::fromUtf8(kLiveSecret)) && !r.err.contains(QString::fromUtf8(kLiveSecret)),
                 qPrintable(show(r)));

        const QList<QJsonObject> op = lastOperation(QStringLiteral("config-live"));
        QVERIFY2(!op.isEmpty(), auditBytes().constData());
        const QStringList commands = commandsOf(op);
        QVERIFY2(commands.contains(QStringLiteral("CONFIG SET hz 15")), qPrintable(commands.join(QLatin1Char('\n'))));
        QVERIFY2(commands.contains(QStringLiteral("CONFIG SET requirepass <hidden>")),
                 qPrintable(commands.join(QLatin1Char('\n'))));
        QVERIFY(commands.contains(QStringLiteral("CONFIG REWRITE")));
        QVERIFY(commands.contains(QStringLiteral("CONFIG GET requirepass")));
        QCOMPARE(event(op, QStringLiteral("op_finished")).value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("succeeded"));
        QCOMPARE(event(op, QStringLiteral("step_finished"), QStringLiteral("config-set-hz"))
                     .value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
        // The secret reached the node, and nowhere in the audit log.
        QCOMPARE(node.cli({QStringLiteral("-a"), QString::fromUtf8(kLiveSecret), QStringLiteral("--no-auth-warning"),
                           QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("hz")}),
                 QStringLiteral("hz\n15"));
        QVERIFY(!auditBytes().isEmpty());
        QVERIFY2(!auditBytes().contains(kLiveSecret), auditBytes().constData());
    }

    void sshApplyIsAudited()
    {
        ConfFileRedis node;
        QVERIFY2(node.start(), qPrintable(node.errorString()));
        const QByteArray before = TestEnv::readFile(node.confPath());
        const QString file = TestEnv::writeFile(m_tmp.filePath(QStringLiteral("ssh.conf")),
                                                before + "hz 21\nmasterauth " + kSshSecret + "\n");
        const CliResult r = ctl(QStringList{QStringLiteral("config"), QStringLiteral("apply"), node.address(), file,
                                            QStringLiteral("--remote-file"), node.confPath(),
                                            QStringLiteral("--restart-command"), node.restartScript()}
                                + viaSsh());
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QCOMPARE(node.cli({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("hz")}), QStringLiteral("hz\n21"));

        const QList<QJsonObject> op = lastOperation(QStringLiteral("config-ssh"));
        QVERIFY2(!op.isEmpty(), auditBytes().constData());
        const QStringList commands = commandsOf(op);
        QVERIFY2(commands.contains(node.restartScript()), qPrintable(commands.join(QLatin1Char('\n'))));
        QVERIFY(commands.contains(QStringLiteral("CONFIG GET hz")));
        QVERIFY(commands.contains(QStringLiteral("PING")));
        const QJsonObject written = event(op, QStringLiteral("step_finished"), QStringLiteral("write-file"));
        QCOMPARE(written.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        const QString backup = written.value(QStringLiteral("details")).toObject().value(QStringLiteral("backup_path")).toString();
        QVERIFY2(backup.startsWith(node.confPath() + QStringLiteral(".tandem-backup-")), qPrintable(backup));
        QCOMPARE(TestEnv::readFile(backup), before);
        QCOMPARE(event(op, QStringLiteral("step_finished"), QStringLiteral("restart")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
        QCOMPARE(event(op, QStringLiteral("step_finished"), QStringLiteral("health-check")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
        QCOMPARE(event(op, QStringLiteral("op_finished")).value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("succeeded"));
        QVERIFY2(!auditBytes().contains(kSshSecret), auditBytes().constData());
        QVERIFY2(!r.out.contains(QString::fromUtf8(kSshSecret)), qPrintable(r.out));
    }

    void refusedSetIsAuditedAsFailed()
    {
        ConfFileRedis node;
        ConfFileRedis other;  // holds the port the file asks for
        QVERIFY2(node.start(), qPrintable(node.errorString()));
        QVERIFY2(other.start(), qPrintable(other.errorString()));
        const QString file = TestEnv::writeFile(m_tmp.filePath(QStringLiteral("busy.conf")),
                                                "hz 12\nport " + QByteArray::number(other.port()) + "\n");
        const CliResult r = ctl({QStringLiteral("config"), QStringLiteral("apply"), node.address(), file});
        QVERIFY2(r.exitCode == 1, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QStringLiteral("FAILED: CONFIG SET port")), qPrintable(show(r)));

        const QList<QJsonObject> op = lastOperation(QStringLiteral("config-live"));
        QVERIFY2(!op.isEmpty(), auditBytes().constData());
        const QJsonObject failed = event(op, QStringLiteral("step_finished"), QStringLiteral("config-set-port"));
        QCOMPARE(failed.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        const QString reason = failed.value(QStringLiteral("message")).toString();
        QVERIFY2(!reason.isEmpty() && r.out.contains(reason), qPrintable(reason + QLatin1Char('\n') + r.out));
        const QJsonObject finished = event(op, QStringLiteral("op_finished"));
        QCOMPARE(finished.value(QStringLiteral("outcome")).toString(), QStringLiteral("aborted"));
        QVERIFY2(finished.value(QStringLiteral("message")).toString().contains(reason), qPrintable(reason));
        // hz went in before the refusal and stays; the port did not change.
        QCOMPARE(node.cli({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("hz")}), QStringLiteral("hz\n12"));
        QVERIFY(node.answersPing());
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlConfigAudit)
#include "tst_tandemctlconfigaudit.moc"
