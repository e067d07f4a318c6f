#pragma once

#include "config/ConfigDocument.h"

#include <QDialog>
#include <QList>

class ConfigDiffTableModel;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QTableView;

// Two redis.conf documents side by side: the differing settings in a table (directive,
// left value, right value; ConfigDiff semantics, secrets masked) and both texts in two
// synchronised read-only panes with the lines of differing directives highlighted. Clicking a
// table row scrolls both panes to that directive. Non-modal; deletes itself when closed.
class ConfigCompareDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConfigCompareDialog(QWidget *parent = nullptr);

    void setDocuments(const QString &leftTitle, const ConfigDocument &left,
                      const QString &rightTitle, const ConfigDocument &right);
    int differenceCount() const;

    // Also list settings present on one side only with their default value (off by default).
    void setShowDefaults(bool show);
    // The table as tab-separated text (what "Copy as text" puts on the clipboard).
    QString differencesText() const;
    // The document's text as the panes show it: sensitive values replaced by a placeholder.
    static QString maskedText(const ConfigDocument &doc);

protected:
    void changeEvent(QEvent *event) override;

private:
    void recompute();
    void updateHighlights();
    void showRow(int row);
    void syncScroll(QPlainTextEdit *from, QPlainTextEdit *to);
    static void scrollToLine(QPlainTextEdit *pane, int line);

    ConfigDocument m_left;
    ConfigDocument m_right;
    ConfigDiffTableModel *m_model;
    QLabel *m_summary;
    QCheckBox *m_showDefaults;
    QTableView *m_table;
    QLabel *m_leftTitle;
    QLabel *m_rightTitle;
    QPlainTextEdit *m_leftPane;
    QPlainTextEdit *m_rightPane;
    QList<QList<int>> m_leftLines;   // per table row: 1-based lines of that directive
    QList<QList<int>> m_rightLines;
    int m_currentRow = -1;
    bool m_syncing = false;
};
