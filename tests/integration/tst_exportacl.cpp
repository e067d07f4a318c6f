// `tandemctl export acl`: the users of a group as a users.acl that a fresh redis-server loads
// with `aclfile`, after which every user logs in with the password it had. No clear password
// is ever written; a replica whose users differ from the master's is pointed out by name.
#include "BlockingRedis.h"
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "export/AclExport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

class tst_ExportAcl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportedUsersLogInOnAFreshServer();
    void standardOutputWithoutOut();
    void differingUsersAndClearPasswords();

private:
    QProcessEnvironment env() const { return CliRunner::withDataDir(m_tmp.filePath(QStringLiteral("data"))); }
    static QString show(const CliResult &r) { return CliRunner::describe(r); }
    CliResult exportAcl(const QStringList &extra) const
    {
        return CliRunner::run(QStringList{QStringLiteral("export"), QStringLiteral("acl"), QStringLiteral("--seed"),
                                          m_lab.address(QStringLiteral("master"))} + extra,
                              60000, env());
    }

    // master with alice and bob; replica with alice only (bob missing there).
    ReplicationLab m_lab;
    QTemporaryDir m_tmp;
};

void tst_ExportAcl::initTestCase()
{
    QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY2(m_lab.addMaster(QStringLiteral("master")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("replica"), QStringLiteral("master")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.waitLinked(), qPrintable(m_lab.errorString()));
    // ACL changes are not replicated: each node gets its own.
    for (const QString &node : {QStringLiteral("master"), QStringLiteral("replica")}) {
        BlockingRedis c(m_lab.address(node));
        QVERIFY(c.call({"ACL", "SETUSER", "alice", "on", ">alice-Pw-1", "~*", "+@all"}).ok);
    }
    BlockingRedis master(m_lab.address(QStringLiteral("master")));
    QVERIFY(master.call({"ACL", "SETUSER", "bob", "on", ">bob pass 2", "~cache:*", "+get", "+set"}).ok);
}

void tst_ExportAcl::exportedUsersLogInOnAFreshServer()
{
    const QString file = m_tmp.filePath(QStringLiteral("out/users.acl"));
    const CliResult r = exportAcl({QStringLiteral("--out"), file});
    QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
    QVERIFY2(r.out.contains(QStringLiteral("wrote ") + file), qPrintable(r.out));
    const QByteArray bytes = TestEnv::readFile(file);
    QVERIFY2(bytes.contains("user alice on #"), bytes.constData());
    QVERIFY2(bytes.contains("user bob on #"), bytes.constData());
    QVERIFY2(bytes.contains("user default on nopass"), bytes.constData());
    for (const QByteArray &clear : {QByteArray("alice-Pw-1"), QByteArray("bob pass 2"), QByteArray(" >")})
        QVERIFY2(!bytes.contains(clear), clear.constData());
    // The replica lacks bob: said, by name; alice is the same on both.
    QVERIFY2(r.err.contains(QStringLiteral("%1 has other ACL rules than the master for user(s) bob")
                                .arg(m_lab.address(QStringLiteral("replica")))), qPrintable(r.err));
    // Recorded, without the file's content.
    const CliResult audit = CliRunner::run({QStringLiteral("audit"), QStringLiteral("--json")}, 30000, env());
    QVERIFY2(audit.out.contains(QStringLiteral("users.acl")), qPrintable(show(audit)));

    RedisServer fresh;
    QVERIFY2(fresh.start({QStringLiteral("--aclfile"), file}), qPrintable(fresh.errorString()));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(fresh.port());
    BlockingRedis c(address);
    QCOMPARE(c.call({"AUTH", "alice", "alice-Pw-1"}).text, QByteArray("OK"));
    QCOMPARE(c.call({"SET", "k", "v"}).text, QByteArray("OK"));
    QCOMPARE(c.call({"AUTH", "bob", "bob pass 2"}).text, QByteArray("OK"));
    QCOMPARE(c.call({"SET", "cache:1", "v"}).text, QByteArray("OK"));
    QVERIFY(c.call({"SET", "other", "v"}).error);  // bob's key pattern came along
    QVERIFY(c.call({"AUTH", "alice", "wrong"}).error);
}

void tst_ExportAcl::standardOutputWithoutOut()
{
    const CliResult r = exportAcl({});
    QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
    // Nothing but user lines: Redis 7.0 refuses anything else in an aclfile.
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    for (const QString &line : lines)
        QVERIFY2(line.startsWith(QStringLiteral("user ")), qPrintable(line));
    QVERIFY(r.out.contains(QStringLiteral("user bob on #")));
    QVERIFY(!r.out.contains(QStringLiteral("wrote ")));
}

void tst_ExportAcl::differingUsersAndClearPasswords()
{
    const QStringList master{QStringLiteral("user alice on #ab ~* +@all"), QStringLiteral("user bob on #cd ~* +get")};
    QCOMPARE(AclExport::differingUsers(master, master), QStringList());
    QCOMPARE(AclExport::differingUsers(master, {master.first()}), QStringList{QStringLiteral("bob")});
    QCOMPARE(AclExport::differingUsers(master, {QStringLiteral("user alice on #ef ~* +@all"), master.last(),
                                                QStringLiteral("user carol off")}),
             (QStringList{QStringLiteral("alice"), QStringLiteral("carol")}));
    int removed = 0;
    QCOMPARE(AclExport::withoutClearPasswords(QStringLiteral("user eve on >clear <old #ab ~*"), &removed),
             QStringLiteral("user eve on #ab ~*"));
    QCOMPARE(removed, 2);

    GroupExportFacts facts;
    facts.masterAddress = QStringLiteral("10.0.0.1:6379");
    facts.aclRead = true;
    facts.aclLines = {QStringLiteral("user eve on >clear ~*")};
    QStringList warnings;
    const ExportFile file = AclExport::file(facts, &warnings);
    QCOMPARE(file.name, QStringLiteral("users.acl"));
    QVERIFY(!file.bytes.contains("clear"));
    QCOMPARE(warnings.size(), 1);
}

TANDEM_TEST_GUILESS_MAIN(tst_ExportAcl)
#include "tst_exportacl.moc"
