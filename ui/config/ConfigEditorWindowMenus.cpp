// ConfigEditorWindow's menus and the actions behind them that reach beyond the text:
// Apply (preview, then run), Compare; Find, Replace and Go to Line.
#include "ConfigEditorWindow.h"

#include "ConfigApplyDialog.h"
#include "ConfigCompareDialog.h"
#include "ConfigEditor.h"
#include "FindBar.h"
#include "GoToLineBar.h"
#include "config/LiveConfigReader.h"
#include "ProblemsView.h"
#include "config/ConfigDocument.h"
#include "ssh/SshSessionPool.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

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
    m_applyAction = file->addAction(QIcon(QStringLiteral(":/icons/export.svg")), tr("A&pply…"), this,
                                    &ConfigEditorWindow::openApplyDialog);
    m_applyAction->setObjectName(QStringLiteral("applyConfigAction"));
    m_applyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_applyAction->setToolTip(tr("Review the differences, then send the configuration where it came from "
                                 "(Ctrl+Return)"));
    QMenu *compare = file->addMenu(tr("Co&mpare"));
    compare->setObjectName(QStringLiteral("compareMenu"));
    QAction *withFile = compare->addAction(tr("With &File…"), this, [this] {
        auto *dialog = new QFileDialog(this, tr("Compare with"), QFileInfo(filePath()).absolutePath(),
                                       tr("Redis configuration (*.conf);;All files (*)"));
        dialog->setObjectName(QStringLiteral("compareFileDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, this, &ConfigEditorWindow::compareWithFile);
        dialog->open();
    });
    withFile->setObjectName(QStringLiteral("compareFileAction"));
    m_compareNodeAction = compare->addAction(tr("With the &Running Node"), this,
                                             &ConfigEditorWindow::compareWithRunningNode);
    m_compareNodeAction->setObjectName(QStringLiteral("compareNodeAction"));
    m_compareNodeAction->setEnabled(m_source.hasNode);
    QAction *withSaved = compare->addAction(tr("With the &Last Saved Version"), this,
                                            &ConfigEditorWindow::compareWithLastSaved);
    withSaved->setObjectName(QStringLiteral("compareSavedAction"));
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
    createFindActions(edit);
    edit->addSeparator();
    edit->addAction(m_view->quickFixAction());

    QToolBar *bar = addToolBar(tr("Configuration"));
    bar->setObjectName(QStringLiteral("configToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(saveAction);
    bar->addAction(m_applyAction);
    bar->addAction(m_view->quickFixAction());
}

namespace {

// The platform's keys for `key`, less one this window uses for something else (some
// platforms also bind Find Next to Ctrl+G, which is Go to Line here); `fallback` if none.
QList<QKeySequence> findKeysExcept(QKeySequence::StandardKey key, const QKeySequence &taken,
                                   const QKeySequence &fallback)
{
    QList<QKeySequence> keys = QKeySequence::keyBindings(key);
    keys.removeAll(taken);
    if (keys.isEmpty())
        keys << fallback;
    return keys;
}

} // namespace

void ConfigEditorWindow::createFindActions(QMenu *edit)
{
    const QKeySequence goToLineKey(Qt::CTRL | Qt::Key_G);
    auto showText = [this] { m_tabs->setCurrentIndex(0); };  // from the Essentials tab too
    QAction *find = edit->addAction(tr("&Find…"), this, [this, showText] {
        showText();
        m_goToLineBar->hide();
        m_findBar->open(false);
    });
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcuts(findKeysExcept(QKeySequence::Find, goToLineKey, QKeySequence(Qt::CTRL | Qt::Key_F)));
    QAction *next = edit->addAction(tr("Find &Next"), this, [this, showText] {
        showText();
        m_findBar->findNext();
    });
    next->setObjectName(QStringLiteral("findNextAction"));
    next->setShortcuts(findKeysExcept(QKeySequence::FindNext, goToLineKey, QKeySequence(Qt::Key_F3)));
    QAction *previous = edit->addAction(tr("Find Pre&vious"), this, [this, showText] {
        showText();
        m_findBar->findPrevious();
    });
    previous->setObjectName(QStringLiteral("findPreviousAction"));
    previous->setShortcuts(findKeysExcept(QKeySequence::FindPrevious, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G),
                                          QKeySequence(Qt::SHIFT | Qt::Key_F3)));
    QAction *replace = edit->addAction(tr("R&eplace…"), this, [this, showText] {
        showText();
        m_goToLineBar->hide();
        m_findBar->open(true);
    });
    replace->setObjectName(QStringLiteral("replaceAction"));
    replace->setShortcuts(findKeysExcept(QKeySequence::Replace, goToLineKey, QKeySequence(Qt::CTRL | Qt::Key_H)));
    QAction *goToLine = edit->addAction(tr("&Go to Line…"), this, [this, showText] {
        showText();
        m_findBar->dismiss();
        m_goToLineBar->open();
    });
    goToLine->setObjectName(QStringLiteral("goToLineAction"));
    goToLine->setShortcut(goToLineKey);
    // With the bar closed its status has nowhere to show; the status line has room.
    connect(m_findBar, &FindBar::statusChanged, this, [this](const QString &text) {
        if (m_findBar->isHidden() && !text.isEmpty())
            statusBar()->showMessage(text, 5000);
    });
}

ConfigApplyDialog *ConfigEditorWindow::openApplyDialog()
{
    if (m_applyDialog) {
        m_applyDialog->raise();
        m_applyDialog->activateWindow();
        return m_applyDialog;
    }
    m_editor->validateNow();  // never decide on diagnostics still waiting for the debounce
    ConfigApplyDialog::Request request;
    request.source = m_source;
    request.baseline = m_baseline;
    request.desired = m_editor->fileBytes();
    request.errorCount = m_editor->countOf(ConfigDiagnostic::Severity::Error);
    if (m_source.kind == ConfigSource::Kind::LocalFile && m_source.path.isEmpty()) {
        saveAs();  // nowhere to apply to yet
        return nullptr;
    }
    m_applyDialog = new ConfigApplyDialog(request, m_ssh, m_audit, this);
    m_applyDialog->setTransportFactory(m_factory);
    m_applyDialog->setLocalSaver([this](QString *error) { return writeTo(m_source.path, error); });
    connect(m_applyDialog, &ConfigApplyDialog::applied, this, &ConfigEditorWindow::onApplied);
    connect(m_applyDialog, &ConfigApplyDialog::auditLogRequested, this, &ConfigEditorWindow::auditLogRequested);
    m_applyDialog->open();
    m_applyDialog->start();
    return m_applyDialog;
}

void ConfigEditorWindow::onApplied(const QByteArray &bytes)
{
    m_baseline = bytes;
    // The editor may have moved on while the apply ran; only then is it still "modified".
    if (m_editor->fileBytes() == bytes)
        m_editor->document()->setModified(false);
    statusBar()->showMessage(tr("Applied to %1").arg(m_source.describe()), 8000);
    if (m_source.kind == ConfigSource::Kind::RemoteFile && m_ssh) {
        // The next apply must compare against the file as written now, not as first read.
        m_ssh->readFile(m_source.ssh, m_source.path, this,
                        [this](const QByteArray &content, const RemoteFileInfo &info, const NetError &error) {
                            if (!error.isError() && content == m_baseline)
                                m_source.remoteInfo = info;
                        });
    }
    Q_EMIT applied();
}

ConfigCompareDialog *ConfigEditorWindow::showCompare(const QString &leftTitle, const ConfigDocument &left)
{
    if (m_compareDialog)
        m_compareDialog->close();
    m_compareDialog = new ConfigCompareDialog(this);
    const ConfigDocument current = ConfigDocument::parse(m_editor->fileBytes(), m_source.path);
    m_compareDialog->setDocuments(leftTitle, left, tr("%1 (edited)").arg(m_source.shortName()), current);
    m_compareDialog->show();
    return m_compareDialog;
}

ConfigCompareDialog *ConfigEditorWindow::compareWithFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return nullptr;
    }
    return showCompare(QFileInfo(path).fileName(), ConfigDocument::parse(file.readAll(), path));
}

ConfigCompareDialog *ConfigEditorWindow::compareWithLastSaved()
{
    const QString title = m_source.kind == ConfigSource::Kind::LiveNode ? tr("%1 (as opened)").arg(m_source.describe())
                                                                          : tr("%1 (saved)").arg(m_source.shortName());
    return showCompare(title, ConfigDocument::parse(m_baseline, m_source.path));
}

void ConfigEditorWindow::compareWithRunningNode()
{
    if (!m_source.hasNode)
        return;
    auto *loader = new LiveConfigReader(m_source.node, m_ssh, this);
    loader->setTransportFactory(m_factory);
    statusBar()->showMessage(tr("Reading the running configuration of %1…").arg(m_source.node.address()));
    connect(loader, &LiveConfigReader::failed, this, [this, loader](const NetError &error) {
        loader->deleteLater();
        showError(tr("Cannot read the running configuration of %1: %2").arg(m_source.node.address(), error.message));
    });
    connect(loader, &LiveConfigReader::loaded, this, [this, loader] {
        loader->deleteLater();
        statusBar()->clearMessage();
        showCompare(tr("running %1").arg(m_source.node.address()), loader->document(LiveConfig::Secrets::Hide));
    });
    loader->start();
}

ConfigApplyDialog *ConfigEditorWindow::applyDialog() const
{
    return m_applyDialog;
}

ConfigCompareDialog *ConfigEditorWindow::compareDialog() const
{
    return m_compareDialog;
}
