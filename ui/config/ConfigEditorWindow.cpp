#include "ConfigEditorWindow.h"

#include "ConfigApplyDialog.h"
#include "ConfigEditor.h"
#include "ConfigFormView.h"
#include "FindBar.h"
#include "GoToLineBar.h"
#include "ProblemsModel.h"
#include "ProblemsView.h"
#include "config/ConfigDocument.h"
#include "ssh/SshSessionPool.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

ConfigEditorWindow::ConfigEditorWindow(QWidget *parent, SshSessionPool *ssh)
    : QMainWindow(parent, Qt::Window)
    , m_ssh(ssh)
    , m_editor(new ConfigEditor)
    , m_findBar(new FindBar(m_editor))
    , m_goToLineBar(new GoToLineBar(m_editor))
    , m_form(new ConfigFormView(m_editor))
    , m_tabs(new QTabWidget)
    , m_problems(new ProblemsModel(this))
    , m_view(new ProblemsView(m_problems))
    , m_status(new QLabel)
    , m_sourceLabel(new QLabel)
    , m_versionCombo(new QComboBox)
{
    setObjectName(QStringLiteral("configEditorWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(900, 700);

    // The problems list stays below both views: a form edit shows its consequences too.
    m_tabs->setObjectName(QStringLiteral("configEditorTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createTextPage(), tr("Text"));
    m_tabs->addTab(m_form, tr("Essentials"));
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_tabs);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    createStatusBar();

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
    m_view->setRenameCheck([this](int line, const QString &name) { return m_editor->renameConflict(line, name); });
    connect(m_view, &ProblemsView::renameRequested, this, [this](int line, const QString &name) {
        if (m_editor->renameDirective(line, name))
            m_editor->validateNow();  // the fixed problem should vanish at once, not after the debounce
    });

    createMenus();
    setSource(ConfigSource::local(QString()));
}

QWidget *ConfigEditorWindow::createTextPage()
{
    // The bars sit under the text, as in code editors, and take no room while closed.
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("configTextPage"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_findBar);
    layout->addWidget(m_goToLineBar);
    return page;
}

void ConfigEditorWindow::createStatusBar()
{
    m_status->setObjectName(QStringLiteral("problemsSummary"));
    statusBar()->addWidget(m_status, 1);
    m_sourceLabel->setObjectName(QStringLiteral("sourceLabel"));
    m_sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_sourceLabel);

    m_versionCombo->setObjectName(QStringLiteral("targetVersionCombo"));
    m_versionCombo->setToolTip(tr("The Redis version this file is checked against"));
    for (const RedisVersion &v : RedisVersion::known())
        m_versionCombo->addItem(tr("Redis %1").arg(v.toString()), v.code());
    m_versionCombo->setCurrentIndex(m_versionCombo->findData(m_target.code()));
    connect(m_versionCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        const int code = m_versionCombo->itemData(index).toInt();
        for (const RedisVersion &v : RedisVersion::known()) {
            if (v.code() == code && v != m_target) {
                m_target = v;
                applyValidatorOptions();
            }
        }
    });
    statusBar()->addPermanentWidget(m_versionCombo);

    auto *fixButton = new QToolButton;
    fixButton->setObjectName(QStringLiteral("quickFixButton"));
    fixButton->setDefaultAction(m_view->quickFixAction());
    fixButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    statusBar()->addPermanentWidget(fixButton);
}

bool ConfigEditorWindow::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_baseline = file.readAll();
    m_editor->loadBytes(m_baseline, absolute);
    setSource(ConfigSource::local(absolute));
    return true;
}

void ConfigEditorWindow::openRemote(const ConfigSource &source, const QByteArray &bytes)
{
    m_baseline = bytes;
    m_editor->loadBytes(bytes, source.path);
    setSource(source);
}

void ConfigEditorWindow::openLive(const ConnectionProfile &node, const ConfigDocument &masked)
{
    m_baseline = masked.toBytes();
    m_editor->loadBytes(m_baseline);
    setSource(ConfigSource::live(node));
}

void ConfigEditorWindow::setSource(const ConfigSource &source)
{
    m_source = source;
    m_sourceLabel->setText(source.describe());
    if (m_compareNodeAction)
        m_compareNodeAction->setEnabled(source.hasNode);
    applyValidatorOptions();
    updateTitle();
}

void ConfigEditorWindow::applyValidatorOptions()
{
    ConfigValidator::Options options;
    options.target = m_target;
    // Included paths name files on the server, not here.
    options.followIncludes = m_source.kind == ConfigSource::Kind::LocalFile;
    m_editor->setValidatorOptions(options);
}

void ConfigEditorWindow::setTargetVersion(RedisVersion version)
{
    const int index = m_versionCombo->findData(version.code());
    if (index < 0)
        return;
    m_target = version;
    if (m_versionCombo->currentIndex() != index)
        m_versionCombo->setCurrentIndex(index);
    applyValidatorOptions();
}

void ConfigEditorWindow::setAdvisorContext(const ConfigAdvisorContext &context)
{
    m_editor->setAdvisorContext(context);
}

QString ConfigEditorWindow::sourceText() const
{
    return m_sourceLabel->text();
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
    if (m_source.kind != ConfigSource::Kind::LocalFile)
        openApplyDialog();  // a remote file or a node is saved by applying to it
    else if (filePath().isEmpty())
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

bool ConfigEditorWindow::writeTo(const QString &path, QString *error)
{
    // QSaveFile: a crash or full disk never leaves a half-written redis.conf behind.
    QSaveFile file(path);
    const QByteArray bytes = m_editor->fileBytes();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0 || !file.commit()) {
        const QString why = tr("Cannot save %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        if (error)
            *error = why;
        else
            showError(why);
        return false;
    }
    if (m_source.kind != ConfigSource::Kind::LocalFile) {
        Q_EMIT saved(path);  // a local copy; the document still belongs to its server
        return true;
    }
    m_baseline = bytes;
    m_editor->setPath(QFileInfo(path).absoluteFilePath());
    m_editor->document()->setModified(false);
    setSource(ConfigSource::local(m_editor->path()));
    Q_EMIT saved(path);
    return true;
}

void ConfigEditorWindow::whenChangesSettled(const std::function<void()> &then)
{
    if (!m_editor->document()->isModified()) {
        then();
        return;
    }
    const QString name = m_source.shortName();
    m_unsavedPrompt(name, [this, then](UnsavedChoice choice) {
        switch (choice) {
        case UnsavedChoice::Save:
            if (m_source.kind != ConfigSource::Kind::LocalFile)
                openApplyDialog();  // the pending action is dropped: applying takes a review
            else if (filePath().isEmpty())
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
    const QString name = m_source.shortName();
    if (m_source.kind == ConfigSource::Kind::RemoteFile)
        setWindowTitle(tr("%1[*] — %2").arg(name, m_source.describe()));
    else
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
