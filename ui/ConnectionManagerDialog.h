#pragma once

#include "net/ConnectionProfile.h"
#include "net/ConnectionTester.h"
#include "net/Transport.h"
#include "profile/SavedProfile.h"

#include <QDialog>

#include <functional>

class ConnectionDialog;
class ProfileListModel;
class ProfileStore;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;
class SshSessionPool;
struct SecretsResult;

// The saved connection profiles: new, edit, duplicate, delete, import/export, connect.
// Secrets are read from the store only to connect; one the store cannot supply (no keychain,
// never saved, imported) is asked for through the secret prompt hook and not kept.
// Dialogs it would open for questions go through replaceable hooks so GUI tests can answer;
// every control has an objectName.
class ConnectionManagerDialog : public QDialog
{
    Q_OBJECT
public:
    // ok=false cancels the connect.
    using SecretAnswer = std::function<void(bool ok, const QString &secret)>;
    // Asks for one secret of `profile`; `reason` is why the store could not supply it (may be
    // empty). May answer at once or later; answering after the dialog is gone is harmless.
    using SecretPrompt = std::function<void(const SavedProfile &profile, SecretKind kind,
                                            const QString &reason, const SecretAnswer &answer)>;
    using Confirmation = std::function<bool(const QString &question)>;

    // The store is not owned and must outlive the dialog.
    explicit ConnectionManagerDialog(ProfileStore *store, QWidget *parent = nullptr);

    void setSecretPrompt(SecretPrompt prompt) { m_secretPrompt = std::move(prompt); }
    void setConfirmation(Confirmation confirm) { m_confirm = std::move(confirm); }

    ProfileListModel *model() const { return m_model; }
    QString currentId() const;
    void selectProfile(const QString &id);
    // False once the probe found no keychain, or one that forgets secrets at exit.
    bool isKeychainUsable() const { return m_keychainUsable; }

    // Open the profile editor (non-modal) and return it; saving happens when it is accepted.
    ConnectionDialog *newProfile();
    ConnectionDialog *editCurrent();
    void duplicateCurrent();
    void deleteCurrent();
    // Loads the selected profile's secrets, asks for missing ones, emits connectRequested
    // and closes the dialog.
    void connectCurrent();
    // Same secrets, then connects, reads INFO and disconnects; the status line says what
    // answered or why not (connectionTested carries it too). Needs setSsh for SSH profiles.
    void testCurrent();
    void setSsh(SshSessionPool *ssh) { m_ssh = ssh; }
    void setTransportFactory(TransportFactory factory) { m_transportFactory = std::move(factory); }
    QString statusText() const;
    bool importFromFile(const QString &path);
    bool exportToFile(const QString &path);

Q_SIGNALS:
    void connectRequested(const ConnectionProfile &profile);
    // The keychain probe answered (the banner is up to date from here on).
    void keychainChecked(bool usable);
    void connectionTested(const ConnectionTester::Result &result);

private:
    QWidget *createBanner();
    QWidget *createButtonColumn();
    ConnectionDialog *openEditor(const QString &title);
    void onKeychainProbed(bool available, const QString &reason);
    void updateButtons();
    void setStatus(const QString &text);
    void reportSaved(const QString &name, const SecretsResult &result);
    // Loads the current profile's secrets, asking for the missing ones, then `then(profile)`.
    void withSecrets(const std::function<void(const ConnectionProfile &)> &then);
    void askSecrets(const SavedProfile &saved, ConnectionProfile profile, QList<SecretKind> missing,
                    const QString &reason, const std::function<void(const ConnectionProfile &)> &then);
    void promptWithDialog(const SavedProfile &saved, SecretKind kind, const QString &reason,
                          const SecretAnswer &answer);
    void chooseImportFile();
    void chooseExportFile();
    QString storedSecretPlaceholder() const;

    ProfileStore *m_store;
    ProfileListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QWidget *m_bannerRow = nullptr;
    QLabel *m_bannerLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QPushButton *m_editButton = nullptr;
    QPushButton *m_duplicateButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_exportButton = nullptr;
    QPushButton *m_connectButton = nullptr;
    QPushButton *m_testButton = nullptr;
    SshSessionPool *m_ssh = nullptr;
    TransportFactory m_transportFactory;
    SecretPrompt m_secretPrompt;
    Confirmation m_confirm;
    bool m_keychainUsable = true;  // optimistic until the probe answers
    bool m_busy = false;  // loading secrets or testing
};
