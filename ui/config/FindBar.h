#pragma once

#include "config/TextSearch.h"

#include <QWidget>

class ConfigEditor;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

// The find (and replace) bar under the config editor's text, as in code editors: typing
// searches as you go and highlights every match, Enter / Shift+Enter step forward / back
// with wrap-around, Escape closes it and hands the focus back to the text. Find Next and
// Find Previous also work while it is closed, with the last search. Matching rules live in
// TextSearch.
class FindBar : public QWidget
{
    Q_OBJECT
public:
    explicit FindBar(ConfigEditor *editor, QWidget *parent = nullptr);

    // Shows the bar (with the replace row when `withReplace`), seeded with the editor's
    // one-line selection, focus in the find field.
    void open(bool withReplace);
    // Hides the bar, drops the highlights, focuses the editor.
    void dismiss();
    QString statusText() const;

public Q_SLOTS:
    void findNext();
    void findPrevious();
    // Replaces the current match (if the selection is one) and moves to the next.
    void replace();
    // Every match, as one undo step; returns how many were replaced.
    int replaceAll();

Q_SIGNALS:
    // What the status label now says; the window repeats it while the bar is closed.
    void statusChanged(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    TextSearch::Options options() const;
    // Recomputes the matches (and highlights them while the bar is open).
    void search();
    void searchFromAnchor();
    void find(bool forward);
    void select(int index, const QString &wrapNote);
    void setStatus(const QString &text);
    void showCount(const QString &note = {});

    ConfigEditor *m_editor;
    QLineEdit *m_findEdit;
    QLineEdit *m_replaceEdit;
    QCheckBox *m_caseCheck;
    QCheckBox *m_wordCheck;
    QLabel *m_status;
    QToolButton *m_previous;
    QToolButton *m_next;
    QToolButton *m_close;
    QPushButton *m_replaceButton;
    QPushButton *m_replaceAllButton;
    QList<QWidget *> m_replaceRow;
    QList<TextSearch::Match> m_matches;
    qsizetype m_anchor = 0;    // where typing searches from, so a longer word stays put
    bool m_replacing = false;  // our own edits: search again once, after them
};
