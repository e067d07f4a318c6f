#include "FindBar.h"

#include "ConfigEditor.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

FindBar::FindBar(ConfigEditor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_findEdit(new QLineEdit)
    , m_replaceEdit(new QLineEdit)
    , m_caseCheck(new QCheckBox(tr("Match &case")))
    , m_wordCheck(new QCheckBox(tr("&Whole words")))
    , m_status(new QLabel)
    , m_previous(new QToolButton)
    , m_next(new QToolButton)
    , m_close(new QToolButton)
    , m_replaceButton(new QPushButton(tr("&Replace")))
    , m_replaceAllButton(new QPushButton(tr("Replace &All")))
{
    setObjectName(QStringLiteral("findBar"));
    m_findEdit->setObjectName(QStringLiteral("findEdit"));
    m_findEdit->setPlaceholderText(tr("Find"));
    m_findEdit->setClearButtonEnabled(true);
    m_findEdit->setMinimumWidth(fontMetrics().averageCharWidth() * 40);
    m_replaceEdit->setObjectName(QStringLiteral("replaceEdit"));
    m_replaceEdit->setPlaceholderText(tr("Replace with"));
    m_replaceEdit->setClearButtonEnabled(true);
    m_caseCheck->setObjectName(QStringLiteral("findCaseCheck"));
    m_wordCheck->setObjectName(QStringLiteral("findWholeWordCheck"));
    m_wordCheck->setToolTip(tr("Only matches not joined to letters, digits, '_' or '-' "
                               "(so \"maxmemory\" skips \"maxmemory-policy\")"));
    m_status->setObjectName(QStringLiteral("findStatusLabel"));
    m_status->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_previous->setObjectName(QStringLiteral("findPreviousButton"));
    m_previous->setArrowType(Qt::UpArrow);
    m_previous->setAutoRaise(true);
    m_previous->setToolTip(tr("Previous match (Shift+Enter, Shift+F3)"));
    m_next->setObjectName(QStringLiteral("findNextButton"));
    m_next->setArrowType(Qt::DownArrow);
    m_next->setAutoRaise(true);
    m_next->setToolTip(tr("Next match (Enter, F3)"));
    m_close->setObjectName(QStringLiteral("findCloseButton"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Close (Escape)"));
    m_replaceButton->setObjectName(QStringLiteral("replaceButton"));
    m_replaceButton->setToolTip(tr("Replace this match and go to the next (Enter in the replace field)"));
    m_replaceAllButton->setObjectName(QStringLiteral("replaceAllButton"));
    m_replaceAllButton->setToolTip(tr("Replace every match, as one undo step"));
    // Enter in the fields means "next" / "replace", never a dialog's default button.
    m_replaceButton->setAutoDefault(false);
    m_replaceAllButton->setAutoDefault(false);

    // The two fields line up in the first column; everything else follows on the right.
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(6, 4, 6, 4);
    grid->setVerticalSpacing(4);
    grid->addWidget(m_findEdit, 0, 0);
    auto *findRow = new QHBoxLayout;
    findRow->addWidget(m_previous);
    findRow->addWidget(m_next);
    findRow->addSpacing(8);
    findRow->addWidget(m_caseCheck);
    findRow->addWidget(m_wordCheck);
    // The status at the far end: its changing width never shifts the controls.
    findRow->addWidget(m_status, 1);
    findRow->addSpacing(8);
    findRow->addWidget(m_close);
    grid->addLayout(findRow, 0, 1);
    grid->addWidget(m_replaceEdit, 1, 0);
    auto *replaceRow = new QHBoxLayout;
    replaceRow->addWidget(m_replaceButton);
    replaceRow->addWidget(m_replaceAllButton);
    replaceRow->addStretch(1);
    grid->addLayout(replaceRow, 1, 1);
    grid->setColumnStretch(1, 1);
    m_replaceRow = {m_replaceEdit, m_replaceButton, m_replaceAllButton};

    m_findEdit->installEventFilter(this);
    m_replaceEdit->installEventFilter(this);
    connect(m_findEdit, &QLineEdit::textEdited, this, &FindBar::searchFromAnchor);
    connect(m_caseCheck, &QCheckBox::toggled, this, &FindBar::searchFromAnchor);
    connect(m_wordCheck, &QCheckBox::toggled, this, &FindBar::searchFromAnchor);
    connect(m_next, &QToolButton::clicked, this, &FindBar::findNext);
    connect(m_previous, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(m_close, &QToolButton::clicked, this, &FindBar::dismiss);
    connect(m_replaceButton, &QPushButton::clicked, this, &FindBar::replace);
    connect(m_replaceAllButton, &QPushButton::clicked, this, &FindBar::replaceAll);
    // Edits move the matches: keep highlights and count true while the bar is open.
    connect(m_editor->document(), &QTextDocument::contentsChanged, this, [this] {
        if (!m_replacing && !isHidden()) {
            search();
            showCount();
        }
    });
    hide();
}

void FindBar::open(bool withReplace)
{
    const QString selected = m_editor->textCursor().selectedText();
    // selectedText() marks line breaks with U+2029: only a one-line selection is a search.
    if (!selected.isEmpty() && !selected.contains(QChar::ParagraphSeparator))
        m_findEdit->setText(selected);
    for (QWidget *w : std::as_const(m_replaceRow))
        w->setVisible(withReplace);
    show();
    m_anchor = m_editor->textCursor().selectionStart();
    m_findEdit->setFocus(Qt::ShortcutFocusReason);
    m_findEdit->selectAll();
    search();
    showCount();
}

void FindBar::dismiss()
{
    hide();
    m_editor->setSearchMatches({});
    m_editor->setFocus(Qt::OtherFocusReason);
}

QString FindBar::statusText() const
{
    return m_status->text();
}

TextSearch::Options FindBar::options() const
{
    TextSearch::Options o;
    o.caseSensitive = m_caseCheck->isChecked();
    o.wholeWord = m_wordCheck->isChecked();
    return o;
}

void FindBar::search()
{
    m_matches = TextSearch::findAll(m_editor->toPlainText(), m_findEdit->text(), options());
    m_editor->setSearchMatches(isHidden() ? QList<TextSearch::Match>() : m_matches);
}

void FindBar::searchFromAnchor()
{
    search();
    if (m_findEdit->text().isEmpty() || m_matches.isEmpty()) {
        QTextCursor c = m_editor->textCursor();
        c.setPosition(int(m_anchor));
        m_editor->setTextCursor(c);
        setStatus(m_findEdit->text().isEmpty() ? QString() : tr("No matches"));
        return;
    }
    bool wrapped = false;
    const int index = TextSearch::nextIndex(m_matches, m_anchor, &wrapped);
    select(index, wrapped ? tr("wrapped to the top") : QString());
}

void FindBar::findNext()
{
    find(true);
}

void FindBar::findPrevious()
{
    find(false);
}

void FindBar::find(bool forward)
{
    if (m_findEdit->text().isEmpty()) {
        open(false);  // nothing searched yet: ask what to find
        return;
    }
    search();
    if (m_matches.isEmpty()) {
        setStatus(tr("No matches for “%1”").arg(m_findEdit->text()));
        return;
    }
    const QTextCursor c = m_editor->textCursor();
    bool wrapped = false;
    const int index = forward ? TextSearch::nextIndex(m_matches, c.selectionEnd(), &wrapped)
                              : TextSearch::previousIndex(m_matches, c.selectionStart(), &wrapped);
    select(index, !wrapped ? QString() : forward ? tr("wrapped to the top") : tr("wrapped to the bottom"));
}

void FindBar::select(int index, const QString &wrapNote)
{
    const TextSearch::Match &m = m_matches.at(index);
    QTextCursor c = m_editor->textCursor();
    c.setPosition(int(m.start));
    c.setPosition(int(m.end()), QTextCursor::KeepAnchor);
    // A match off screen is centered, not left on the bottom line where the eye isn't.
    const bool offScreen = !m_editor->viewport()->rect().contains(m_editor->cursorRect(c));
    m_editor->setTextCursor(c);
    if (offScreen)
        m_editor->centerCursor();
    m_anchor = m.start;
    showCount(wrapNote);
}

void FindBar::showCount(const QString &note)
{
    if (m_findEdit->text().isEmpty()) {
        setStatus({});
        return;
    }
    if (m_matches.isEmpty()) {
        setStatus(tr("No matches"));
        return;
    }
    const QTextCursor c = m_editor->textCursor();
    const int current = TextSearch::indexOf(m_matches, c.selectionStart(), c.selectionEnd());
    // Spelled out per count: without a loaded translation "%n match(es)" would show literally.
    QString text = current >= 0            ? tr("%1 of %2").arg(current + 1).arg(m_matches.size())
                   : m_matches.size() == 1 ? tr("1 match")
                                           : tr("%1 matches").arg(m_matches.size());
    if (!note.isEmpty())
        text += QStringLiteral(" · ") + note;
    setStatus(text);
}

void FindBar::setStatus(const QString &text)
{
    m_status->setText(text);
    Q_EMIT statusChanged(text);
}

void FindBar::replace()
{
    search();
    QTextCursor c = m_editor->textCursor();
    if (TextSearch::indexOf(m_matches, c.selectionStart(), c.selectionEnd()) >= 0) {
        m_replacing = true;
        c.insertText(m_replaceEdit->text());  // only the match changes: the rest stays byte for byte
        m_replacing = false;
        m_editor->setTextCursor(c);
    }
    find(true);
}

int FindBar::replaceAll()
{
    search();
    const int count = int(m_matches.size());
    if (count == 0) {
        setStatus(tr("No matches"));
        return 0;
    }
    const QString replacement = m_replaceEdit->text();
    QTextCursor c(m_editor->document());
    m_replacing = true;
    c.beginEditBlock();  // one undo step for the lot
    // Back to front, so the positions still ahead stay valid.
    for (auto it = m_matches.crbegin(); it != m_matches.crend(); ++it) {
        c.setPosition(int(it->start));
        c.setPosition(int(it->end()), QTextCursor::KeepAnchor);
        c.insertText(replacement);
    }
    c.endEditBlock();
    m_replacing = false;
    m_editor->setTextCursor(c);
    search();
    setStatus(count == 1 ? tr("Replaced 1 occurrence") : tr("Replaced %1 occurrences").arg(count));
    return count;
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (watched == m_replaceEdit)
                replace();
            else if (key->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
        dismiss();
        return;
    }
    QWidget::keyPressEvent(event);
}
