#include "PlanTestHelpers.h"
#include "TestRegistry.h"

#include "setup/SetupFileEdit.h"
#include "setup/SetupPlanner.h"

#include <QJsonDocument>
#include <QTest>

// A node started without a config file: with SSH and a path the set-up is saved by editing the
// file over SSH (the review says so, the persist step lists the values with the password
// masked); without SSH or a path it is refused. The edit keeps the file's comments and writes
// exactly what the plan set; the read-back tells a missing or different value.
class TestSetupFileEdit : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static inline const QString kPassword = QStringLiteral("file-Edit-Secret-9876");
    static SetupFacts facts(bool ssh)
    {
        SetupFacts f;
        for (quint16 p : {7000, 7001}) {
            SetupNodeFacts n;
            n.address = addr(p);
            n.answered = true;
            n.version = QStringLiteral("7.0.15");
            n.role = QStringLiteral("master");
            n.configFile = QStringLiteral("/etc/redis/%1.conf").arg(p);
            n.hasSsh = ssh;
            n.config.insert("bind", "127.0.0.1 -::1");
            n.config.insert("protected-mode", "yes");
            n.config.insert("repl-backlog-size", "1048576");
            n.config.insert("save", "");
            f.nodes.insert(n.address, n);
        }
        f.nodes[addr(7001)].configFile.clear();
        return f;
    }
    static SetupOptions options()
    {
        SetupOptions o;
        o.master = addr(7000);
        o.replicas = {addr(7001)};
        o.password = kPassword;
        return o;
    }
    static const Precondition *fileCheck(const Plan &plan)
    {
        for (const Precondition &p : plan.preconditions) {
            if (p.text.contains(QLatin1String("config file")))
                return &p;
        }
        return nullptr;
    }
    static const PlanStep *persistStep(const Plan &plan)
    {
        for (const PlanStep &s : plan.steps) {
            if (s.id == QLatin1String("persist"))
                return &s;
        }
        return nullptr;
    }

private Q_SLOTS:
    void noFileWithSshAndPathIsEditedOverSsh()
    {
        SetupOptions o = options();
        o.configFiles.insert(addr(7001), QStringLiteral("/srv/redis/7001.conf"));
        const Plan plan = SetupPlanner::build(facts(true), o);
        QVERIFY2(plan.canRun(), qPrintable(plan.render()));
        const Precondition *file = fileCheck(plan);
        QVERIFY(file && file->ok);
        QVERIFY2(file->detail.contains(QStringLiteral("edited over SSH: %1 (/srv/redis/7001.conf)").arg(addr(7001))),
                 qPrintable(file->detail));
        const PlanStep *persist = persistStep(plan);
        QVERIFY(persist);
        const QString commands = persist->commands.join(QLatin1Char('\n'));
        // The master keeps CONFIG REWRITE and its file is read back; the replica's file is edited.
        QVERIFY2(commands.contains(addr(7000) + QStringLiteral(": CONFIG REWRITE")), qPrintable(commands));
        QVERIFY2(commands.contains(addr(7000) + QStringLiteral(": read /etc/redis/7000.conf back over SSH")), qPrintable(commands));
        QVERIFY2(!commands.contains(addr(7001) + QStringLiteral(": CONFIG REWRITE")), qPrintable(commands));
        const QString edit = addr(7001) + QStringLiteral(": edit /srv/redis/7001.conf over SSH");
        QVERIFY2(commands.contains(edit), qPrintable(commands));
        for (const QString &part : {QStringLiteral("replicaof 127.0.0.1 7000"), QStringLiteral("masterauth <hidden>"),
                                    QStringLiteral("requirepass <hidden>"), QStringLiteral("tcp-keepalive 60"),
                                    QStringLiteral("repl-backlog-size 1048576"), QStringLiteral("replica-read-only yes")})
            QVERIFY2(commands.contains(part), qPrintable(part + QLatin1Char('\n') + commands));
        const QString everything = QString::fromUtf8(QJsonDocument(plan.toJson()).toJson()) + plan.render();
        QVERIFY(!everything.contains(kPassword));
    }

    void noFileWithoutSshOrPathIsRefused()
    {
        const Plan noPath = SetupPlanner::build(facts(true), options());
        QVERIFY(!noPath.canRun());
        QVERIFY(fileCheck(noPath) && !fileCheck(noPath)->ok);
        QVERIFY2(fileCheck(noPath)->detail.contains(QLatin1String("--config-file")), qPrintable(fileCheck(noPath)->detail));
        SetupOptions o = options();
        o.configFiles.insert(addr(7001), QStringLiteral("/srv/redis/7001.conf"));
        const Plan noSsh = SetupPlanner::build(facts(false), o);
        QVERIFY(!noSsh.canRun());
        QVERIFY2(fileCheck(noSsh)->detail.contains(QLatin1String("no SSH")), qPrintable(fileCheck(noSsh)->detail));
        // The probe could not read the named file: refused before anything changes, saying why.
        SetupFacts unreadable = facts(true);
        unreadable.nodes[addr(7001)].editFileError = QStringLiteral("no such file or directory.");
        const Plan missing = SetupPlanner::build(unreadable, o);
        QVERIFY(!missing.canRun());
        QVERIFY2(fileCheck(missing)->detail.contains(QLatin1String("/srv/redis/7001.conf cannot be read over SSH: no such file")),
                 qPrintable(fileCheck(missing)->detail));
        // Without SSH nothing is read over SSH.
        QVERIFY(!persistStep(noSsh)->commands.join(QLatin1Char('\n')).contains(QLatin1String("over SSH")));
    }

    void editKeepsTheFileAndReadsBack()
    {
        const QByteArray before = "# my redis\nport 7001\nslaveof 10.0.0.9 6379\n"
                                  "client-output-buffer-limit normal 0 0 0\nclient-output-buffer-limit replica 256mb 64mb 60\n";
        const QHash<QByteArray, QByteArray> values{{"masterauth", kPassword.toUtf8()},
                                                   {"tcp-keepalive", "60"},
                                                   {"client-output-buffer-limit", "replica 536870912 536870912 60"},
                                                   {"save", "3600 1 300 100"}};
        const QByteArray after = SetupFileEdit::edit(before, values, addr(7000));
        QVERIFY2(after.startsWith("# my redis\nport 7001\n"), after.constData());
        QVERIFY2(after.contains("replicaof 127.0.0.1 7000\n") && !after.contains("slaveof"), after.constData());
        QVERIFY2(after.contains("client-output-buffer-limit normal 0 0 0\n"), after.constData());
        QVERIFY2(after.contains("client-output-buffer-limit replica 536870912 536870912 60\n"), after.constData());
        QVERIFY2(after.contains("save 3600 1 300 100\n") && after.contains("tcp-keepalive 60\n"), after.constData());
        const QStringList secret{QStringLiteral("masterauth")};
        QCOMPARE(SetupFileEdit::differences(after, values, addr(7000), secret), QStringList());
        // Memory units as CONFIG REWRITE writes them compare equal; a default it omitted is fine then.
        QCOMPARE(SetupFileEdit::differences("repl-backlog-size 1mb\n", {{"repl-backlog-size", "1048576"}, {"replica-read-only", "yes"}},
                                            QString(), secret, true),
                 QStringList());
        const QStringList diff = SetupFileEdit::differences(before, values, addr(7000), secret);
        QVERIFY2(diff.contains(QStringLiteral("masterauth absent")), qPrintable(diff.join(QLatin1Char('|'))));
        QVERIFY2(diff.contains(QStringLiteral("replicaof ''")), qPrintable(diff.join(QLatin1Char('|'))));
        QVERIFY(!diff.join(QLatin1Char(' ')).contains(kPassword));
        QCOMPARE(SetupFileEdit::differences("masterauth other\n", {{"masterauth", kPassword.toUtf8()}}, QString(), secret),
                 QStringList{QStringLiteral("masterauth differs")});
    }
};

TANDEM_TEST_GUILESS_MAIN(TestSetupFileEdit)
#include "tst_setupfileedit.moc"
