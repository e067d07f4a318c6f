#include "SetupSecurityPage.h"

#include "SetupWizard.h"

#include "profile/ProfileStore.h"
#include "profile/SecretStore.h"
#include "setup/SetupPassword.h"

#include <QButtonGroup>
#include <QClipboard>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace {
constexpr int kMinPasswordLength = 12;
}

SetupSecurityPage::SetupSecurityPage(SetupWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Security"));
    setSubTitle(tr("Replicas authenticate to the master. The same password is set on every node (requirepass "
                   "and masterauth, the master included) so a later promote keeps working."));
    m_password = new QRadioButton(tr("One &password for the group"), this);
    m_password->setObjectName(QStringLiteral("setupAuthPassword"));
    m_acl = new QRadioButton(tr("A replication &user (ACL: +psync +replconf +ping) on every node"), this);
    m_acl->setObjectName(QStringLiteral("setupAuthAcl"));
    m_keep = new QRadioButton(tr("&Keep the authentication already in place"), this);
    m_keep->setObjectName(QStringLiteral("setupAuthKeep"));
    auto *modes = new QButtonGroup(this);
    modes->addButton(m_password);
    modes->addButton(m_acl);
    modes->addButton(m_keep);
    m_password->setChecked(true);

    m_aclUser = new QLineEdit(QStringLiteral("replicator"), this);
    m_aclUser->setObjectName(QStringLiteral("setupAclUser"));
    m_first = new QLineEdit(this);
    m_first->setObjectName(QStringLiteral("setupPassword"));
    m_first->setEchoMode(QLineEdit::Password);
    m_second = new QLineEdit(this);
    m_second->setObjectName(QStringLiteral("setupPasswordRepeat"));
    m_second->setEchoMode(QLineEdit::Password);
    m_generate = new QPushButton(tr("&Generate"), this);
    m_generate->setObjectName(QStringLiteral("setupGeneratePassword"));
    m_generate->setToolTip(tr("%1 random bytes from the OpenSSL RNG, URL-safe").arg(SetupPassword::kRandomBytes));
    m_generated = new QLineEdit(this);
    m_generated->setObjectName(QStringLiteral("setupGeneratedPassword"));
    m_generated->setReadOnly(true);
    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("setupCopyPassword"));
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("setupPasswordNote"));
    m_note->setWordWrap(true);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("setupSecurityProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color:#d93b3b"));

    m_passwordBox = new QWidget(this);
    auto *form = new QFormLayout(m_passwordBox);
    form->setContentsMargins(24, 0, 0, 0);
    auto *typed = new QHBoxLayout;
    typed->addWidget(m_first, 1);
    typed->addWidget(m_generate);
    form->addRow(tr("Pass&word:"), typed);
    form->addRow(tr("&Again:"), m_second);
    m_generatedBox = new QWidget(m_passwordBox);
    auto *shown = new QHBoxLayout(m_generatedBox);
    shown->setContentsMargins(0, 0, 0, 0);
    shown->addWidget(m_generated, 1);
    shown->addWidget(m_copy);
    form->addRow(tr("Generated:"), m_generatedBox);
    form->addRow(QString(), m_note);
    form->addRow(tr("ACL &user:"), m_aclUser);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_password);
    layout->addWidget(m_acl);
    layout->addWidget(m_passwordBox);
    layout->addWidget(m_keep);
    layout->addStretch();
    layout->addWidget(m_problem);

    for (QRadioButton *b : {m_password, m_acl, m_keep})
        connect(b, &QRadioButton::toggled, this, &SetupSecurityPage::update);
    for (QLineEdit *e : {m_first, m_second, m_aclUser})
        connect(e, &QLineEdit::textChanged, this, &SetupSecurityPage::update);
    connect(m_first, &QLineEdit::textEdited, this, [this] {
        m_generatedBox->hide();  // typed over: the generated one is gone
        m_generated->clear();
    });
    connect(m_generate, &QPushButton::clicked, this, &SetupSecurityPage::generate);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_generated->text());
        m_copy->setText(tr("Copied"));
    });
}

void SetupSecurityPage::initializePage()
{
    m_generatedBox->hide();
    ProfileStore *store = m_wizard->profileStore();
    const bool keychain = store && store->secretStore() && store->secretStore()->isPersistent();
    m_note->setText(keychain ? tr("After the set-up is verified, the password is saved to the keychain as the "
                                  "password of each node's saved connection; never to plain settings.")
                             : tr("No keychain here: Tandem keeps the password in memory only. Copy it now and "
                                  "store it safely."));
    update();
}

void SetupSecurityPage::generate()
{
    const QString password = SetupPassword::generate();
    if (password.isEmpty()) {
        m_problem->setText(tr("The random generator failed: type a password instead."));
        return;
    }
    m_first->setText(password);
    m_second->setText(password);
    m_generated->setText(password);
    m_copy->setText(tr("&Copy"));
    m_generatedBox->show();
    update();
}

QString SetupSecurityPage::problem() const
{
    if (m_keep->isChecked())
        return {};
    if (m_acl->isChecked() && m_aclUser->text().trimmed().isEmpty())
        return tr("Name the replication user.");
    if (m_acl->isChecked() && m_aclUser->text().trimmed() == QLatin1String("default"))
        return tr("The replication user cannot be \"default\".");
    if (m_first->text().isEmpty())
        return tr("Type a password twice, or Generate one.");
    if (m_first->text().size() < kMinPasswordLength)
        return tr("At least %1 characters: replicas and clients can be tried fast over the network.").arg(kMinPasswordLength);
    if (m_first->text() != m_second->text())
        return tr("The two passwords differ.");
    return {};
}

void SetupSecurityPage::update()
{
    const bool keep = m_keep->isChecked();
    m_passwordBox->setEnabled(!keep);
    m_aclUser->setEnabled(m_acl->isChecked());
    m_problem->setText(problem());
    Q_EMIT completeChanged();
}

bool SetupSecurityPage::isComplete() const
{
    return problem().isEmpty();
}

bool SetupSecurityPage::validatePage()
{
    if (!isComplete())
        return false;
    SetupOptions &o = m_wizard->options();
    o.auth = m_keep->isChecked() ? SetupOptions::Auth::Keep
           : m_acl->isChecked()  ? SetupOptions::Auth::Acl
                                 : SetupOptions::Auth::Password;
    o.password = m_keep->isChecked() ? QString() : m_first->text();
    o.generatePassword = false;  // generated here, so it can be shown once
    o.aclUser = m_acl->isChecked() ? m_aclUser->text().trimmed() : QString();
    return true;
}
