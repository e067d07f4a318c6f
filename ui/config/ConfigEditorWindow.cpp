#include "ConfigEditorWindow.h"

#include "ConfigEditor.h"
#include "ProblemsModel.h"
#include "ProblemsView.h"

#include <QCloseEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QStatusBar>
#include <QToolButton>

ConfigEditorWindow::ConfigEditorWindow(QWidget *parent)
    : QMainWindow(parent, Qt::Window)
    , m_editor(new ConfigEditor)
    , m_problems(new ProblemsModel(this))
    , m_view(new ProblemsView(m_problems))
    , m_status(new QLabel)
{
    setObjectName(QStringLiteral("configEditorWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(900, 700);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_editor);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);

    m_status->setObjectName(QStringLiteral("problemsSummary"));
    statusBar()->addWidget(m_status, 1);
    auto *fixButton = new QToolButton;
    fixButton->setObjectName(QStringLiteral("quickFixButton"));
    fixButton->setDefaultAction(m_view->quickFixAction());
    fixButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    statusBar()->addPermanentWidget(fixButton);

    m_confirmSaveWithErrors = [this](const QString &question, std::function<void(bool)> reply) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Save configuration"), question,
                                    QMessageBox::Save | QMessageBox::Cancel, this);
        box->setObjectName(QStringLiteral("saveWithErrorsBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setDefaultButton(QMessageBox::Cancel);
        connect(box, &QMessageBox::finished, this,
                [reply](int result) { reply(result == QMessageBox::Save); });
        box->open();
    };
    m_unsavedPrompt = [this](const QString &fileName, std::function<void(UnsavedChoice)> reply) {
        auto *box = new QMessageBox(QMessageBox::Question, tr("Unsaved changes"),
                                    tr("Save the changes to %1?").arg(fileName),
                                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
        box->setObjectName(QStringLiteral("unsavedChangesBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::finished, this, [reply](int result) {
            reply(result == QMessageBox::Save      ? UnsavedChoice::Save
                  : result == QMessageBox::Discard ? UnsavedChoice::Discard
                                                   : UnsavedChoice::Cancel);
        });
        box->open();
    };

    connect(m_editor, &ConfigEditor::diagnosticsChanged, this, [this] {
        m_problems->setDiagnostics(m_editor->diagnostics());
        updateStatus();
    });
    connect(m_editor->document(), &QTextDocument::modificationChanged, this, &QWidget::setWindowModified);
    connect(m_view, &ProblemsView::problemActivated, m_editor, &ConfigEditor::goTo);
    connect(m_view, &ProblemsView::renameRequested, this, [this](int line, const QString &name) {
        if (m_editor->renameDirective(line, name))
            m_editor->validateNow();  // the fixed problem should vanish at once, not after the debounce
    });

    createMenus();
    updateTitle();
    m_editor->validateNow();
}

void ConfigEditorWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open…"), this, &ConfigEditorWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("openAction"));
    QAction *saveAction = file->addAction(tr("&Save"), this, &ConfigEditorWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setObjectName(QStringLiteral("saveAction"));
    QAction *saveAsAction = file->addAction(tr("Save &As…"), this, &ConfigEditorWindow::saveAs);
    saveAsAction->setShortcut(QKeySequence::SaveAs);
    saveAsAction->setObjectName(QStringLiteral("saveAsAction"));
    file->addSeparator();
    QAction *closeAction = file->addAction(tr("&Close"), this, &QWidget::close);
    closeAction->setShortcut(QKeySequence::Close);
    closeAction->setObjectName(QStringLiteral("closeAction"));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = edit->addAction(tr("&Undo"), m_editor, &QPlainTextEdit::undo);
    undo->setShortcut(QKeySequence::Undo);
    undo->setEnabled(false);
    connect(m_editor, &QPlainTextEdit::undoAvailable, undo, &QAction::setEnabled);
    QAction *redo = edit->addAction(tr("&Redo"), m_editor, &QPlainTextEdit::redo);
    redo->setShortcut(QKeySequence::Redo);
    redo->setEnabled(false);
    connect(m_editor, &QPlainTextEdit::redoAvailable, redo, &QAction::setEnabled);
    edit->addSeparator();
    edit->addAction(m_view->quickFixAction());
}

bool ConfigEditorWindow::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    m_editor->loadBytes(file.readAll(), QFileInfo(path).absoluteFilePath());
    updateTitle();
    return true;
}

QString ConfigEditorWindow::filePath() const
{
    return m_editor->path();
}

QString ConfigEditorWindow::statusText() const
{
    return m_status->text();
}

void ConfigEditorWindow::showOpenDialog()
{
    whenChangesSettled([this] {
        auto *dialog = new QFileDialog(this, tr("Open redis.conf"), QFileInfo(filePath()).absolutePath(),
                                       tr("Redis configuration (*.conf);;All files (*)"));
        dialog->setObjectName(QStringLiteral("openDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, this, &ConfigEditorWindow::openFile);
        dialog->open();
    });
}

void ConfigEditorWindow::save()
{
    if (filePath().isEmpty())
        saveAs();
    else
        saveTo(filePath());
}

void ConfigEditorWindow::saveAs()
{
    auto *dialog = new QFileDialog(this, tr("Save redis.conf As"), filePath(),
                                   tr("Redis configuration (*.conf);;All files (*)"));
    dialog->setObjectName(QStringLiteral("saveAsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { saveTo(path); });
    dialog->open();
}

void ConfigEditorWindow::saveTo(const QString &path, const std::function<void()> &then)
{
    const int errors = m_editor->countOf(ConfigDiagnostic::Severity::Error);
    if (errors == 0) {
        if (writeTo(path) && then)
            then();
        return;
    }
    const QString question = errors == 1
        ? tr("The configuration has 1 error; redis-server would refuse to start with it. Save anyway?")
        : tr("The configuration has %1 errors; redis-server would refuse to start with it. Save anyway?")
              .arg(errors);
    m_confirmSaveWithErrors(question, [this, path, then](bool yes) {
        if (yes && writeTo(path) && then)
            then();
    });
}

bool ConfigEditorWindow::writeTo(const QString &path)
{
    // QSaveFile: a crash or full disk never leaves a half-written redis.conf behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_editor->fileBytes()) < 0 || !file.commit()) {
        showError(tr("Cannot save %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    m_editor->setPath(QFileInfo(path).absoluteFilePath());
    m_editor->document()->setModified(false);
    updateTitle();
    Q_EMIT saved(path);
    return true;
}

void ConfigEditorWindow::whenChangesSettled(const std::function<void()> &then)
{
    if (!m_editor->document()->isModified()) {
        then();
        return;
    }
    const QString name = filePath().isEmpty() ? tr("Untitled") : QFileInfo(filePath()).fileName();
    m_unsavedPrompt(name, [this, then](UnsavedChoice choice) {
        switch (choice) {
        case UnsavedChoice::Save:
            if (filePath().isEmpty())
                saveAs();  // the user picks a name; the pending action is dropped
            else
                saveTo(filePath(), then);
            break;
        case UnsavedChoice::Discard:
            then();
            break;
        case UnsavedChoice::Cancel:
            break;
        }
    });
}

void ConfigEditorWindow::closeEvent(QCloseEvent *event)
{
    if (m_closeSettled || !m_editor->document()->isModified()) {
        event->accept();
        return;
    }
    event->ignore();
    whenChangesSettled([this] {
        m_closeSettled = true;
        // Queued: a prompt answered at once is still inside this closeEvent, and Qt ignores
        // a close() nested in one.
        QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
    });
}

void ConfigEditorWindow::updateTitle()
{
    const QString name = filePath().isEmpty() ? tr("Untitled") : QFileInfo(filePath()).fileName();
    setWindowTitle(tr("%1[*] — Redis configuration").arg(name));
    setWindowModified(m_editor->document()->isModified());
}

void ConfigEditorWindow::updateStatus()
{
    const int errors = m_editor->countOf(ConfigDiagnostic::Severity::Error);
    const int warnings = m_editor->countOf(ConfigDiagnostic::Severity::Warning);
    QStringList parts;
    if (errors > 0)
        parts << (errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors));
    if (warnings > 0)
        parts << (warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings));
    m_status->setText(parts.isEmpty() ? tr("No problems") : parts.join(QStringLiteral(", ")));
}

void ConfigEditorWindow::showError(const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Critical, tr("Redis configuration"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("configErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
