// The real keychain: QtKeychain over libsecret talking to gnome-keyring in a private D-Bus
// session (ctest runs this through tests/support/with-keyring.sh). Secrets are written, read
// back, overwritten and removed, directly and through ProfileStore; without a session bus
// the store must say it is unavailable, with a reason, instead of hanging or pretending.
#include "profile/KeychainSecretStore.h"
#include "profile/ProfileStore.h"
#include "TestRegistry.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <optional>

namespace {

const char kProbeChildFlag[] = "--probe-child";
constexpr int kChildUnavailable = 3;
constexpr int kWaitMs = 20000;  // first use starts the secrets service over D-Bus

template<class T>
bool waitFor(const std::optional<T> &slot)
{
    return QTest::qWaitFor([&] { return slot.has_value(); }, kWaitMs);
}

struct ReadResult
{
    QString secret;
    SecretError error;
};

// Runs in a child process that never had a session bus: libsecret and QtKeychain cache their
// connection per process, so "no bus" can only be tested from a fresh one.
int probeChild(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    KeychainSecretStore store;
    store.setProbeTimeout(15000);
    int code = 1;
    store.isAvailable(&app, [&app, &code](bool available, const QString &reason) {
        const QByteArray line = available ? QByteArray("available\n")
                                          : QByteArray("unavailable: ") + reason.toUtf8() + '\n';
        std::fputs(line.constData(), stdout);
        code = available ? 0 : kChildUnavailable;
        app.quit();
    });
    app.exec();
    return code;
}

} // namespace

class tst_Keychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void probeFindsKeychain();
    void writeReadOverwriteRemove();
    void profileStoreKeepsSecretsInKeychain();
    void noSessionBusMeansUnavailable();

private:
    SecretError write(const QString &key, const QString &secret);
    ReadResult read(const QString &key);
    SecretError remove(const QString &key);

    KeychainSecretStore m_store;
};

void tst_Keychain::initTestCase()
{
    // Refuse to run against a developer's real keyring.
    if (!qEnvironmentVariableIsSet("TANDEM_KEYRING_SESSION")) {
        QFAIL("needs a private D-Bus session with an unlocked gnome-keyring: run it through "
              "ctest or tests/support/with-keyring.sh <this binary>");
    }
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"), "no session bus in the wrapper");
    QCOMPARE(m_store.service(), QStringLiteral("Tandem"));
}

SecretError tst_Keychain::write(const QString &key, const QString &secret)
{
    std::optional<SecretError> done;
    m_store.write(key, secret, this, [&done](const SecretError &e) { done = e; });
    if (!waitFor(done))
        return {SecretError::Failed, QStringLiteral("timed out")};
    return *done;
}

ReadResult tst_Keychain::read(const QString &key)
{
    std::optional<ReadResult> done;
    m_store.read(key, this, [&done](const QString &s, const SecretError &e) { done = ReadResult{s, e}; });
    if (!waitFor(done))
        return {QString(), {SecretError::Failed, QStringLiteral("timed out")}};
    return *done;
}

SecretError tst_Keychain::remove(const QString &key)
{
    std::optional<SecretError> done;
    m_store.remove(key, this, [&done](const SecretError &e) { done = e; });
    if (!waitFor(done))
        return {SecretError::Failed, QStringLiteral("timed out")};
    return *done;
}

void tst_Keychain::probeFindsKeychain()
{
    std::optional<QPair<bool, QString>> answer;
    m_store.isAvailable(this, [&answer](bool ok, const QString &reason) { answer = qMakePair(ok, reason); });
    QVERIFY(waitFor(answer));
    QVERIFY2(answer->first, qPrintable(answer->second));
    QVERIFY(m_store.isPersistent());
}

void tst_Keychain::writeReadOverwriteRemove()
{
    const QString key = QStringLiteral("test/lifecycle");
    SecretError e = write(key, QStringLiteral("first-Sécret ✓"));
    QVERIFY2(e.ok(), qPrintable(e.message));
    ReadResult r = read(key);
    QVERIFY2(r.error.ok(), qPrintable(r.error.message));
    QCOMPARE(r.secret, QStringLiteral("first-Sécret ✓"));

    e = write(key, QStringLiteral("second"));
    QVERIFY2(e.ok(), qPrintable(e.message));
    QCOMPARE(read(key).secret, QStringLiteral("second"));

    e = remove(key);
    QVERIFY2(e.ok(), qPrintable(e.message));
    r = read(key);
    QCOMPARE(r.error.code, SecretError::NotFound);
    QVERIFY(r.secret.isEmpty());
    e = remove(key);
    QVERIFY2(e.ok(), "removing twice is fine");
}

void tst_Keychain::profileStoreKeepsSecretsInKeychain()
{
    QTemporaryDir dir;
    const QString iniPath = dir.filePath(QStringLiteral("tandem.ini"));
    QSettings settings(iniPath, QSettings::IniFormat);
    ProfileStore store(&settings, &m_store);

    ConnectionProfile p;
    p.name = QStringLiteral("kc");
    p.password = QStringLiteral("kc-Redis-Pw");
    p.ssh.enabled = true;
    p.ssh.host = QStringLiteral("bastion");
    p.ssh.keyPassphrase = QStringLiteral("kc-Key-Pp");
    p.ssh.password = QStringLiteral("kc-Ssh-Pw");
    std::optional<SecretsResult> saved;
    const QString id = store.add(p, this, [&saved](const SecretsResult &r) { saved = r; });
    QVERIFY(waitFor(saved));
    QVERIFY2(saved->ok(), qPrintable(saved->error));
    QCOMPARE(read(QStringLiteral("profile/%1/password").arg(id)).secret, p.password);
    QCOMPARE(read(QStringLiteral("profile/%1/ssh-passphrase").arg(id)).secret, p.ssh.keyPassphrase);
    QCOMPARE(read(QStringLiteral("profile/%1/ssh-password").arg(id)).secret, p.ssh.password);

    // Overwrite through an edit, then load as for connecting.
    ConnectionProfile edited = p;
    edited.password = QStringLiteral("kc-Redis-Pw-2");
    std::optional<SecretsResult> updated;
    QVERIFY(store.update(id, edited, {SecretKind::Password}, this,
                         [&updated](const SecretsResult &r) { updated = r; }));
    QVERIFY(waitFor(updated));
    QVERIFY2(updated->ok(), qPrintable(updated->error));
    std::optional<ConnectionProfile> loaded;
    store.loadWithSecrets(id, this, [&loaded](const ConnectionProfile &lp, const SecretsResult &r) {
        if (!r.ok())
            qWarning("load: %s", qPrintable(r.error));
        loaded = lp;
    });
    QVERIFY(waitFor(loaded));
    QCOMPARE(loaded->password, QStringLiteral("kc-Redis-Pw-2"));
    QCOMPARE(loaded->ssh.keyPassphrase, p.ssh.keyPassphrase);
    QCOMPARE(loaded->ssh.password, p.ssh.password);

    settings.sync();
    QFile ini(iniPath);
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray bytes = ini.readAll();
    QVERIFY(bytes.contains("hasPassword=true"));
    for (const char *secret : {"kc-Redis-Pw", "kc-Key-Pp", "kc-Ssh-Pw"})
        QVERIFY2(!bytes.contains(secret), secret);

    std::optional<SecretsResult> removed;
    QVERIFY(store.remove(id, this, [&removed](const SecretsResult &r) { removed = r; }));
    QVERIFY(waitFor(removed));
    QVERIFY2(removed->ok(), qPrintable(removed->error));
    for (const QString &leaf : {QStringLiteral("password"), QStringLiteral("ssh-passphrase"),
                                QStringLiteral("ssh-password")}) {
        QCOMPARE(read(QStringLiteral("profile/%1/%2").arg(id, leaf)).error.code, SecretError::NotFound);
    }
}

void tst_Keychain::noSessionBusMeansUnavailable()
{
    QTemporaryDir runtime;  // an empty XDG_RUNTIME_DIR: no $XDG_RUNTIME_DIR/bus to fall back on
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("DISPLAY"),
                                QStringLiteral("WAYLAND_DISPLAY")})
        env.remove(name);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    QProcess child;
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(),
                TestRegistry::selfArguments() << QString::fromLatin1(kProbeChildFlag));
    QVERIFY(child.waitForStarted(5000));
    QVERIFY2(child.waitForFinished(30000), "the probe must give up, not hang");
    const QString output = QString::fromUtf8(child.readAll()).trimmed();
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QVERIFY2(child.exitCode() == kChildUnavailable, qPrintable(output));
    const QString line = output.section(QLatin1Char('\n'), -1);
    QVERIFY2(line.startsWith(QStringLiteral("unavailable: ")), qPrintable(output));
    QVERIFY2(line.contains(QStringLiteral("D-Bus")), qPrintable(line));  // names the cause
    qInfo("without a session bus: %s", qPrintable(line));
}

static int keychainMain(int argc, char **argv)
{
    if (argc > 1 && qstrcmp(argv[1], kProbeChildFlag) == 0)
        return probeChild(argc, argv);
    QCoreApplication app(argc, argv);
    tst_Keychain test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
TANDEM_TEST_CUSTOM_MAIN(keychainMain)

#include "tst_keychain.moc"
