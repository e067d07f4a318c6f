#include "HostKeyDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

HostKeyDialog::HostKeyDialog(Mode mode, const QString &node, const QString &sshHost,
                             const QString &fingerprint, QWidget *parent)
    : QDialog(parent)
    , m_mode(mode)
    , m_fingerprint(fingerprint)
{
    setObjectName(QStringLiteral("hostKeyDialog"));
    const bool changed = mode == Mode::Changed;
    setWindowTitle(changed ? tr("SSH Host Key Changed") : tr("Unknown SSH Host Key"));

    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize);
    icon->setPixmap(QIcon(changed ? QStringLiteral(":/icons/status-error.svg")
                                  : QStringLiteral(":/icons/status-hostkey.svg"))
                        .pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);

    auto *text = new QLabel(this);
    text->setObjectName(QStringLiteral("hostKeyText"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);
    if (changed) {
        text->setText(tr("The host key of the SSH server %1 (used to reach %2) does not match "
                         "the one in your known_hosts file. Someone may be intercepting the "
                         "connection, or the server was reinstalled.\n\n"
                         "Tandem will not connect. If the change is expected, remove the old key "
                         "(ssh-keygen -R %1) after checking the new fingerprint with the "
                         "server's administrator.")
                          .arg(sshHost, node));
    } else {
        text->setText(tr("The SSH server %1 (used to reach %2) is not in your known_hosts file "
                         "yet. Compare its fingerprint with the one the server's administrator "
                         "gives you (ssh-keygen -lf on the server's host key) before trusting it.")
                          .arg(sshHost, node));
    }

    auto *fingerprintLabel = new QLabel(fingerprint, this);
    fingerprintLabel->setObjectName(QStringLiteral("fingerprintLabel"));
    fingerprintLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    fingerprintLabel->setTextInteractionFlags(Qt::TextSelectableByMouse
                                              | Qt::TextSelectableByKeyboard);
    fingerprintLabel->setTextFormat(Qt::PlainText);

    auto *buttons = new QDialogButtonBox(this);
    buttons->setObjectName(QStringLiteral("hostKeyButtons"));
    if (changed) {
        QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
        close->setObjectName(QStringLiteral("closeButton"));
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    } else {
        QPushButton *accept = buttons->addButton(tr("&Trust and Connect"),
                                                 QDialogButtonBox::AcceptRole);
        accept->setObjectName(QStringLiteral("acceptButton"));
        QPushButton *reject = buttons->addButton(tr("&Reject"), QDialogButtonBox::RejectRole);
        reject->setObjectName(QStringLiteral("rejectButton"));
        // Trusting a key must be a deliberate choice, not the Enter key.
        reject->setDefault(true);
        reject->setFocus();
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    }

    auto *textColumn = new QVBoxLayout;
    textColumn->addWidget(text);
    textColumn->addWidget(new QLabel(tr("SHA256 fingerprint:"), this));
    textColumn->addWidget(fingerprintLabel);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(textColumn, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    resize(sizeHint().expandedTo(QSize(480, 0)));
}
