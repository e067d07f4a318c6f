// tandemctl setup on nodes reached only through SSH (a network namespace behind a real sshd):
// the review says, from each replica's own host, whether a TCP connect to the master's
// address succeeds, and the set-up runs and is verified through the tunnels.
#include "CliRunner.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TestTandemctlSetupSsh : public QObject
{
    Q_OBJECT

private:
    SshTestBed m_bed;
    QTemporaryDir m_tmp;

    QStringList viaSsh() const
    {
        return {QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(m_bed.sshPort()),
                QStringLiteral("--ssh-key"), m_bed.sshd().plainKeyFile(),
                QStringLiteral("--ssh-known-hosts"), m_bed.knownHostsFile()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(m_tmp.isValid());
        if (!SshTestBed::requireBinaries())
            return;
        QVERIFY2(m_bed.start(), qPrintable(m_bed.errorString()));
    }
    void cleanupTestCase() { m_bed.stop(); }

    void setupThroughSsh()
    {
        std::unique_ptr<RedisServer> nodes[3];
        QStringList addresses;
        for (int i = 0; i < 3; ++i) {
            nodes[i] = std::make_unique<RedisServer>();
            nodes[i]->setConfigFile(TestEnv::writeFile(m_tmp.filePath(QStringLiteral("ssh-%1.conf").arg(i)), "# tandem test\n"));
            QVERIFY2(m_bed.startRedis(nodes[i].get(), {QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0")}),
                     qPrintable(m_bed.errorString()));
            addresses.append(QStringLiteral("127.0.0.1:%1").arg(nodes[i]->port()));
        }
        const QString password = QStringLiteral("ssh-group-password-1234");
        const QString file = TestEnv::writeFile(m_tmp.filePath(QStringLiteral("pw")), password.toUtf8() + "\n");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TANDEM_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        const CliResult r = CliRunner::run(QStringList{QStringLiteral("setup"), QStringLiteral("--master"), addresses.at(0),
                                                       QStringLiteral("--replica"), addresses.at(1), QStringLiteral("--replica"),
                                                       addresses.at(2), QStringLiteral("--password-file"), file,
                                                       QStringLiteral("--json"), QStringLiteral("--yes")}
                                               + viaSsh(),
                                           90000, env);
        const QString shown = QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err);
        QVERIFY2(r.exitCode == 0, qPrintable(shown));
        QVERIFY(!r.out.contains(password) && !r.err.contains(password));
        const QJsonObject plan = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("plan")).toObject();
        int reached = 0;
        for (const QJsonValue &p : plan.value(QStringLiteral("preconditions")).toArray()) {
            const QJsonObject o = p.toObject();
            if (o.value(QStringLiteral("check")).toString().contains(QLatin1String("host reaches"))) {
                QVERIFY2(o.value(QStringLiteral("ok")).toBool(), qPrintable(o.value(QStringLiteral("detail")).toString()));
                ++reached;
            }
        }
        QVERIFY2(reached == 2, qPrintable(shown));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlSetupSsh)
#include "tst_tandemctlsetupssh.moc"
