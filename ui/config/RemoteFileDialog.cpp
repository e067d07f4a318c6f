#include "RemoteFileDialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

RemoteFileDialog::RemoteFileDialog(QWidget *parent)
    : QDialog(parent)
    , m_target(new QLineEdit)
    , m_keyFile(new QLineEdit)
    , m_path(new QLineEdit)
    , m_note(new QLabel)
    , m_error(new QLabel)
{
    setObjectName(QStringLiteral("remoteFileDialog"));
    setWindowTitle(tr("Edit redis.conf over SSH"));
    m_target->setObjectName(QStringLiteral("sshTargetEdit"));
    m_target->setPlaceholderText(tr("user@host[:port]"));
    m_keyFile->setObjectName(QStringLiteral("sshKeyFileEdit"));
    m_keyFile->setPlaceholderText(tr("empty: SSH agent and default keys"));
    m_path->setObjectName(QStringLiteral("remotePathEdit"));
    m_path->setPlaceholderText(QStringLiteral("/etc/redis/redis.conf"));
    m_note->setObjectName(QStringLiteral("configFileNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    m_error->setObjectName(QStringLiteral("remoteFileError"));
    m_error->setForegroundRole(QPalette::PlaceholderText);

    auto *browse = new QToolButton;
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose a private key file"));
    connect(browse, &QToolButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, tr("Private key"), m_keyFile->text());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, m_keyFile, &QLineEdit::setText);
        dialog->open();
    });
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyFile, 1);
    keyRow->addWidget(browse);

    auto *form = new QFormLayout;
    form->addRow(tr("SSH &target:"), m_target);
    auto *keyLabel = new QLabel(tr("&Key file:"));
    keyLabel->setBuddy(m_keyFile);  // a row holding a layout gets a label without one
    form->addRow(keyLabel, keyRow);
    form->addRow(tr("&Path:"), m_path);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Open"));
    m_ok->setObjectName(QStringLiteral("remoteFileOpenButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(m_target, &QLineEdit::textChanged, this, &RemoteFileDialog::validate);
    connect(m_path, &QLineEdit::textChanged, this, &RemoteFileDialog::validate);
    resize(520, sizeHint().height());
    validate();
}

void RemoteFileDialog::setSsh(const SshOptions &base)
{
    m_base = base;
    QString target = base.user.isEmpty() ? base.host : QString(base.user + QLatin1Char('@') + base.host);
    if (base.port != 22 && !base.host.isEmpty())
        target += QLatin1Char(':') + QString::number(base.port);
    m_target->setText(target);
    m_keyFile->setText(base.keyFile);
}

void RemoteFileDialog::setPath(const QString &path, bool redisHasNoFile)
{
    m_path->setText(path);
    m_note->setVisible(redisHasNoFile);
    if (redisHasNoFile)
        m_note->setText(tr("This Redis runs without a config file (INFO server shows no config_file): "
                           "its settings live only in memory. Enter the file to edit, or edit the live "
                           "configuration instead."));
}

SshOptions RemoteFileDialog::ssh() const
{
    SshOptions ssh = m_base;
    ssh.enabled = true;
    QString error;
    ConnectionProfile::parseSshTarget(m_target->text().trimmed(), &ssh, &error);
    ssh.keyFile = m_keyFile->text().trimmed();
    return ssh;
}

QString RemoteFileDialog::path() const
{
    return m_path->text().trimmed();
}

void RemoteFileDialog::validate()
{
    SshOptions probe;
    QString error;
    if (!ConnectionProfile::parseSshTarget(m_target->text().trimmed(), &probe, &error) || probe.host.isEmpty())
        m_error->setText(error.isEmpty() ? tr("Enter the SSH target as user@host[:port].") : error);
    else if (!path().startsWith(QLatin1Char('/')))
        m_error->setText(tr("Enter the absolute path of the file on that host."));
    else
        m_error->clear();
    m_ok->setEnabled(m_error->text().isEmpty());
}
