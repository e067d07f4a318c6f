#include "FilePathEdit.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

FilePathEdit::FilePathEdit(const QString &objectName, const QString &dialogTitle, QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_browse(new QToolButton(this))
    , m_dialogTitle(dialogTitle)
{
    setObjectName(objectName + QStringLiteral("Field"));
    m_edit->setObjectName(objectName);
    m_edit->setClearButtonEnabled(true);
    m_browse->setObjectName(objectName + QStringLiteral("Browse"));
    m_browse->setText(tr("Browse…"));
    m_browse->setToolTip(dialogTitle);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    setFocusProxy(m_edit);

    connect(m_edit, &QLineEdit::textChanged, this, &FilePathEdit::pathChanged);
    connect(m_browse, &QToolButton::clicked, this, &FilePathEdit::browse);
}

QString FilePathEdit::path() const
{
    return m_edit->text().trimmed();
}

void FilePathEdit::setPath(const QString &path)
{
    m_edit->setText(path);
}

void FilePathEdit::setPlaceholderText(const QString &text)
{
    m_edit->setPlaceholderText(text);
}

void FilePathEdit::browse()
{
    // Non-blocking: the dialog reports back through a signal instead of a nested exec().
    const QString start = path().isEmpty() ? QDir::homePath() : QFileInfo(path()).absolutePath();
    auto *dialog = new QFileDialog(window(), m_dialogTitle, start);
    dialog->setObjectName(objectName() + QStringLiteral("Dialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
        m_edit->setText(file);
    });
    dialog->open();
}
