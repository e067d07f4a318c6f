#pragma once

#include "net/ConnectionProfile.h"
#include "profile/SecretKind.h"

#include <QDialog>

class FilePathEdit;
class QCheckBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTabWidget;

// Asks how to reach one node (address, auth, TLS, SSH, timeouts) and returns a
// ConnectionProfile. Validates as the user types: OK stays disabled while the input is bad,
// and the reason is shown below the tabs. No network here: the caller connects.
// Every input has an objectName so GUI tests can drive it.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget *parent = nullptr);

    // Fills the fields from a profile (secrets included, they stay in memory).
    void setProfile(const ConnectionProfile &profile);
    // The profile the current input describes; only meaningful while isInputValid().
    ConnectionProfile profile() const;
    bool isInputValid() const;
    // Why the input is not valid ("" when it is, or when the address is still empty).
    QString validationMessage() const { return m_validationMessage; }

    // For editing saved profiles (ConnectionManagerDialog). The secrets listed are kept
    // elsewhere and not loaded: their fields stay empty and show `placeholder` instead;
    // typing replaces a secret, typing and erasing forgets it.
    void setStoredSecrets(const QList<SecretKind> &kinds, const QString &placeholder);
    // Secret fields the user has typed in (since construction), even if left empty.
    QList<SecretKind> editedSecrets() const { return m_editedSecrets; }
    void setAcceptButtonText(const QString &text);
    // Replaces the "kept in memory for this session" remark under the password.
    void setSecretNote(const QString &text);
    // An optional "Save as a profile" checkbox for the quick-connect use (hidden by default).
    void setSaveProfileOptionVisible(bool visible);
    bool isSaveProfileRequested() const;

private:
    QWidget *createServerTab();
    QWidget *createTlsTab();
    QWidget *createSshTab();
    QWidget *createAdvancedTab();
    void updateEnabledFields();
    void onAddressEdited(const QString &text);
    void validate();
    bool buildProfile(ConnectionProfile *profile, QString *error) const;
    QLineEdit *secretEdit(SecretKind kind) const;
    void onSecretEdited(SecretKind kind);

    QTabWidget *m_tabs = nullptr;
    // Server
    QLineEdit *m_addressEdit = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QLineEdit *m_userEdit = nullptr;
    QLineEdit *m_passwordEdit = nullptr;
    QSpinBox *m_dbSpin = nullptr;
    QLabel *m_secretNote = nullptr;
    QCheckBox *m_saveProfileCheck = nullptr;
    // TLS
    QCheckBox *m_tlsEnabledCheck = nullptr;
    FilePathEdit *m_tlsCaFile = nullptr;
    FilePathEdit *m_tlsCertFile = nullptr;
    FilePathEdit *m_tlsKeyFile = nullptr;
    QLineEdit *m_tlsServerNameEdit = nullptr;
    QCheckBox *m_tlsInsecureCheck = nullptr;
    QWidget *m_insecureWarning = nullptr;
    // SSH
    QCheckBox *m_sshEnabledCheck = nullptr;
    QLineEdit *m_sshHostEdit = nullptr;
    FilePathEdit *m_sshKeyFile = nullptr;
    QLineEdit *m_sshPassphraseEdit = nullptr;
    QLineEdit *m_sshPasswordEdit = nullptr;
    QCheckBox *m_sshAgentCheck = nullptr;
    FilePathEdit *m_sshKnownHostsFile = nullptr;
    QCheckBox *m_sshAcceptNewCheck = nullptr;
    // Advanced
    QDoubleSpinBox *m_connectTimeoutSpin = nullptr;
    QDoubleSpinBox *m_commandTimeoutSpin = nullptr;

    QWidget *m_validationRow = nullptr;
    QLabel *m_validationLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QString m_validationMessage;
    bool m_inputValid = false;
    int m_keepaliveSeconds = SshOptions().keepaliveSeconds;
    QList<SecretKind> m_editedSecrets;
    QList<SecretKind> m_storedSecrets;
};
