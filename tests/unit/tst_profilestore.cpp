// ProfileStore over a temporary INI file and the in-memory secret store: every field survives
// a save/load round trip, secrets go to the secret store and never into the settings file.
#include "ProfileCompare.h"
#include "TestRegistry.h"
#include "profile/MemorySecretStore.h"
#include "profile/ProfileSettings.h"
#include "profile/ProfileStore.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

namespace {

const QString kPassword = QStringLiteral("redis-Pw-4711");
const QString kPassphrase = QStringLiteral("key-Phrase-0815");
const QString kSshPassword = QStringLiteral("ssh-Pw-2342");

// A profile where every field differs from its default.
ConnectionProfile fullProfile()
{
    ConnectionProfile p;
    p.name = QStringLiteral("cache primary");
    p.host = QStringLiteral("fd00::5");
    p.port = 6380;
    p.user = QStringLiteral("ops");
    p.password = kPassword;
    p.db = 3;
    p.tls.enabled = true;
    p.tls.caFile = QStringLiteral("/etc/tandem/ca.pem");
    p.tls.certFile = QStringLiteral("/etc/tandem/client.pem");
    p.tls.keyFile = QStringLiteral("/etc/tandem/client.key");
    p.tls.serverName = QStringLiteral("redis.internal");
    p.tls.insecure = true;
    p.ssh.enabled = true;
    p.ssh.host = QStringLiteral("bastion.example");
    p.ssh.port = 2222;
    p.ssh.user = QStringLiteral("jump");
    p.ssh.keyFile = QStringLiteral("/home/ops/.ssh/id_ed25519");
    p.ssh.keyPassphrase = kPassphrase;
    p.ssh.password = kSshPassword;
    p.ssh.useAgent = false;
    p.ssh.knownHostsFile = QStringLiteral("/home/ops/.ssh/known_hosts_tandem");
    p.ssh.acceptNewHostKey = true;
    p.ssh.acceptFingerprint = QStringLiteral("SHA256:abcdef");
    p.ssh.keepaliveSeconds = 17;
    p.connectTimeoutMs = 1234;
    p.commandTimeoutMs = 5678;
    return p;
}


// Waits for a store callback; the store only answers from the event loop.
template<class T>
bool waitFor(const std::optional<T> &slot)
{
    return QTest::qWaitFor([&] { return slot.has_value(); }, 5000);
}

struct Loaded
{
    ConnectionProfile profile;
    SecretsResult result;
};

} // namespace

class tst_ProfileStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void roundTripEveryField();
    void settingsFileNeverHoldsSecrets();
    void updateKeepsChangesAndForgetsSecrets();
    void removeDeletesSecrets();
    void unavailableStoreSavesWithoutSecrets();
    void notStoredSecretIsReportedMissing();
    void duplicateCopiesSecrets();
    void importedProfilesHaveFlagsButNoSecrets();
    void signalsAndOrderSurviveReload();
    void deadContextGetsNoCallback();
    void unknownIdAndDamagedSettings();

private:
    std::unique_ptr<QSettings> openSettings() const;
    QByteArray settingsBytes();
    std::optional<SecretsResult> add(ProfileStore &store, const ConnectionProfile &p, QString *id);
    Loaded load(ProfileStore &store, const QString &id);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ProfileStore> m_store;
};

std::unique_ptr<QSettings> tst_ProfileStore::openSettings() const
{
    return std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("tandem.ini")),
                                       QSettings::IniFormat);
}

QByteArray tst_ProfileStore::settingsBytes()
{
    m_settings->sync();
    QFile file(m_dir->filePath(QStringLiteral("tandem.ini")));
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

void tst_ProfileStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = openSettings();
    m_secrets = std::make_unique<MemorySecretStore>();
    m_store = std::make_unique<ProfileStore>(m_settings.get(), m_secrets.get());
}

void tst_ProfileStore::cleanup()
{
    m_store.reset();
    m_secrets.reset();
    m_settings.reset();
    m_dir.reset();
}

std::optional<SecretsResult> tst_ProfileStore::add(ProfileStore &store, const ConnectionProfile &p,
                                                   QString *id)
{
    std::optional<SecretsResult> result;
    *id = store.add(p, this, [&result](const SecretsResult &r) { result = r; });
    waitFor(result);
    return result;
}

Loaded tst_ProfileStore::load(ProfileStore &store, const QString &id)
{
    std::optional<Loaded> loaded;
    store.loadWithSecrets(id, this, [&loaded](const ConnectionProfile &p, const SecretsResult &r) {
        loaded = Loaded{p, r};
    });
    if (!waitFor(loaded))
        qWarning("loadWithSecrets did not answer");
    return loaded.value_or(Loaded{});
}

void tst_ProfileStore::roundTripEveryField()
{
    QString id;
    const auto saved = add(*m_store, fullProfile(), &id);
    QVERIFY(saved);
    QVERIFY2(saved->ok(), qPrintable(saved->error));
    QVERIFY(!id.isEmpty());

    // A fresh settings object and store read the file from scratch.
    m_store.reset();
    m_settings = openSettings();
    ProfileStore reloaded(m_settings.get(), m_secrets.get());
    QCOMPARE(reloaded.count(), 1);
    const SavedProfile listed = reloaded.profile(id);
    QCOMPARE(listed.id, id);
    ProfileCompare::withoutSecrets(listed.profile, fullProfile());
    QVERIFY2(listed.profile.password.isEmpty() && listed.profile.ssh.keyPassphrase.isEmpty()
                 && listed.profile.ssh.password.isEmpty(), "listing never carries secrets");
    QCOMPARE(listed.secrets.size(), 3);

    const Loaded loaded = load(reloaded, id);
    QVERIFY2(loaded.result.ok(), qPrintable(loaded.result.error));
    ProfileCompare::withoutSecrets(loaded.profile, fullProfile());
    QCOMPARE(loaded.profile.password, kPassword);
    QCOMPARE(loaded.profile.ssh.keyPassphrase, kPassphrase);
    QCOMPARE(loaded.profile.ssh.password, kSshPassword);
    QCOMPARE(m_secrets->keys().size(), 3);
    QVERIFY(m_secrets->contains(QStringLiteral("profile/%1/password").arg(id)));
    QVERIFY(m_secrets->contains(QStringLiteral("profile/%1/ssh-passphrase").arg(id)));
    QVERIFY(m_secrets->contains(QStringLiteral("profile/%1/ssh-password").arg(id)));

    // Defaults survive too (nothing invented on the way back).
    QString plainId;
    ConnectionProfile plain;
    QVERIFY(add(reloaded, plain, &plainId));
    ProfileStore again(m_settings.get(), m_secrets.get());
    ProfileCompare::withoutSecrets(again.profile(plainId).profile, plain);
    QVERIFY(again.profile(plainId).secrets.isEmpty());
}

void tst_ProfileStore::settingsFileNeverHoldsSecrets()
{
    QString id;
    QVERIFY(add(*m_store, fullProfile(), &id));
    // Updating and duplicating must not leak either.
    std::optional<SecretsResult> updated;
    ConnectionProfile changed = fullProfile();
    changed.password = QStringLiteral("second-Pw-99");
    QVERIFY(m_store->update(id, changed, {SecretKind::Password}, this,
                            [&updated](const SecretsResult &r) { updated = r; }));
    QVERIFY(waitFor(updated));
    std::optional<SecretsResult> copied;
    m_store->duplicate(id, QString(), this, [&copied](const SecretsResult &r) { copied = r; });
    QVERIFY(waitFor(copied));
    QVERIFY(copied->ok());

    const QByteArray ini = settingsBytes();
    QVERIFY(ini.contains("hasPassword=true"));
    QVERIFY(ini.contains("bastion.example"));
    for (const QString &secret : {kPassword, kPassphrase, kSshPassword,
                                  QStringLiteral("second-Pw-99")}) {
        QVERIFY2(!ini.contains(secret.toUtf8()), qPrintable(secret));
        QVERIFY2(!ini.contains(secret.toUtf8().toBase64()), qPrintable(secret));
    }
}

void tst_ProfileStore::updateKeepsChangesAndForgetsSecrets()
{
    QString id;
    QVERIFY(add(*m_store, fullProfile(), &id));
    QSignalSpy changed(m_store.get(), &ProfileStore::profileChanged);

    // Nothing listed as changed: stored secrets stay whatever the profile holds (here: blank).
    ConnectionProfile renamed = fullProfile();
    renamed.name = QStringLiteral("renamed");
    SecretKinds::clear(&renamed);
    std::optional<SecretsResult> r1;
    QVERIFY(m_store->update(id, renamed, {}, this, [&r1](const SecretsResult &r) { r1 = r; }));
    QVERIFY(waitFor(r1));
    QCOMPARE(changed.size(), 1);
    Loaded loaded = load(*m_store, id);
    QCOMPARE(loaded.profile.name, QStringLiteral("renamed"));
    QCOMPARE(loaded.profile.password, kPassword);
    QCOMPARE(loaded.profile.ssh.password, kSshPassword);

    // Replace the password, forget the SSH password.
    ConnectionProfile edited = renamed;
    edited.password = QStringLiteral("new-Pw");
    std::optional<SecretsResult> r2;
    QVERIFY(m_store->update(id, edited, {SecretKind::Password, SecretKind::SshPassword}, this,
                            [&r2](const SecretsResult &r) { r2 = r; }));
    QVERIFY(waitFor(r2));
    QVERIFY(r2->ok());
    loaded = load(*m_store, id);
    QVERIFY(loaded.result.ok());
    QCOMPARE(loaded.profile.password, QStringLiteral("new-Pw"));
    QCOMPARE(loaded.profile.ssh.keyPassphrase, kPassphrase);
    QVERIFY(loaded.profile.ssh.password.isEmpty());
    QVERIFY(!m_store->profile(id).uses(SecretKind::SshPassword));
    QVERIFY(!m_secrets->contains(SecretKinds::storeKey(id, SecretKind::SshPassword)));
    QVERIFY(!m_store->update(QStringLiteral("no-such-id"), edited, {}, this, {}));
}

void tst_ProfileStore::removeDeletesSecrets()
{
    QString keep;
    QString gone;
    QVERIFY(add(*m_store, fullProfile(), &keep));
    QVERIFY(add(*m_store, fullProfile(), &gone));
    QCOMPARE(m_secrets->keys().size(), 6);
    std::optional<SecretsResult> removed;
    QVERIFY(m_store->remove(gone, this, [&removed](const SecretsResult &r) { removed = r; }));
    QVERIFY(waitFor(removed));
    QVERIFY(removed->ok());
    QCOMPARE(m_store->count(), 1);
    const QStringList keys = m_secrets->keys();
    QCOMPARE(keys.size(), 3);
    for (const QString &key : keys)
        QVERIFY2(key.contains(keep), qPrintable(key));
    QVERIFY(!settingsBytes().contains(gone.toUtf8()));
    ProfileStore reloaded(m_settings.get(), m_secrets.get());
    QCOMPARE(reloaded.count(), 1);
    QVERIFY(!m_store->remove(gone));
}

void tst_ProfileStore::unavailableStoreSavesWithoutSecrets()
{
    m_secrets->setUnavailable(QStringLiteral("no D-Bus session bus"));
    QString id;
    const auto saved = add(*m_store, fullProfile(), &id);
    QVERIFY(saved);
    QVERIFY(!saved->ok());
    QCOMPARE(saved->missing.size(), 3);
    QVERIFY2(saved->error.contains(QStringLiteral("no D-Bus session bus")), qPrintable(saved->error));
    QVERIFY(saved->error.startsWith(QStringLiteral("No keychain available")));

    // Saved all the same, without secrets anywhere, but remembering it needs them.
    QCOMPARE(m_store->count(), 1);
    const QByteArray ini = settingsBytes();
    QVERIFY(ini.contains("cache primary"));
    QVERIFY(ini.contains("hasPassword=true"));
    for (const QString &secret : {kPassword, kPassphrase, kSshPassword})
        QVERIFY2(!ini.contains(secret.toUtf8()), qPrintable(secret));
    QVERIFY(m_secrets->keys().isEmpty());

    const Loaded loaded = load(*m_store, id);
    QCOMPARE(loaded.result.missing.size(), 3);
    QVERIFY(loaded.result.error.contains(QStringLiteral("no D-Bus session bus")));
    ProfileCompare::withoutSecrets(loaded.profile, fullProfile());
    QVERIFY(loaded.profile.password.isEmpty());
}

void tst_ProfileStore::notStoredSecretIsReportedMissing()
{
    QString id;
    ConnectionProfile p;
    p.password = kPassword;
    QVERIFY(add(*m_store, p, &id));
    // A session-only store forgets on restart: a new, empty one stands for that.
    MemorySecretStore afterRestart;
    ProfileStore store(m_settings.get(), &afterRestart);
    const Loaded loaded = load(store, id);
    QCOMPARE(loaded.result.missing, QList<SecretKind>{SecretKind::Password});
    QVERIFY2(loaded.result.error.isEmpty(), "not stored is not an error");
    QVERIFY(loaded.profile.password.isEmpty());
}

void tst_ProfileStore::duplicateCopiesSecrets()
{
    QString id;
    QVERIFY(add(*m_store, fullProfile(), &id));
    std::optional<SecretsResult> copied;
    const QString copy = m_store->duplicate(id, QString(), this,
                                            [&copied](const SecretsResult &r) { copied = r; });
    QVERIFY(waitFor(copied));
    QVERIFY(copied->ok());
    QVERIFY(copy != id);
    QCOMPARE(m_store->profile(copy).profile.name, QStringLiteral("cache primary (copy)"));
    const Loaded loaded = load(*m_store, copy);
    QVERIFY(loaded.result.ok());
    QCOMPARE(loaded.profile.password, kPassword);
    QCOMPARE(loaded.profile.ssh.keyPassphrase, kPassphrase);
    QCOMPARE(loaded.profile.ssh.password, kSshPassword);
    // The copy is independent: deleting the original keeps the copy's secrets.
    std::optional<SecretsResult> removed;
    m_store->remove(id, this, [&removed](const SecretsResult &r) { removed = r; });
    QVERIFY(waitFor(removed));
    QCOMPARE(load(*m_store, copy).profile.password, kPassword);
}

void tst_ProfileStore::importedProfilesHaveFlagsButNoSecrets()
{
    SavedProfile incoming;
    incoming.profile = fullProfile();  // values a careless caller left in must not be stored
    incoming.secrets = {SecretKind::Password};
    const QStringList ids = m_store->importProfiles({incoming});
    QCOMPARE(ids.size(), 1);
    QVERIFY(m_secrets->keys().isEmpty());
    QVERIFY(!settingsBytes().contains(kPassword.toUtf8()));
    const Loaded loaded = load(*m_store, ids.first());
    QCOMPARE(loaded.result.missing, QList<SecretKind>{SecretKind::Password});
}

void tst_ProfileStore::signalsAndOrderSurviveReload()
{
    QSignalSpy aboutToAdd(m_store.get(), &ProfileStore::profileAboutToBeAdded);
    QSignalSpy added(m_store.get(), &ProfileStore::profileAdded);
    QSignalSpy aboutToRemove(m_store.get(), &ProfileStore::profileAboutToBeRemoved);
    QSignalSpy removed(m_store.get(), &ProfileStore::profileRemoved);
    QStringList ids;
    for (const QString &name : {QStringLiteral("zeta"), QStringLiteral("alpha"), QStringLiteral("mid")}) {
        ConnectionProfile p;
        p.name = name;
        QString id;
        QVERIFY(add(*m_store, p, &id));
        ids.append(id);
    }
    QCOMPARE(aboutToAdd.size(), 3);
    QCOMPARE(added.size(), 3);
    QCOMPARE(added.at(2).at(0).toInt(), 2);
    QVERIFY(m_store->remove(ids.at(1)));
    QCOMPARE(aboutToRemove.size(), 1);
    QCOMPARE(aboutToRemove.at(0).at(0).toInt(), 1);
    QCOMPARE(removed.size(), 1);

    ProfileStore reloaded(m_settings.get(), m_secrets.get());
    QCOMPARE(reloaded.count(), 2);
    QCOMPARE(reloaded.at(0).profile.name, QStringLiteral("zeta"));
    QCOMPARE(reloaded.at(1).profile.name, QStringLiteral("mid"));
    ConnectionProfile later;
    later.name = QStringLiteral("later");
    QString laterId;
    QVERIFY(add(reloaded, later, &laterId));
    QCOMPARE(reloaded.indexOf(laterId), 2);
}

void tst_ProfileStore::deadContextGetsNoCallback()
{
    bool called = false;
    auto context = std::make_unique<QObject>();
    ConnectionProfile p;
    p.password = kPassword;
    const QString id = m_store->add(p, context.get(), [&called](const SecretsResult &) { called = true; });
    m_store->loadWithSecrets(id, context.get(),
                             [&called](const ConnectionProfile &, const SecretsResult &) { called = true; });
    context.reset();
    QTest::qWait(50);
    QVERIFY(!called);
    QVERIFY2(m_secrets->contains(SecretKinds::storeKey(id, SecretKind::Password)),
             "the write itself still happens");
}

void tst_ProfileStore::unknownIdAndDamagedSettings()
{
    const Loaded loaded = load(*m_store, QStringLiteral("missing"));
    QVERIFY(!loaded.result.error.isEmpty());

    m_settings->setValue(QStringLiteral("profiles/broken/name"), QStringLiteral("broken"));
    m_settings->setValue(QStringLiteral("profiles/broken/address"), QStringLiteral("::::"));
    m_settings->setValue(QStringLiteral("profiles/broken/ssh/port"), QStringLiteral("99999"));
    ProfileStore store(m_settings.get(), m_secrets.get());
    QCOMPARE(store.count(), 1);
    const SavedProfile broken = store.profile(QStringLiteral("broken"));
    QCOMPARE(broken.profile.name, QStringLiteral("broken"));
    QCOMPARE(broken.profile.ssh.port, quint16(22));
}

TANDEM_TEST_GUILESS_MAIN(tst_ProfileStore)
#include "tst_profilestore.moc"
