// ConnectionManagerDialog offscreen over a temporary INI file and the in-memory secret store:
// create, edit, duplicate, delete, import/export and connect as a user would, the banner
// when there is no keychain, and asking for secrets that are not stored.
#include "ConnectionDialog.h"
#include "ConnectionManagerDialog.h"
#include "GuiTestHelpers.h"
#include "ProfileListModel.h"
#include "TestRegistry.h"
#include "profile/MemorySecretStore.h"
#include "profile/ProfileStore.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>
#include <optional>

namespace {

struct PromptCall
{
    SecretKind kind;
    QString reason;
    QString profileName;
};

} // namespace

class tst_ConnectionManager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void modelPassesTester();
    void createThroughEditor();
    void editKeepsReplacesOrForgetsSecrets();
    void deleteAsksFirst();
    void connectEmitsProfileWithSecrets();
    void keyboard();
    void unavailableKeychainBannerAndPrompt();
    void defaultPromptDialog();
    void sessionOnlyStoreWarnsToo();
    void failedSaveRaisesBanner();
    void quickConnectSaveOption();
    void duplicateImportExport();

private:
    std::unique_ptr<ConnectionManagerDialog> showManager();
    QString addProfile(const ConnectionProfile &profile);
    ConnectionProfile loadProfile(const QString &id, SecretsResult *result = nullptr);
    QByteArray settingsBytes();
    static ConnectionProfile sshProfile();
    static void clickOk(ConnectionDialog *dialog);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ProfileStore> m_store;
};

void tst_ConnectionManager::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("tandem.ini")),
                                             QSettings::IniFormat);
    m_secrets = std::make_unique<MemorySecretStore>();
    m_secrets->setPersistent(true);  // stands in for a working keychain unless a test says otherwise
    m_store = std::make_unique<ProfileStore>(m_settings.get(), m_secrets.get());
}

void tst_ConnectionManager::cleanup()
{
    m_store.reset();
    m_secrets.reset();
    m_settings.reset();
    m_dir.reset();
}

std::unique_ptr<ConnectionManagerDialog> tst_ConnectionManager::showManager()
{
    auto dialog = std::make_unique<ConnectionManagerDialog>(m_store.get());
    QSignalSpy checked(dialog.get(), &ConnectionManagerDialog::keychainChecked);
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        return nullptr;
    // The probe may already have answered while the window was being exposed.
    if (checked.isEmpty() && !checked.wait(5000))
        return nullptr;
    return dialog;
}

QString tst_ConnectionManager::addProfile(const ConnectionProfile &profile)
{
    bool done = false;
    const QString id = m_store->add(profile, this, [&done](const SecretsResult &) { done = true; });
    if (!QTest::qWaitFor([&] { return done; }, 5000))
        qWarning("add did not finish");
    return id;
}

ConnectionProfile tst_ConnectionManager::loadProfile(const QString &id, SecretsResult *result)
{
    std::optional<ConnectionProfile> loaded;
    m_store->loadWithSecrets(id, this, [&](const ConnectionProfile &p, const SecretsResult &r) {
        loaded = p;
        if (result)
            *result = r;
    });
    if (!QTest::qWaitFor([&] { return loaded.has_value(); }, 5000))
        qWarning("loadWithSecrets did not answer");
    return loaded.value_or(ConnectionProfile());
}

QByteArray tst_ConnectionManager::settingsBytes()
{
    m_settings->sync();
    QFile file(m_dir->filePath(QStringLiteral("tandem.ini")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

ConnectionProfile tst_ConnectionManager::sshProfile()
{
    ConnectionProfile p;
    p.name = QStringLiteral("east");
    p.host = QStringLiteral("10.9.8.7");
    p.port = 6381;
    p.password = QStringLiteral("east-Pw");
    p.ssh.enabled = true;
    p.ssh.host = QStringLiteral("jump.example");
    p.ssh.user = QStringLiteral("ops");
    p.ssh.keyPassphrase = QStringLiteral("east-Pp");
    p.ssh.password = QStringLiteral("east-Sp");
    return p;
}

void tst_ConnectionManager::clickOk(ConnectionDialog *dialog)
{
    auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("okButton"));
    QVERIFY(ok);
    QVERIFY2(ok->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(ok, Qt::LeftButton);
}

void tst_ConnectionManager::modelPassesTester()
{
    ProfileListModel model(m_store.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto dialog = showManager();
    QVERIFY(dialog);
    QAbstractItemModelTester viewTester(dialog->findChild<QTreeView *>(QStringLiteral("profileList"))->model(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QString a = addProfile(sshProfile());
    ConnectionProfile plain;
    const QString b = addProfile(plain);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.data(model.index(1, ProfileListModel::NameColumn)).toString(), plain.address());
    QCOMPARE(model.index(0, 0).data(ProfileListModel::IdRole).toString(), a);
    QVERIFY(model.data(model.index(0, ProfileListModel::AddressColumn)).toString()
                .contains(QStringLiteral("via ssh")));
    ConnectionProfile renamed = plain;
    renamed.name = QStringLiteral("renamed");
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(m_store->update(b, renamed, {}, this, {}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.data(model.index(1, 0)).toString(), QStringLiteral("renamed"));
    m_store->duplicate(a, QString(), this, {});
    m_store->importProfiles({m_store->profile(b)});
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(m_store->remove(a));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOf(b), 0);
    QTest::qWait(20);  // let queued secret work finish under the testers' eyes
}

void tst_ConnectionManager::createThroughEditor()
{
    auto manager = showManager();
    QVERIFY(manager);
    QVERIFY(!manager->findChild<QWidget *>(QStringLiteral("keychainBannerRow"))->isVisible());
    QTest::mouseClick(manager->findChild<QPushButton *>(QStringLiteral("newButton")), Qt::LeftButton);
    auto *editor = GuiTest::visibleChild<ConnectionDialog>(manager.get(), QStringLiteral("connectionDialog"));
    QVERIFY(editor);
    QVERIFY(editor->findChild<QPushButton *>(QStringLiteral("okButton"))->text().contains(QStringLiteral("Save")));
    GuiTest::typeInto(editor, QStringLiteral("addressEdit"), QStringLiteral("10.0.0.5:6380"));
    GuiTest::typeInto(editor, QStringLiteral("nameEdit"), QStringLiteral("cache"));
    GuiTest::typeInto(editor, QStringLiteral("passwordEdit"), QStringLiteral("gui-Pw-1"));
    GuiTest::screenshot(editor, QStringLiteral("profile-new"));
    clickOk(editor);

    QCOMPARE(m_store->count(), 1);
    const SavedProfile saved = m_store->at(0);
    QCOMPARE(saved.profile.name, QStringLiteral("cache"));
    QCOMPARE(saved.profile.port, quint16(6380));
    QCOMPARE(manager->currentId(), saved.id);
    auto *status = manager->findChild<QLabel *>(QStringLiteral("statusLabel"));
    QTRY_VERIFY(status->text().contains(QStringLiteral("Saved")));
    QVERIFY(m_secrets->contains(SecretKinds::storeKey(saved.id, SecretKind::Password)));
    QVERIFY(!settingsBytes().contains("gui-Pw-1"));
    GuiTest::screenshot(manager.get(), QStringLiteral("profile-manager"));
}

void tst_ConnectionManager::editKeepsReplacesOrForgetsSecrets()
{
    ConnectionProfile p;
    p.name = QStringLiteral("primary");
    p.password = QStringLiteral("orig-Pw");
    const QString id = addProfile(p);
    auto manager = showManager();
    QVERIFY(manager);
    manager->selectProfile(id);
    QCOMPARE(manager->currentId(), id);

    // Rename only: the secret is not even read, and stays as it was.
    ConnectionDialog *editor = manager->editCurrent();
    QVERIFY(editor);
    auto *password = editor->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    QVERIFY(password->text().isEmpty());
    QVERIFY2(password->placeholderText().contains(QStringLiteral("keychain")),
             qPrintable(password->placeholderText()));
    QCOMPARE(editor->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->text(), QStringLiteral("primary"));
    GuiTest::typeInto(editor, QStringLiteral("nameEdit"), QStringLiteral("primary-2"));
    clickOk(editor);
    QCOMPARE(m_store->profile(id).profile.name, QStringLiteral("primary-2"));
    QCOMPARE(loadProfile(id).password, QStringLiteral("orig-Pw"));

    // Typing replaces it.
    editor = manager->editCurrent();
    GuiTest::typeInto(editor, QStringLiteral("passwordEdit"), QStringLiteral("new-Pw"));
    clickOk(editor);
    QTRY_COMPARE(loadProfile(id).password, QStringLiteral("new-Pw"));

    // Typing and erasing forgets it.
    editor = manager->editCurrent();
    password = editor->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    QTest::keyClick(password, Qt::Key_X);
    QTest::keyClick(password, Qt::Key_Backspace);
    QVERIFY(password->placeholderText().contains(QStringLiteral("forgotten")));
    clickOk(editor);
    QVERIFY(!m_store->profile(id).uses(SecretKind::Password));
    QTRY_VERIFY(!m_secrets->contains(SecretKinds::storeKey(id, SecretKind::Password)));
}

void tst_ConnectionManager::deleteAsksFirst()
{
    const QString id = addProfile(sshProfile());
    auto manager = showManager();
    QVERIFY(manager);
    QStringList questions;
    bool answer = false;
    manager->setConfirmation([&](const QString &q) {
        questions.append(q);
        return answer;
    });
    manager->selectProfile(id);
    auto *deleteButton = manager->findChild<QPushButton *>(QStringLiteral("deleteButton"));
    QTest::mouseClick(deleteButton, Qt::LeftButton);
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions.first().contains(QStringLiteral("east")));
    QCOMPARE(m_store->count(), 1);

    answer = true;
    QTest::mouseClick(deleteButton, Qt::LeftButton);
    QCOMPARE(m_store->count(), 0);
    QTRY_VERIFY(m_secrets->keys().isEmpty());
    QVERIFY(!deleteButton->isEnabled());

    // The Delete key on the list does the same.
    const QString second = addProfile(sshProfile());
    manager->selectProfile(second);
    QApplication::setActiveWindow(manager.get());
    QVERIFY(QTest::qWaitForWindowActive(manager.get()));
    auto *view = manager->findChild<QTreeView *>(QStringLiteral("profileList"));
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(questions.size(), 3);
    QCOMPARE(m_store->count(), 0);
}

void tst_ConnectionManager::connectEmitsProfileWithSecrets()
{
    addProfile(ConnectionProfile());
    const QString id = addProfile(sshProfile());
    auto manager = showManager();
    QVERIFY(manager);
    int prompts = 0;
    manager->setSecretPrompt([&prompts](const SavedProfile &, SecretKind, const QString &,
                                        const ConnectionManagerDialog::SecretAnswer &) { ++prompts; });
    QSignalSpy requested(manager.get(), &ConnectionManagerDialog::connectRequested);
    manager->selectProfile(id);
    QTest::mouseClick(manager->findChild<QPushButton *>(QStringLiteral("connectButton")), Qt::LeftButton);
    QTRY_COMPARE(requested.size(), 1);
    const auto profile = requested.first().first().value<ConnectionProfile>();
    QCOMPARE(profile.host, QStringLiteral("10.9.8.7"));
    QCOMPARE(profile.password, QStringLiteral("east-Pw"));
    QCOMPARE(profile.ssh.keyPassphrase, QStringLiteral("east-Pp"));
    QCOMPARE(profile.ssh.password, QStringLiteral("east-Sp"));
    QCOMPARE(prompts, 0);
    QVERIFY2(!manager->isVisible(), "connecting closes the manager");
    QCOMPARE(manager->result(), int(QDialog::Accepted));
}

void tst_ConnectionManager::keyboard()
{
    const QString id = addProfile(sshProfile());
    auto manager = showManager();
    QVERIFY(manager);
    QApplication::setActiveWindow(manager.get());
    QVERIFY(QTest::qWaitForWindowActive(manager.get()));
    QSignalSpy requested(manager.get(), &ConnectionManagerDialog::connectRequested);

    // Ctrl+N opens a new profile editor.
    QTest::keyClick(manager.get(), Qt::Key_N, Qt::ControlModifier);
    QPointer<ConnectionDialog> editor;
    QTRY_VERIFY((editor = GuiTest::visibleChild<ConnectionDialog>(manager.get(), QStringLiteral("connectionDialog"))));
    editor->reject();
    QTRY_VERIFY(!editor);  // WA_DeleteOnClose
    manager->activateWindow();  // offscreen leaves no focus window after a child dialog closes
    QVERIFY(QTest::qWaitForWindowActive(manager.get()));

    // Enter on the list connects, once.
    auto *view = manager->findChild<QTreeView *>(QStringLiteral("profileList"));
    QCOMPARE(manager->currentId(), id);  // the first row is preselected
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Return);
    QTRY_COMPARE(requested.size(), 1);
    QTest::qWait(50);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().first().value<ConnectionProfile>().password, QStringLiteral("east-Pw"));
}

void tst_ConnectionManager::unavailableKeychainBannerAndPrompt()
{
    m_secrets->setUnavailable(QStringLiteral("no D-Bus session bus"));
    auto manager = showManager();
    QVERIFY(manager);
    QVERIFY(!manager->isKeychainUsable());
    auto *banner = manager->findChild<QLabel *>(QStringLiteral("keychainBanner"));
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().startsWith(QStringLiteral("No keychain available: passwords will not be "
                                                      "saved; Tandem will ask each time")),
             qPrintable(banner->text()));
    QVERIFY(banner->toolTip().contains(QStringLiteral("no D-Bus session bus")));
    GuiTest::screenshot(manager.get(), QStringLiteral("profile-manager-no-keychain"));

    // Saving with a password says it was not kept.
    ConnectionDialog *editor = manager->newProfile();
    QVERIFY(editor->findChild<QLabel *>(QStringLiteral("secretNoteLabel"))->text()
                .contains(QStringLiteral("No keychain")));
    GuiTest::typeInto(editor, QStringLiteral("addressEdit"), QStringLiteral("10.0.0.7:6379"));
    GuiTest::typeInto(editor, QStringLiteral("nameEdit"), QStringLiteral("nokc"));
    GuiTest::typeInto(editor, QStringLiteral("passwordEdit"), QStringLiteral("typed-Once"));
    clickOk(editor);
    auto *status = manager->findChild<QLabel *>(QStringLiteral("statusLabel"));
    QTRY_VERIFY2(status->text().contains(QStringLiteral("without its password")), qPrintable(status->text()));
    QVERIFY(!settingsBytes().contains("typed-Once"));

    // Connecting asks through the hook, each time.
    QList<PromptCall> calls;
    bool cancel = false;
    manager->setSecretPrompt([&](const SavedProfile &saved, SecretKind kind, const QString &reason,
                                 const ConnectionManagerDialog::SecretAnswer &answer) {
        calls.append({kind, reason, saved.profile.name});
        answer(!cancel, cancel ? QString() : QStringLiteral("typed-Pw"));
    });
    QSignalSpy requested(manager.get(), &ConnectionManagerDialog::connectRequested);
    manager->connectCurrent();
    QTRY_COMPARE(requested.size(), 1);
    QCOMPARE(requested.first().first().value<ConnectionProfile>().password, QStringLiteral("typed-Pw"));
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls.first().kind, SecretKind::Password);
    QCOMPARE(calls.first().profileName, QStringLiteral("nokc"));
    QVERIFY2(calls.first().reason.contains(QStringLiteral("no D-Bus session bus")), qPrintable(calls.first().reason));

    manager->show();
    manager->connectCurrent();
    QTRY_COMPARE(calls.size(), 2);
    QCOMPARE(requested.size(), 2);

    cancel = true;
    manager->show();
    manager->connectCurrent();
    QTRY_COMPARE(calls.size(), 3);
    QTest::qWait(20);
    QCOMPARE(requested.size(), 2);
    QVERIFY(status->text().contains(QStringLiteral("cancelled")));
    QVERIFY(manager->findChild<QPushButton *>(QStringLiteral("connectButton"))->isEnabled());
}

void tst_ConnectionManager::defaultPromptDialog()
{
    // An SSH profile imported without secrets: the real prompt asks for each in turn.
    SavedProfile imported;
    imported.profile = sshProfile();
    imported.secrets = {SecretKind::Password, SecretKind::SshPassword};
    m_store->importProfiles({imported});
    auto manager = showManager();
    QVERIFY(manager);
    QSignalSpy requested(manager.get(), &ConnectionManagerDialog::connectRequested);
    manager->connectCurrent();
    for (const QString &answer : {QStringLiteral("first-Answer"), QStringLiteral("second-Answer")}) {
        QInputDialog *prompt = nullptr;
        QTRY_VERIFY((prompt = GuiTest::visibleChild<QInputDialog>(manager.get(), QStringLiteral("secretPrompt"))));
        QCOMPARE(prompt->textEchoMode(), QLineEdit::Password);
        GuiTest::screenshot(prompt, QStringLiteral("profile-secret-prompt"));
        prompt->setTextValue(answer);
        prompt->accept();
    }
    QTRY_COMPARE(requested.size(), 1);
    const auto profile = requested.first().first().value<ConnectionProfile>();
    QCOMPARE(profile.password, QStringLiteral("first-Answer"));
    QCOMPARE(profile.ssh.password, QStringLiteral("second-Answer"));
    QVERIFY(profile.ssh.keyPassphrase.isEmpty());
}

void tst_ConnectionManager::sessionOnlyStoreWarnsToo()
{
    m_secrets->setPersistent(false);
    auto manager = showManager();
    QVERIFY(manager);
    auto *banner = manager->findChild<QLabel *>(QStringLiteral("keychainBanner"));
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QStringLiteral("until Tandem quits")));
}

void tst_ConnectionManager::failedSaveRaisesBanner()
{
    // The probe passes (a service answers) but writing fails: the banner must not lie.
    auto manager = showManager();
    QVERIFY(manager);
    auto *bannerRow = manager->findChild<QWidget *>(QStringLiteral("keychainBannerRow"));
    QVERIFY(!bannerRow->isVisible());
    m_secrets->setUnavailable(QStringLiteral("Object does not exist at path /collection/login"));
    ConnectionDialog *editor = manager->newProfile();
    GuiTest::typeInto(editor, QStringLiteral("addressEdit"), QStringLiteral("10.0.0.8:6379"));
    GuiTest::typeInto(editor, QStringLiteral("passwordEdit"), QStringLiteral("lost-Pw"));
    clickOk(editor);
    QTRY_VERIFY(bannerRow->isVisible());
    QVERIFY(!manager->isKeychainUsable());
    auto *banner = manager->findChild<QLabel *>(QStringLiteral("keychainBanner"));
    QVERIFY(banner->toolTip().contains(QStringLiteral("collection/login")));
}

void tst_ConnectionManager::duplicateImportExport()
{
    const QString id = addProfile(sshProfile());
    auto manager = showManager();
    QVERIFY(manager);
    manager->selectProfile(id);
    QTest::mouseClick(manager->findChild<QPushButton *>(QStringLiteral("duplicateButton")), Qt::LeftButton);
    QCOMPARE(m_store->count(), 2);
    const QString copy = manager->currentId();
    QVERIFY(copy != id);
    QCOMPARE(m_store->profile(copy).profile.name, QStringLiteral("east (copy)"));
    QTRY_COMPARE(loadProfile(copy).ssh.password, QStringLiteral("east-Sp"));

    const QString path = m_dir->filePath(QStringLiteral("export.json"));
    QVERIFY(manager->exportToFile(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    QVERIFY(json.contains("jump.example"));
    for (const char *secret : {"east-Pw", "east-Pp", "east-Sp"})
        QVERIFY2(!json.contains(secret), secret);

    QVERIFY(manager->importFromFile(path));
    QCOMPARE(m_store->count(), 4);
    auto *status = manager->findChild<QLabel *>(QStringLiteral("statusLabel"));
    QVERIFY2(status->text().contains(QStringLiteral("Imported 2")), qPrintable(status->text()));
    SecretsResult result;
    const ConnectionProfile imported = loadProfile(manager->currentId(), &result);
    QCOMPARE(imported.ssh.host, QStringLiteral("jump.example"));
    QCOMPARE(result.missing.size(), 3);  // asked for on connect

    QVERIFY(!manager->importFromFile(m_dir->filePath(QStringLiteral("missing.json"))));
    QVERIFY(status->text().contains(QStringLiteral("Nothing imported")));
}

void tst_ConnectionManager::quickConnectSaveOption()
{
    // The plain connect dialog can offer "save as a profile"; hidden unless asked for.
    ConnectionDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *save = dialog.findChild<QCheckBox *>(QStringLiteral("saveProfileCheck"));
    QVERIFY(save && !save->isVisible());
    dialog.setSaveProfileOptionVisible(true);
    QVERIFY(save->isVisible());
    save->setChecked(true);
    GuiTest::typeInto(&dialog, QStringLiteral("addressEdit"), QStringLiteral("10.0.0.9:6379"));
    bool requested = false;
    connect(&dialog, &QDialog::accepted, this, [&] { requested = dialog.isSaveProfileRequested(); });
    clickOk(&dialog);
    QVERIFY2(requested, "still readable once the dialog is hidden");
}

TANDEM_TEST_MAIN(tst_ConnectionManager)
#include "tst_connectionmanager.moc"
