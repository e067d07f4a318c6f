#pragma once

#include <QMainWindow>

#include <functional>

class ConfigEditor;
class ProblemsModel;
class ProblemsView;
class QAction;
class QLabel;

// A redis.conf editor window: the editor, its problems list, a problem count in the status
// line, File (Open, Save, Save As, Close) and Edit (Undo, Redo, Quick Fix) menus. Saving a
// file with errors and closing with unsaved changes ask first; both questions go through
// replaceable hooks so tests (and embedding code) can answer without a dialog. Dialogs are
// window-modal and non-blocking. Deletes itself when closed.
class ConfigEditorWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class UnsavedChoice { Save, Discard, Cancel };
    // Asks a yes/no question; calls `reply` (now or later) with the answer.
    using Confirm = std::function<void(const QString &question, std::function<void(bool)> reply)>;
    using UnsavedPrompt = std::function<void(const QString &fileName, std::function<void(UnsavedChoice)> reply)>;

    explicit ConfigEditorWindow(QWidget *parent = nullptr);

    // Loads `path`; false (and a message box) when it can't be read.
    bool openFile(const QString &path);
    QString filePath() const;
    ConfigEditor *editor() const { return m_editor; }
    ProblemsModel *problems() const { return m_problems; }
    ProblemsView *problemsView() const { return m_view; }
    QString statusText() const;

    // Default: a window-modal message box. Hooks replace them (e.g. tests pre-answer).
    void setSaveWithErrorsConfirm(Confirm confirm) { m_confirmSaveWithErrors = std::move(confirm); }
    void setUnsavedChangesPrompt(UnsavedPrompt prompt) { m_unsavedPrompt = std::move(prompt); }

public Q_SLOTS:
    void showOpenDialog();
    void save();
    void saveAs();

Q_SIGNALS:
    void saved(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void updateTitle();
    void updateStatus();
    // Checks errors (asking first), writes, then runs `then` on success.
    void saveTo(const QString &path, const std::function<void()> &then = {});
    bool writeTo(const QString &path);
    // Runs `then` once unsaved changes are saved or discarded; not at all on cancel.
    void whenChangesSettled(const std::function<void()> &then);
    void showError(const QString &text);

    ConfigEditor *m_editor;
    ProblemsModel *m_problems;
    ProblemsView *m_view;
    QLabel *m_status;
    Confirm m_confirmSaveWithErrors;
    UnsavedPrompt m_unsavedPrompt;
    bool m_closeSettled = false;  // changes saved or discarded: let closeEvent through
};
