#pragma once

#include "ConfigSource.h"
#include "config/ConfigAdvisor.h"
#include "config/RedisVersion.h"
#include "net/Transport.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>

class AuditLog;
class ConfigApplyDialog;
class ConfigCompareDialog;
class ConfigEditor;
class ConfigFormView;
class FindBar;
class GoToLineBar;
class ProblemsModel;
class ProblemsView;
class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QTabWidget;
class SshSessionPool;

// A redis.conf editor window: the text and an "Essentials" form in tabs, the problems list
// below both, a problem count, the document's source and the target Redis version in the
// status line. The document comes from a local file, a file read over SSH, or a node's
// running configuration (secrets masked); File ▸ Apply sends it back there after a preview
// of the differences (ConfigApplyDialog). Saving a file with errors and closing with unsaved
// changes ask first; both questions go through replaceable hooks so tests (and embedding
// code) can answer without a dialog. Dialogs are window-modal and non-blocking. Deletes
// itself when closed.
class ConfigEditorWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class UnsavedChoice { Save, Discard, Cancel };
    // Asks a yes/no question; calls `reply` (now or later) with the answer.
    using Confirm = std::function<void(const QString &question, std::function<void(bool)> reply)>;
    using UnsavedPrompt = std::function<void(const QString &fileName, std::function<void(UnsavedChoice)> reply)>;

    // `ssh` (may be null) is needed for remote files and nodes reached through SSH.
    explicit ConfigEditorWindow(QWidget *parent = nullptr, SshSessionPool *ssh = nullptr);

    // Loads `path`; false (and a message box) when it can't be read.
    bool openFile(const QString &path);
    // A file read over SSH (source.kind RemoteFile): validated without following includes.
    void openRemote(const ConfigSource &source, const QByteArray &bytes);
    // A node's running configuration; `masked` must hide secrets (LiveConfig::Secrets::Hide).
    void openLive(const ConnectionProfile &node, const ConfigDocument &masked);

    QString filePath() const;
    const ConfigSource &source() const { return m_source; }
    // The bytes the target held when loaded or last applied ("what is there now").
    QByteArray baseline() const { return m_baseline; }
    ConfigEditor *editor() const { return m_editor; }
    ProblemsModel *problems() const { return m_problems; }
    ProblemsView *problemsView() const { return m_view; }
    QTabWidget *tabs() const { return m_tabs; }
    FindBar *findBar() const { return m_findBar; }
    QString statusText() const;
    QString sourceText() const;

    RedisVersion targetVersion() const { return m_target; }
    void setTargetVersion(RedisVersion version);
    void setAdvisorContext(const ConfigAdvisorContext &context);
    // Where Apply writes its operations (the main window's audit log); null: the default one.
    void setAuditLog(AuditLog *audit) { m_audit = audit; }
    // Tests: transports for connections to live nodes.
    void setTransportFactory(TransportFactory factory) { m_factory = std::move(factory); }

    // Default: a window-modal message box. Hooks replace them (e.g. tests pre-answer).
    void setSaveWithErrorsConfirm(Confirm confirm) { m_confirmSaveWithErrors = std::move(confirm); }
    void setUnsavedChangesPrompt(UnsavedPrompt prompt) { m_unsavedPrompt = std::move(prompt); }

    QAction *applyAction() const { return m_applyAction; }
    ConfigApplyDialog *applyDialog() const;
    ConfigCompareDialog *compareDialog() const;

public Q_SLOTS:
    void showOpenDialog();
    void save();
    void saveAs();
    // The preview (and then the run) of sending the document back to its source.
    ConfigApplyDialog *openApplyDialog();
    ConfigCompareDialog *compareWithFile(const QString &path);
    ConfigCompareDialog *compareWithLastSaved();
    // Reads the node's running configuration again, then opens the comparison.
    void compareWithRunningNode();

Q_SIGNALS:
    void saved(const QString &path);
    void applied();
    // An Apply's result asked to show its run in the audit log.
    void auditLogRequested(const QString &operationId);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createFindActions(QMenu *edit);
    QWidget *createTextPage();
    void createStatusBar();
    void updateTitle();
    void updateStatus();
    void setSource(const ConfigSource &source);
    void applyValidatorOptions();
    void onApplied(const QByteArray &bytes);
    ConfigCompareDialog *showCompare(const QString &leftTitle, const ConfigDocument &left);
    // Checks errors (asking first), writes, then runs `then` on success.
    void saveTo(const QString &path, const std::function<void()> &then = {});
    bool writeTo(const QString &path, QString *error = nullptr);
    // Runs `then` once unsaved changes are saved or discarded; not at all on cancel.
    void whenChangesSettled(const std::function<void()> &then);
    void showError(const QString &text);

    SshSessionPool *m_ssh;
    AuditLog *m_audit = nullptr;
    TransportFactory m_factory;
    ConfigSource m_source;
    QByteArray m_baseline;
    RedisVersion m_target = RedisVersion::reference();
    ConfigEditor *m_editor;
    FindBar *m_findBar;
    GoToLineBar *m_goToLineBar;
    ConfigFormView *m_form;
    QTabWidget *m_tabs;
    ProblemsModel *m_problems;
    ProblemsView *m_view;
    QLabel *m_status;
    QLabel *m_sourceLabel;
    QComboBox *m_versionCombo;
    QAction *m_applyAction = nullptr;
    QAction *m_compareNodeAction = nullptr;
    QPointer<ConfigApplyDialog> m_applyDialog;
    QPointer<ConfigCompareDialog> m_compareDialog;
    Confirm m_confirmSaveWithErrors;
    UnsavedPrompt m_unsavedPrompt;
    bool m_closeSettled = false;  // changes saved or discarded: let closeEvent through
};
