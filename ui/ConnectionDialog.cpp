#include "ConnectionDialog.h"

#include "widgets/FilePathEdit.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {

// An icon + wrapped text row for warnings; hidden until there is something to say.
QWidget *makeWarningRow(const QString &objectName, QLabel **label, QWidget *parent)
{
    auto *row = new QWidget(parent);
    row->setObjectName(objectName + QStringLiteral("Row"));
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *icon = new QLabel(row);
    const int size = row->style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/warning.svg")).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    *label = new QLabel(row);
    (*label)->setObjectName(objectName);
    (*label)->setWordWrap(true);
    (*label)->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(icon);
    layout->addWidget(*label, 1);
    row->setVisible(false);
    return row;
}

QLineEdit *makeLineEdit(const QString &objectName, const QString &placeholder, QWidget *parent,
                        bool secret = false)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    if (secret)
        edit->setEchoMode(QLineEdit::Password);
    return edit;
}

QDoubleSpinBox *makeSecondsSpin(const QString &objectName, double seconds, QWidget *parent)
{
    auto *spin = new QDoubleSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(0.1, 3600);
    spin->setDecimals(1);
    spin->setSingleStep(0.5);
    spin->setSuffix(ConnectionDialog::tr(" s"));
    spin->setValue(seconds);
    return spin;
}

} // namespace

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connect to a Redis Node"));

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("connectionTabs"));
    m_tabs->addTab(createServerTab(), tr("&Server"));
    m_tabs->addTab(createTlsTab(), tr("&TLS"));
    m_tabs->addTab(createSshTab(), tr("SS&H"));
    m_tabs->addTab(createAdvancedTab(), tr("Ad&vanced"));

    m_validationRow = makeWarningRow(QStringLiteral("validationLabel"), &m_validationLabel, this);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(tr("&Connect"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_inputValid)
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_validationRow);
    layout->addWidget(m_buttons);

    // Every input re-validates; the dialog is small enough to check everything each time.
    const auto lineEdits = findChildren<QLineEdit *>();
    for (QLineEdit *edit : lineEdits)
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::validate);
    const auto checks = findChildren<QCheckBox *>();
    for (QCheckBox *check : checks) {
        connect(check, &QCheckBox::toggled, this, &ConnectionDialog::updateEnabledFields);
        connect(check, &QCheckBox::toggled, this, &ConnectionDialog::validate);
    }
    connect(m_addressEdit, &QLineEdit::textEdited, this, &ConnectionDialog::onAddressEdited);
    for (SecretKind kind : SecretKinds::all()) {
        connect(secretEdit(kind), &QLineEdit::textEdited, this,
                [this, kind] { onSecretEdited(kind); });
    }

    updateEnabledFields();
    validate();
    m_addressEdit->setFocus();
    resize(sizeHint().expandedTo(QSize(520, 0)));
}

QWidget *ConnectionDialog::createServerTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_addressEdit = makeLineEdit(QStringLiteral("addressEdit"),
                                 tr("127.0.0.1:6379 or redis://user@host:6379/0"), page);
    m_nameEdit = makeLineEdit(QStringLiteral("nameEdit"), tr("Optional, e.g. cache-primary"), page);
    m_userEdit = makeLineEdit(QStringLiteral("userEdit"), tr("default"), page);
    m_passwordEdit = makeLineEdit(QStringLiteral("passwordEdit"), QString(), page, true);
    m_dbSpin = new QSpinBox(page);
    m_dbSpin->setObjectName(QStringLiteral("dbSpin"));
    m_dbSpin->setRange(0, 9999);

    form->addRow(tr("&Address:"), m_addressEdit);
    form->addRow(tr("&Name:"), m_nameEdit);
    form->addRow(tr("&User:"), m_userEdit);
    form->addRow(tr("&Password:"), m_passwordEdit);
    form->addRow(tr("&Database:"), m_dbSpin);
    auto *note = new QLabel(tr("The password is kept in memory for this session only."), page);
    note->setObjectName(QStringLiteral("secretNoteLabel"));
    note->setWordWrap(true);
    note->setEnabled(false);  // secondary text, greyed in every palette
    form->addRow(note);
    m_secretNote = note;
    m_saveProfileCheck = new QCheckBox(tr("Sa&ve as a profile"), page);
    m_saveProfileCheck->setObjectName(QStringLiteral("saveProfileCheck"));
    m_saveProfileCheck->setVisible(false);
    form->addRow(m_saveProfileCheck);
    return page;
}

QWidget *ConnectionDialog::createTlsTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_tlsEnabledCheck = new QCheckBox(tr("&Use TLS"), page);
    m_tlsEnabledCheck->setObjectName(QStringLiteral("tlsEnabledCheck"));
    m_tlsCaFile = new FilePathEdit(QStringLiteral("tlsCaFileEdit"), tr("CA Certificates"), page);
    m_tlsCaFile->setPlaceholderText(tr("System certificates"));
    m_tlsCertFile = new FilePathEdit(QStringLiteral("tlsCertFileEdit"), tr("Client Certificate"), page);
    m_tlsCertFile->setPlaceholderText(tr("None"));
    m_tlsKeyFile = new FilePathEdit(QStringLiteral("tlsKeyFileEdit"), tr("Client Key"), page);
    m_tlsKeyFile->setPlaceholderText(tr("None"));
    m_tlsServerNameEdit = makeLineEdit(QStringLiteral("tlsServerNameEdit"),
                                       tr("Same as the host"), page);
    m_tlsInsecureCheck = new QCheckBox(tr("Do not &verify the certificate (insecure)"), page);
    m_tlsInsecureCheck->setObjectName(QStringLiteral("tlsInsecureCheck"));
    QLabel *warning = nullptr;
    m_insecureWarning = makeWarningRow(QStringLiteral("insecureWarningLabel"), &warning, page);
    warning->setText(tr("The server's identity will not be checked: anyone on the network path "
                        "can pose as this node and read the password and the data."));

    form->addRow(m_tlsEnabledCheck);
    form->addRow(tr("C&A file:"), m_tlsCaFile);
    form->addRow(tr("Client &certificate:"), m_tlsCertFile);
    form->addRow(tr("Client &key:"), m_tlsKeyFile);
    form->addRow(tr("Server &name (SNI):"), m_tlsServerNameEdit);
    form->addRow(m_tlsInsecureCheck);
    form->addRow(m_insecureWarning);
    return page;
}

QWidget *ConnectionDialog::createSshTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_sshEnabledCheck = new QCheckBox(tr("Connect through an &SSH server"), page);
    m_sshEnabledCheck->setObjectName(QStringLiteral("sshEnabledCheck"));
    m_sshHostEdit = makeLineEdit(QStringLiteral("sshHostEdit"), tr("[user@]host[:port]"), page);
    m_sshKeyFile = new FilePathEdit(QStringLiteral("sshKeyFileEdit"), tr("SSH Private Key"), page);
    m_sshKeyFile->setPlaceholderText(tr("Agent or default keys"));
    m_sshPassphraseEdit = makeLineEdit(QStringLiteral("sshPassphraseEdit"), tr("If the key has one"),
                                       page, true);
    m_sshPasswordEdit = makeLineEdit(QStringLiteral("sshPasswordEdit"), tr("If the server asks"),
                                     page, true);
    m_sshAgentCheck = new QCheckBox(tr("Use the SSH a&gent"), page);
    m_sshAgentCheck->setObjectName(QStringLiteral("sshAgentCheck"));
    m_sshAgentCheck->setChecked(true);
    m_sshKnownHostsFile = new FilePathEdit(QStringLiteral("sshKnownHostsEdit"),
                                           tr("Known Hosts File"), page);
    m_sshKnownHostsFile->setPlaceholderText(QStringLiteral("~/.ssh/known_hosts"));
    m_sshAcceptNewCheck = new QCheckBox(tr("Accept new &host keys (a changed key is always refused)"),
                                        page);
    m_sshAcceptNewCheck->setObjectName(QStringLiteral("sshAcceptNewCheck"));

    form->addRow(m_sshEnabledCheck);
    form->addRow(tr("SSH ser&ver:"), m_sshHostEdit);
    form->addRow(tr("&Key file:"), m_sshKeyFile);
    form->addRow(tr("Key pass&phrase:"), m_sshPassphraseEdit);
    form->addRow(tr("SSH pass&word:"), m_sshPasswordEdit);
    form->addRow(m_sshAgentCheck);
    form->addRow(tr("Known hos&ts:"), m_sshKnownHostsFile);
    form->addRow(m_sshAcceptNewCheck);
    auto *note = new QLabel(tr("The node's address is resolved on the SSH server, like ssh -L."),
                            page);
    note->setWordWrap(true);
    note->setEnabled(false);
    form->addRow(note);
    return page;
}

QWidget *ConnectionDialog::createAdvancedTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    const ConnectionProfile defaults;
    m_connectTimeoutSpin = makeSecondsSpin(QStringLiteral("connectTimeoutSpin"),
                                           defaults.connectTimeoutMs / 1000.0, page);
    m_commandTimeoutSpin = makeSecondsSpin(QStringLiteral("commandTimeoutSpin"),
                                           defaults.commandTimeoutMs / 1000.0, page);
    form->addRow(tr("C&onnect timeout:"), m_connectTimeoutSpin);
    form->addRow(tr("Co&mmand timeout:"), m_commandTimeoutSpin);
    return page;
}

void ConnectionDialog::updateEnabledFields()
{
    const bool tls = m_tlsEnabledCheck->isChecked();
    for (QWidget *w : {static_cast<QWidget *>(m_tlsCaFile), static_cast<QWidget *>(m_tlsCertFile),
                       static_cast<QWidget *>(m_tlsKeyFile),
                       static_cast<QWidget *>(m_tlsServerNameEdit),
                       static_cast<QWidget *>(m_tlsInsecureCheck)})
        w->setEnabled(tls);
    m_insecureWarning->setVisible(tls && m_tlsInsecureCheck->isChecked());

    const bool ssh = m_sshEnabledCheck->isChecked();
    for (QWidget *w : {static_cast<QWidget *>(m_sshHostEdit), static_cast<QWidget *>(m_sshKeyFile),
                       static_cast<QWidget *>(m_sshPassphraseEdit),
                       static_cast<QWidget *>(m_sshPasswordEdit),
                       static_cast<QWidget *>(m_sshAgentCheck),
                       static_cast<QWidget *>(m_sshKnownHostsFile),
                       static_cast<QWidget *>(m_sshAcceptNewCheck)})
        w->setEnabled(ssh);
}

void ConnectionDialog::onAddressEdited(const QString &text)
{
    // A rediss:// URL means TLS; reflect it where the user can see it.
    if (text.trimmed().startsWith(QLatin1String("rediss://"), Qt::CaseInsensitive))
        m_tlsEnabledCheck->setChecked(true);
}

void ConnectionDialog::setProfile(const ConnectionProfile &profile)
{
    m_addressEdit->setText(profile.address());
    m_nameEdit->setText(profile.name);
    m_userEdit->setText(profile.user);
    m_passwordEdit->setText(profile.password);
    m_dbSpin->setValue(profile.db);

    m_tlsEnabledCheck->setChecked(profile.tls.enabled);
    m_tlsCaFile->setPath(profile.tls.caFile);
    m_tlsCertFile->setPath(profile.tls.certFile);
    m_tlsKeyFile->setPath(profile.tls.keyFile);
    m_tlsServerNameEdit->setText(profile.tls.serverName);
    m_tlsInsecureCheck->setChecked(profile.tls.insecure);

    const SshOptions &ssh = profile.ssh;
    m_sshEnabledCheck->setChecked(ssh.enabled);
    QString target = ssh.host;
    if (!target.isEmpty()) {
        ConnectionProfile hostPort;  // reuse address() for [v6]:port bracketing
        hostPort.host = ssh.host;
        hostPort.port = ssh.port;
        target = (ssh.user.isEmpty() ? QString() : ssh.user + QLatin1Char('@')) + hostPort.address();
    }
    m_sshHostEdit->setText(target);
    m_sshKeyFile->setPath(ssh.keyFile);
    m_sshPassphraseEdit->setText(ssh.keyPassphrase);
    m_sshPasswordEdit->setText(ssh.password);
    m_sshAgentCheck->setChecked(ssh.useAgent);
    m_sshKnownHostsFile->setPath(ssh.knownHostsFile);
    m_sshAcceptNewCheck->setChecked(ssh.acceptNewHostKey);
    m_keepaliveSeconds = ssh.keepaliveSeconds;

    m_connectTimeoutSpin->setValue(profile.connectTimeoutMs / 1000.0);
    m_commandTimeoutSpin->setValue(profile.commandTimeoutMs / 1000.0);
    validate();
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile p;
    QString ignored;
    buildProfile(&p, &ignored);
    return p;
}

bool ConnectionDialog::isInputValid() const
{
    return m_inputValid;
}

bool ConnectionDialog::buildProfile(ConnectionProfile *p, QString *error) const
{
    if (!ConnectionProfile::parseAddress(m_addressEdit->text(), p, error)) {
        *error = tr("Address: %1").arg(*error);
        return false;
    }
    // Fields typed explicitly win over what a redis:// URL said.
    p->name = m_nameEdit->text().trimmed();
    if (!m_userEdit->text().isEmpty())
        p->user = m_userEdit->text();
    if (!m_passwordEdit->text().isEmpty())
        p->password = m_passwordEdit->text();
    if (m_dbSpin->value() != 0)
        p->db = m_dbSpin->value();

    TlsOptions &tls = p->tls;
    tls.enabled = tls.enabled || m_tlsEnabledCheck->isChecked();
    if (tls.enabled) {
        tls.caFile = m_tlsCaFile->path();
        tls.certFile = m_tlsCertFile->path();
        tls.keyFile = m_tlsKeyFile->path();
        tls.serverName = m_tlsServerNameEdit->text().trimmed();
        tls.insecure = m_tlsInsecureCheck->isChecked();
        if (tls.certFile.isEmpty() != tls.keyFile.isEmpty()) {
            *error = tr("TLS: a client certificate and its key go together.");
            return false;
        }
        for (const QString &file : {tls.caFile, tls.certFile, tls.keyFile}) {
            if (!file.isEmpty() && !QFileInfo(file).isFile()) {
                *error = tr("TLS: file not found: %1").arg(file);
                return false;
            }
        }
    }

    SshOptions &ssh = p->ssh;
    if (m_sshEnabledCheck->isChecked()) {
        if (m_sshHostEdit->text().trimmed().isEmpty()) {
            *error = tr("SSH: enter the SSH server as [user@]host[:port].");
            return false;
        }
        QString sshError;
        if (!ConnectionProfile::parseSshTarget(m_sshHostEdit->text(), &ssh, &sshError)) {
            *error = tr("SSH: %1").arg(sshError);
            return false;
        }
        ssh.keyFile = m_sshKeyFile->path();
        ssh.keyPassphrase = m_sshPassphraseEdit->text();
        ssh.password = m_sshPasswordEdit->text();
        ssh.useAgent = m_sshAgentCheck->isChecked();
        ssh.knownHostsFile = m_sshKnownHostsFile->path();
        if (ssh.knownHostsFile.isEmpty())
            ssh.knownHostsFile = QDir::homePath() + QStringLiteral("/.ssh/known_hosts");
        ssh.acceptNewHostKey = m_sshAcceptNewCheck->isChecked();
        ssh.keepaliveSeconds = m_keepaliveSeconds;
        if (!ssh.keyFile.isEmpty() && !QFileInfo(ssh.keyFile).isFile()) {
            *error = tr("SSH: key file not found: %1").arg(ssh.keyFile);
            return false;
        }
    }

    p->connectTimeoutMs = int(m_connectTimeoutSpin->value() * 1000);
    p->commandTimeoutMs = int(m_commandTimeoutSpin->value() * 1000);
    return true;
}

void ConnectionDialog::validate()
{
    ConnectionProfile p;
    QString error;
    const bool empty = m_addressEdit->text().trimmed().isEmpty();
    m_inputValid = !empty && buildProfile(&p, &error);
    // An empty address is "not done yet", not a mistake worth a warning.
    m_validationMessage = m_inputValid || empty ? QString() : error;
    m_validationLabel->setText(m_validationMessage);
    m_validationRow->setVisible(!m_validationMessage.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_inputValid);
}

QLineEdit *ConnectionDialog::secretEdit(SecretKind kind) const
{
    switch (kind) {
    case SecretKind::Password:
        return m_passwordEdit;
    case SecretKind::SshPassphrase:
        return m_sshPassphraseEdit;
    case SecretKind::SshPassword:
        return m_sshPasswordEdit;
    }
    return nullptr;
}

void ConnectionDialog::setStoredSecrets(const QList<SecretKind> &kinds, const QString &placeholder)
{
    m_storedSecrets = kinds;
    for (SecretKind kind : kinds) {
        QLineEdit *edit = secretEdit(kind);
        edit->clear();
        edit->setPlaceholderText(placeholder);
    }
}

void ConnectionDialog::onSecretEdited(SecretKind kind)
{
    if (!m_editedSecrets.contains(kind))
        m_editedSecrets.append(kind);
    // Erasing a stored secret's field forgets it on save; say so where the user looks.
    if (m_storedSecrets.contains(kind)) {
        QLineEdit *edit = secretEdit(kind);
        edit->setPlaceholderText(edit->text().isEmpty() ? tr("Will be forgotten when saved")
                                                        : QString());
    }
}

void ConnectionDialog::setAcceptButtonText(const QString &text)
{
    m_buttons->button(QDialogButtonBox::Ok)->setText(text);
}

void ConnectionDialog::setSecretNote(const QString &text)
{
    m_secretNote->setText(text);
    m_secretNote->setVisible(!text.isEmpty());
}

void ConnectionDialog::setSaveProfileOptionVisible(bool visible)
{
    m_saveProfileCheck->setVisible(visible);
}

bool ConnectionDialog::isSaveProfileRequested() const
{
    // isHidden(), not isVisible(): the dialog itself is already hidden when accepted() fires.
    return !m_saveProfileCheck->isHidden() && m_saveProfileCheck->isChecked();
}
