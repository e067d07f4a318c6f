// ConfigAdvisor: every check fires on a minimal bad file and stays quiet on the matching good
// one; the stock Debian file yields only the expected advice; secrets never leak into text.

#include "TestRegistry.h"
#include "config/ConfigAdvisor.h"
#include "config/ConfigDocument.h"
#include "config/ConfigValidator.h"

#include <QFile>
#include <QtTest>

namespace {

using Severity = ConfigDiagnostic::Severity;

QList<ConfigDiagnostic> advise(const QByteArray &text, const ConfigAdvisorContext &ctx = {})
{
    return ConfigAdvisor::advise(ConfigDocument::parse(text), ctx);
}

const ConfigDiagnostic *byCode(const QList<ConfigDiagnostic> &diags, const QString &code)
{
    for (const ConfigDiagnostic &d : diags) {
        if (d.code == code)
            return &d;
    }
    return nullptr;
}

QString codes(const QList<ConfigDiagnostic> &diags)
{
    QStringList out;
    for (const ConfigDiagnostic &d : diags)
        out << d.code;
    return out.join(QLatin1Char(','));
}

ConfigAdvisorContext withMaster(const QByteArray &masterText)
{
    ConfigAdvisorContext ctx;
    ctx.masterConfig = ConfigDocument::parse(masterText);
    return ctx;
}

ConfigAdvisorContext withRate(double bytesPerSecond)
{
    ConfigAdvisorContext ctx;
    ctx.writeBytesPerSecond = bytesPerSecond;
    return ctx;
}

// A running node is known, but not how fast it is written to.
ConfigAdvisorContext withLiveNode()
{
    ConfigAdvisorContext ctx;
    ctx.live = NodeSnapshot();
    ctx.live->role = NodeSnapshot::Role::Master;
    return ctx;
}

ConfigAdvisorContext withDataset(qint64 bytes)
{
    ConfigAdvisorContext ctx;
    ctx.datasetBytes = bytes;
    return ctx;
}

ConfigAdvisorContext withReplicas(int count)
{
    ConfigAdvisorContext ctx;
    ctx.replicaCount = count;
    return ctx;
}

const QByteArray kLongPass = "Vt3pQ9xL2mW7rK5zN8bH4cJ6";  // 24 chars, not common
const QByteArray kTlsFiles =
    "tls-port 6380\ntls-cert-file /etc/redis/r.crt\ntls-key-file /etc/redis/r.key\n"
    "tls-ca-cert-file /etc/redis/ca.crt\n";

struct Case
{
    const char *code;
    Severity severity;
    QByteArray bad;
    ConfigAdvisorContext badCtx;
    QByteArray good;
    ConfigAdvisorContext goodCtx;
};

QList<Case> cases()
{
    const ConfigAdvisorContext master = withMaster("requirepass " + kLongPass + "\n");
    const ConfigAdvisorContext tlsMaster = withMaster("tls-replication yes\n" + kTlsFiles);
    return {
        {"replica-masterauth-missing", Severity::Warning, "replicaof 10.0.0.1 6379\n", master,
         "replicaof 10.0.0.1 6379\nmasterauth " + kLongPass + "\n", master},
        {"replica-masterauth-mismatch", Severity::Warning,
         "replicaof 10.0.0.1 6379\nmasterauth Qw8eR7tY6uI5oP4aS3dF\n", master,
         "replicaof 10.0.0.1 6379\nmasterauth " + kLongPass + "\n", master},
        {"open-without-password", Severity::Warning, "protected-mode no\n", {},
         "protected-mode no\nrequirepass " + kLongPass + "\n", {}},
        {"weak-password", Severity::Warning, "requirepass foobared\n", {},
         "requirepass " + kLongPass + "\n", {}},
        {"tcp-keepalive-off", Severity::Warning, "tcp-keepalive 0\n", {}, "tcp-keepalive 300\n", {}},
        {"master-without-persistence", Severity::Warning, "save \"\"\nappendonly no\n", {},
         "save \"\"\nappendonly yes\n", {}},
        {"replica-writable", Severity::Warning, "replica-read-only no\n", {},
         "replica-read-only yes\n", {}},
        {"repl-backlog-too-small", Severity::Warning, "repl-backlog-size 1mb\n", withRate(100000),
         "repl-backlog-size 16mb\n", withRate(100000)},
        {"repl-backlog-unverified", Severity::Info, "port 6379\n", withLiveNode(), "port 6379\n",
         withRate(1000)},
        {"replica-buffer-too-small", Severity::Warning,
         "client-output-buffer-limit replica 256mb 64mb 60\n", withDataset(qint64(1) << 30),
         "client-output-buffer-limit replica 0 0 0\n", withDataset(qint64(1) << 30)},
        {"maxmemory-policy-mismatch", Severity::Warning, "maxmemory-policy noeviction\n",
         withMaster("maxmemory-policy allkeys-lru\n"), "maxmemory-policy allkeys-lru\n",
         withMaster("maxmemory-policy allkeys-lru\n")},
        {"only-replica-unpromotable", Severity::Warning, "replica-priority 0\n", withReplicas(1),
         "replica-priority 100\n", withReplicas(1)},
        {"critical-command-renamed", Severity::Warning, "rename-command CONFIG xq81\n", {},
         "rename-command FLUSHALL \"\"\n", {}},
        {"tls-replication-incomplete", Severity::Warning, "tls-replication yes\n", {},
         "tls-replication yes\n" + kTlsFiles, {}},
        {"tls-replication-mismatch", Severity::Warning,
         "replicaof 10.0.0.1 6380\ntls-replication no\n", tlsMaster,
         "replicaof 10.0.0.1 6380\ntls-replication yes\n" + kTlsFiles, tlsMaster},
    };
}

} // namespace

class TestConfigAdvisor : public QObject
{
    Q_OBJECT

private slots:
    void badRaisedGoodNot_data()
    {
        QTest::addColumn<int>("index");
        const QList<Case> all = cases();
        for (int i = 0; i < all.size(); ++i)
            QTest::newRow(all.at(i).code) << i;
    }

    void badRaisedGoodNot()
    {
        QFETCH(int, index);
        const Case c = cases().at(index);
        const QString code = QString::fromLatin1(c.code);

        // Advice is about files redis-server accepts: the validator must find no error.
        for (const ConfigDiagnostic &v : ConfigValidator::validate(ConfigDocument::parse(c.bad)))
            QVERIFY2(v.severity != Severity::Error, qPrintable(v.message));

        const auto bad = advise(c.bad, c.badCtx);
        const ConfigDiagnostic *d = byCode(bad, code);
        QVERIFY2(d, qPrintable(QStringLiteral("not raised; got: ") + codes(bad)));
        QCOMPARE(d->severity, c.severity);
        QVERIFY(!d->message.isEmpty());
        QVERIFY(!d->fix.isEmpty());

        const auto good = advise(c.good, c.goodCtx);
        QVERIFY2(!byCode(good, code), qPrintable(byCode(good, code) ? byCode(good, code)->message
                                                                    : QString()));
        for (const ConfigDiagnostic &g : good)
            QVERIFY(g.severity != Severity::Error);
    }

    void positionsPointAtTheDirective()
    {
        const auto diags = advise("port 6379\n  tcp-keepalive 0\n");
        const ConfigDiagnostic *d = byCode(diags, QStringLiteral("tcp-keepalive-off"));
        QVERIFY(d);
        QCOMPARE(d->line, 2);
        QCOMPARE(d->column, 3);
        // Absent directive: no line to point at.
        const ConfigDiagnostic *b = byCode(advise("port 6379\n", withLiveNode()),
                                           QStringLiteral("repl-backlog-unverified"));
        QVERIFY(b);
        QCOMPARE(b->line, 0);
        // The password's own column, so an editor can select it.
        const ConfigDiagnostic *w = byCode(advise("requirepass  redis\n"),
                                           QStringLiteral("weak-password"));
        QVERIFY(w);
        QCOMPARE(w->column, 14);
    }

    void aliasesAndLiveMasterPassword()
    {
        ConfigAdvisorContext ctx;
        ctx.masterRequirePass = QString::fromLatin1(kLongPass);
        const auto diags = advise("slaveof 10.0.0.1 6379\nslave-read-only no\n", ctx);
        const ConfigDiagnostic *d = byCode(diags, QStringLiteral("replica-masterauth-missing"));
        QVERIFY(d);
        QCOMPARE(d->line, 1);
        QVERIFY(byCode(diags, QStringLiteral("replica-writable")));
        // A replica with persistence off is fine: it resyncs from its master.
        QVERIFY(!byCode(advise("replicaof h 1\nsave \"\"\n"),
                        QStringLiteral("master-without-persistence")));
        // "replicaof no one" is a master.
        QVERIFY(byCode(advise("replicaof no one\nsave \"\"\n"),
                       QStringLiteral("master-without-persistence")));
        // masteruser: the password belongs to an ACL user, not to requirepass.
        QVERIFY(!byCode(advise("replicaof h 1\nmasteruser repl\nmasterauth Zx9Cv8Bn7Mm6Ll5Kk4\n",
                               ctx),
                        QStringLiteral("replica-masterauth-mismatch")));
    }

    void exposureVariants()
    {
        const QString code = QStringLiteral("open-without-password");
        QVERIFY(byCode(advise("bind 0.0.0.0\nprotected-mode no\n"), code));
        QVERIFY(byCode(advise("bind * -::*\nprotected-mode no\n"), code));
        QVERIFY(byCode(advise("# bind 127.0.0.1\nprotected-mode no\n"), code));
        QVERIFY(!byCode(advise("bind 127.0.0.1 -::1\nprotected-mode no\n"), code));
        QVERIFY(!byCode(advise("bind 0.0.0.0\n"), code));  // protected mode on by default
        QVERIFY(!byCode(advise("protected-mode no\nuser default on >" + kLongPass + " ~* +@all\n"),
                        code));
        // Another user's password does not protect the default (unauthenticated) user.
        QVERIFY(byCode(advise("protected-mode no\nuser alice on >" + kLongPass + " ~* +@all\n"),
                       code));
        // Persistence default: no save line means the built-in save points.
        QVERIFY(!byCode(advise("appendonly no\n"), QStringLiteral("master-without-persistence")));
        QVERIFY(!byCode(advise("save \"\"\nsave 900 1\n"),
                        QStringLiteral("master-without-persistence")));
        QVERIFY(!byCode(advise("save \"\"\n", withReplicas(0)),
                        QStringLiteral("master-without-persistence")));
        QVERIFY(byCode(advise("requirepass 2short4u\n"), QStringLiteral("weak-password")));
    }

    void secretsNeverAppear()
    {
        const QByteArray masterFile = "requirepass MasterFileSecret-7Hq2Lm\n";
        const QByteArray text = "replicaof 10.0.0.1 6379\n"
                                "masterauth ReplicaAuthSecret-9Wz\n"
                                "requirepass Hx7Pq\n"
                                "user alice on >Jk2WqUserPw ~* +@all\n"
                                "rename-command CONFIG CfgHidden93\n";
        ConfigAdvisorContext ctx = withMaster(masterFile);
        QList<ConfigDiagnostic> diags = advise(text, ctx);
        ctx.masterRequirePass = QStringLiteral("LiveMasterSecret-Aq91");
        diags += advise(text, ctx);
        QVERIFY(byCode(diags, QStringLiteral("replica-masterauth-mismatch")));
        QVERIFY(byCode(diags, QStringLiteral("critical-command-renamed")));
        int weak = 0;
        for (const ConfigDiagnostic &d : diags)
            weak += d.code == QStringLiteral("weak-password") ? 1 : 0;
        QVERIFY(weak >= 2);
        const QStringList secrets = {
            QStringLiteral("MasterFileSecret"), QStringLiteral("ReplicaAuthSecret"),
            QStringLiteral("Hx7Pq"), QStringLiteral("Jk2WqUserPw"), QStringLiteral("CfgHidden93"),
            QStringLiteral("LiveMasterSecret")};
        for (const ConfigDiagnostic &d : diags) {
            for (const QString &s : secrets) {
                QVERIFY2(!d.message.contains(s, Qt::CaseInsensitive), qPrintable(d.code));
                QVERIFY2(!d.fix.contains(s, Qt::CaseInsensitive), qPrintable(d.code));
            }
        }
    }

    // The stock Debian file is safe by default; next to a live node the only advice is that
    // the backlog size cannot be judged without a write rate. Read at run time: a missing file is a failure.
    void debianDistributionFile()
    {
        QFile f(QStringLiteral("/etc/redis/redis.conf"));
        QVERIFY2(f.open(QIODevice::ReadOnly), "install redis-server: /etc/redis/redis.conf");
        const QByteArray text = f.readAll();

        const auto plain = ConfigAdvisor::advise(ConfigDocument::parse(text));
        QCOMPARE(codes(plain), QString());
        // Looking at a live node whose write rate is unknown: the backlog cannot be judged.
        const auto live = advise(text, withLiveNode());
        QCOMPARE(codes(live), QStringLiteral("repl-backlog-unverified"));
        QCOMPARE(live.first().severity, Severity::Info);

        QCOMPARE(codes(advise(text, withRate(1000))), QString());

        // The same file as a replica of an identical master: still nothing to say.
        ConfigAdvisorContext ctx = withMaster(text);
        ctx.writeBytesPerSecond = 1000;
        ctx.replicaCount = 1;
        ctx.datasetBytes = 10 * 1024 * 1024;
        QCOMPARE(codes(advise(text + "\nreplicaof 127.0.0.1 6380\n", ctx)), QString());
    }
};

TANDEM_TEST_GUILESS_MAIN(TestConfigAdvisor)
#include "tst_configadvisor.moc"
