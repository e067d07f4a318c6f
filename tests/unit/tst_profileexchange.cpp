// ProfileExchange: a versioned JSON file without secrets; import validates every entry,
// keeps the good ones, reports the bad ones, and ignores secret values it finds.
#include "ProfileCompare.h"
#include "TestRegistry.h"
#include "profile/ProfileExchange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

SavedProfile sample()
{
    SavedProfile saved;
    ConnectionProfile &p = saved.profile;
    p.name = QStringLiteral("replica east");
    p.host = QStringLiteral("10.1.2.3");
    p.port = 6390;
    p.user = QStringLiteral("reader");
    p.db = 2;
    p.connectTimeoutMs = 2500;
    p.commandTimeoutMs = 7000;
    p.tls = {true, QStringLiteral("/ca.pem"), QStringLiteral("/c.pem"), QStringLiteral("/c.key"),
             QStringLiteral("sni.example"), true};
    p.ssh.enabled = true;
    p.ssh.host = QStringLiteral("jump.example");
    p.ssh.port = 2200;
    p.ssh.user = QStringLiteral("ops");
    p.ssh.keyFile = QStringLiteral("/k");
    p.ssh.knownHostsFile = QStringLiteral("/kh");
    p.ssh.useAgent = false;
    p.ssh.acceptNewHostKey = true;
    p.ssh.acceptFingerprint = QStringLiteral("SHA256:xyz");
    p.ssh.keepaliveSeconds = 45;
    saved.secrets = {SecretKind::Password, SecretKind::SshPassphrase};
    return saved;
}

QByteArray fileWith(const QJsonArray &profiles, int version = 1)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("tandem-profiles")},
                                     {QStringLiteral("version"), version},
                                     {QStringLiteral("profiles"), profiles}})
        .toJson();
}

QJsonObject entry(const QString &host)
{
    return {{QStringLiteral("host"), host}};
}

} // namespace

class tst_ProfileExchange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void exportNeverContainsSecrets();
    void importIgnoresSecretsAndSaysSo();
    void badEntriesAreReportedAndSkipped_data();
    void badEntriesAreReportedAndSkipped();
    void unusableFiles_data();
    void unusableFiles();
    void minimalEntryGetsDefaults();
    void files();
};

void tst_ProfileExchange::roundTrip()
{
    const SavedProfile original = sample();
    const auto result = ProfileExchange::importProfiles(ProfileExchange::exportProfiles({original}));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QVERIFY(result.problems.isEmpty());
    QVERIFY(result.notes.isEmpty());
    QCOMPARE(result.profiles.size(), 1);
    const ConnectionProfile &a = result.profiles.first().profile;
    const ConnectionProfile &b = original.profile;
    ProfileCompare::withoutSecrets(a, b);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(result.profiles.first().secrets, original.secrets);
    QVERIFY(result.profiles.first().id.isEmpty());
}

void tst_ProfileExchange::exportNeverContainsSecrets()
{
    SavedProfile careless = sample();
    careless.secrets.clear();
    careless.profile.password = QStringLiteral("pw-Leak-1");
    careless.profile.ssh.keyPassphrase = QStringLiteral("pp-Leak-2");
    careless.profile.ssh.password = QStringLiteral("sp-Leak-3");
    const QByteArray json = ProfileExchange::exportProfiles({careless});
    QVERIFY(!json.contains("pw-Leak-1"));
    QVERIFY(!json.contains("pp-Leak-2"));
    QVERIFY(!json.contains("sp-Leak-3"));
    // It still says which secrets the profile needs.
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    QCOMPARE(root.value(QStringLiteral("version")).toInt(), ProfileExchange::kVersion);
    const QJsonArray secrets = root.value(QStringLiteral("profiles")).toArray().first().toObject()
                                   .value(QStringLiteral("secrets")).toArray();
    QCOMPARE(secrets.size(), 3);
}

void tst_ProfileExchange::importIgnoresSecretsAndSaysSo()
{
    QJsonObject withSecrets{{QStringLiteral("name"), QStringLiteral("leaky")},
                            {QStringLiteral("host"), QStringLiteral("db.example")},
                            {QStringLiteral("password"), QStringLiteral("in-File-Pw")},
                            {QStringLiteral("ssh"), QJsonObject{{QStringLiteral("enabled"), true},
                                                                {QStringLiteral("host"), QStringLiteral("j")},
                                                                {QStringLiteral("keyPassphrase"), QStringLiteral("in-File-Pp")},
                                                                {QStringLiteral("password"), QStringLiteral("in-File-Sp")}}}};
    const auto result = ProfileExchange::importProfiles(fileWith({withSecrets, entry(QStringLiteral("clean"))}));
    QVERIFY(result.ok());
    QCOMPARE(result.profiles.size(), 2);
    const SavedProfile &leaky = result.profiles.first();
    QVERIFY(leaky.profile.password.isEmpty());
    QVERIFY(leaky.profile.ssh.keyPassphrase.isEmpty());
    QVERIFY(leaky.profile.ssh.password.isEmpty());
    // The profile remembers it needs them, so Tandem asks on connect.
    QVERIFY(leaky.uses(SecretKind::Password));
    QVERIFY(leaky.uses(SecretKind::SshPassphrase));
    QVERIFY(leaky.uses(SecretKind::SshPassword));
    QCOMPARE(result.notes.size(), 1);
    QVERIFY2(result.notes.first().contains(QStringLiteral("leaky"))
                 && result.notes.first().contains(QStringLiteral("ignored")),
             qPrintable(result.notes.first()));
    QVERIFY(!result.notes.first().contains(QStringLiteral("in-File")));
}

void tst_ProfileExchange::badEntriesAreReportedAndSkipped_data()
{
    QTest::addColumn<QJsonValue>("bad");
    QTest::addColumn<QString>("reason");
    auto with = [](const QString &key, const QJsonValue &value) {
        QJsonObject o = entry(QStringLiteral("h"));
        o.insert(key, value);
        return QJsonValue(o);
    };
    QTest::newRow("not an object") << QJsonValue(42) << QStringLiteral("not an object");
    QTest::newRow("no host") << QJsonValue(QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}})
                             << QStringLiteral("host");
    QTest::newRow("url as host") << QJsonValue(entry(QStringLiteral("redis://:pw@h")))
                                 << QStringLiteral("host");
    QTest::newRow("port range") << with(QStringLiteral("port"), 70000) << QStringLiteral("port");
    QTest::newRow("port type") << with(QStringLiteral("port"), QStringLiteral("6379")) << QStringLiteral("port");
    QTest::newRow("port fraction") << with(QStringLiteral("port"), 6379.5) << QStringLiteral("port");
    QTest::newRow("db negative") << with(QStringLiteral("db"), -1) << QStringLiteral("db");
    QTest::newRow("tls not object") << with(QStringLiteral("tls"), true) << QStringLiteral("tls");
    QTest::newRow("tls bool type") << with(QStringLiteral("tls"), QJsonObject{{QStringLiteral("enabled"), QStringLiteral("yes")}})
                                   << QStringLiteral("tls.enabled");
    QTest::newRow("ssh without host") << with(QStringLiteral("ssh"), QJsonObject{{QStringLiteral("enabled"), true}})
                                      << QStringLiteral("ssh.host");
    QTest::newRow("unknown secret") << with(QStringLiteral("secrets"), QJsonArray{QStringLiteral("pin")})
                                    << QStringLiteral("pin");
    QTest::newRow("name type") << with(QStringLiteral("name"), 5) << QStringLiteral("name");
}

void tst_ProfileExchange::badEntriesAreReportedAndSkipped()
{
    QFETCH(QJsonValue, bad);
    QFETCH(QString, reason);
    const auto result = ProfileExchange::importProfiles(
        fileWith({entry(QStringLiteral("good1")), bad, entry(QStringLiteral("good2"))}));
    QVERIFY(result.ok());
    QCOMPARE(result.profiles.size(), 2);
    QCOMPARE(result.profiles.at(1).profile.host, QStringLiteral("good2"));
    QCOMPARE(result.problems.size(), 1);
    const QString problem = result.problems.first();
    QVERIFY2(problem.startsWith(QStringLiteral("Profile 2")), qPrintable(problem));
    QVERIFY2(problem.contains(reason), qPrintable(problem));
    QVERIFY2(problem.contains(QStringLiteral("skipped")), qPrintable(problem));
}

void tst_ProfileExchange::unusableFiles_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not json") << QByteArray("{oops") << QStringLiteral("JSON");
    QTest::newRow("array") << QByteArray("[]") << QStringLiteral("format");
    QTest::newRow("other format") << QByteArray("{\"format\":\"x\",\"version\":1,\"profiles\":[]}")
                                  << QStringLiteral("format");
    QTest::newRow("no version") << QByteArray("{\"format\":\"tandem-profiles\",\"profiles\":[]}")
                                << QStringLiteral("version");
    QTest::newRow("newer") << fileWith({}, 2) << QStringLiteral("version 2");
    QTest::newRow("no list") << QByteArray("{\"format\":\"tandem-profiles\",\"version\":1}")
                             << QStringLiteral("profiles");
}

void tst_ProfileExchange::unusableFiles()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    const auto result = ProfileExchange::importProfiles(json);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(reason), qPrintable(result.error));
    QVERIFY(result.profiles.isEmpty());
}

void tst_ProfileExchange::minimalEntryGetsDefaults()
{
    const auto result = ProfileExchange::importProfiles(fileWith({entry(QStringLiteral("::1"))}));
    QCOMPARE(result.profiles.size(), 1);
    const ConnectionProfile &p = result.profiles.first().profile;
    const ConnectionProfile defaults;
    QCOMPARE(p.host, QStringLiteral("::1"));
    QCOMPARE(p.port, defaults.port);
    QCOMPARE(p.connectTimeoutMs, defaults.connectTimeoutMs);
    QCOMPARE(p.ssh.useAgent, defaults.ssh.useAgent);
    QVERIFY(!p.tls.enabled);
    QVERIFY(result.profiles.first().secrets.isEmpty());
}

void tst_ProfileExchange::files()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("profiles.json"));
    QString error;
    QVERIFY2(ProfileExchange::exportToFile(path, {sample(), sample()}, &error), qPrintable(error));
    const auto result = ProfileExchange::importFromFile(path);
    QVERIFY(result.ok());
    QCOMPARE(result.profiles.size(), 2);
    const auto missing = ProfileExchange::importFromFile(dir.filePath(QStringLiteral("nope.json")));
    QVERIFY(!missing.ok());
    QVERIFY(missing.error.contains(QStringLiteral("nope.json")));
    QVERIFY(!ProfileExchange::exportToFile(dir.filePath(QStringLiteral("no/such/dir.json")), {}, &error));
    QVERIFY(!error.isEmpty());
}

TANDEM_TEST_GUILESS_MAIN(tst_ProfileExchange)
#include "tst_profileexchange.moc"
