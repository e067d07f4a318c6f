#pragma once

#include "ConfigFileText.h"
#include "config/ConfigAdvisor.h"
#include "config/ConfigDiagnostic.h"
#include "config/ConfigValidator.h"
#include "config/TextSearch.h"

#include <QList>
#include <QPlainTextEdit>

class ConfigHighlighter;
class ConfigLineNumberArea;
class QCompleter;
class QStringListModel;
class QTimer;

// A redis.conf text editor: highlighting, diagnostics from ConfigValidator (re-run ~150 ms
// after the last edit) as wavy underlines with the message on hover, directive help on hover,
// completion of directive names and enum values, a line-number gutter. Loading and saving
// go through ConfigFileText so an unedited file saves byte for byte.
class ConfigEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    static constexpr int kValidateDelayMs = 150;

    explicit ConfigEditor(QWidget *parent = nullptr);

    // Replaces the text (clears undo history and the modified flag) and validates at once.
    void loadBytes(const QByteArray &bytes, const QString &path = {});
    // The text as file bytes in the loaded file's line ending and final-newline style.
    QByteArray fileBytes() const;
    QString path() const { return m_path; }
    void setPath(const QString &path) { m_path = path; }

    // How the text is checked: the Redis version it is meant for, whether included files are
    // read (not for a file from another machine). Re-validates at once.
    void setValidatorOptions(const ConfigValidator::Options &options);
    const ConfigValidator::Options &validatorOptions() const { return m_options; }
    // What the advisor knows about the node running this file (cross-node advice).
    void setAdvisorContext(const ConfigAdvisorContext &context);
    const ConfigAdvisorContext &advisorContext() const { return m_context; }

    const QList<ConfigDiagnostic> &diagnostics() const { return m_diagnostics; }
    int countOf(ConfigDiagnostic::Severity severity) const;

    // Moves the cursor to a 1-based line and (ConfigDiagnostic byte) column and shows it.
    void goTo(int line, int column = 1);
    // Find matches to highlight, under the diagnostics' underlines; empty clears them.
    void setSearchMatches(const QList<TextSearch::Match> &matches);
    // Replaces the directive name on 1-based `line` by `name` as one undo step.
    bool renameDirective(int line, const QString &name);
    // Why renaming the directive on `line` to `name` is not a fix: the first diagnostic the
    // renamed text would have that the current one has not (e.g. the name is already set on
    // another line). Empty when the rename only removes problems.
    QString renameConflict(int line, const QString &name) const;

    // What hovering at `cursor` shows: the diagnostic there, else help for a directive name.
    QString toolTipAt(const QTextCursor &cursor) const;
    QCompleter *completer() const { return m_completer; }
    // Offers completions for the word left of the cursor; `force` shows them for an empty
    // word too (Ctrl+Space). Returns the candidate count.
    int complete(bool force);

    int lineNumberAreaWidth() const;
    void paintLineNumbers(QWidget *area, QPaintEvent *event);

public Q_SLOTS:
    void validateNow();

Q_SIGNALS:
    void diagnosticsChanged();

protected:
    bool viewportEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // What the validator and the advisor say about `text` as this editor's file.
    QList<ConfigDiagnostic> diagnose(const QString &text) const;
    void updateGutter(const QRect &rect, int dy);
    void updateExtraSelections();
    void insertCompletion(const QString &completion);
    QTextEdit::ExtraSelection underline(const ConfigDiagnostic &diagnostic) const;
    QColor severityColor(ConfigDiagnostic::Severity severity) const;

    ConfigHighlighter *m_highlighter;
    ConfigLineNumberArea *m_gutter;
    QCompleter *m_completer;
    QStringListModel *m_completions;
    QTimer *m_validateTimer;
    QString m_path;
    ConfigFileText m_file;
    QString m_loadedText;  // toPlainText() right after loading, to detect "unchanged"
    QList<ConfigDiagnostic> m_diagnostics;
    QList<TextSearch::Match> m_searchMatches;
    ConfigValidator::Options m_options;
    ConfigAdvisorContext m_context;
};
