#include "ConsoleInput.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStringListModel>

ConsoleInput::ConsoleInput(QWidget *parent)
    : QLineEdit(parent)
    , m_completer(new QCompleter(this))
{
    m_completer->setWidget(this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setModelSorting(QCompleter::CaseInsensitivelySortedModel);
    m_completer->setMaxVisibleItems(8);
    m_completer->popup()->setObjectName(QStringLiteral("consoleCompletionPopup"));
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &ConsoleInput::insertCompletion);
    connect(this, &QLineEdit::textEdited, this, &ConsoleInput::updateCompletion);
}

void ConsoleInput::setCommandNames(const QStringList &names)
{
    m_completer->setModel(new QStringListModel(names, m_completer));
}

// The word being typed is a command name as long as no blank follows it.
void ConsoleInput::updateCompletion()
{
    const QString word = text().trimmed();
    if (word.isEmpty() || text().contains(QLatin1Char(' ')) || cursorPosition() != text().size()) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->setCompletionPrefix(word);
    const bool exact = m_completer->completionCount() == 1
        && m_completer->currentCompletion().compare(word, Qt::CaseInsensitive) == 0;
    if (m_completer->completionCount() == 0 || exact) {
        m_completer->popup()->hide();
        return;
    }
    QRect rect = cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0)
                  + m_completer->popup()->verticalScrollBar()->sizeHint().width() + 8);
    m_completer->complete(rect);
}

void ConsoleInput::completeNow()
{
    const QString word = text().trimmed();
    if (word.isEmpty() || text().contains(QLatin1Char(' ')))
        return;
    m_completer->setCompletionPrefix(word);
    if (m_completer->completionCount() == 1) {
        insertCompletion(m_completer->currentCompletion());
        return;
    }
    // Several: extend to what they share, then let the user pick.
    QString common;
    for (int i = 0; m_completer->setCurrentRow(i); ++i) {
        const QString candidate = m_completer->currentCompletion();
        if (i == 0) {
            common = candidate;
            continue;
        }
        int n = 0;
        while (n < common.size() && n < candidate.size()
               && common.at(n).toUpper() == candidate.at(n).toUpper())
            ++n;
        common.truncate(n);
    }
    if (common.size() > word.size())
        setText(common);
    updateCompletion();
}

void ConsoleInput::insertCompletion(const QString &name)
{
    setText(name + QLatin1Char(' '));
    m_completer->popup()->hide();
}

bool ConsoleInput::event(QEvent *event)
{
    // Tab completes instead of moving the focus out of the console.
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier) {
            completeNow();
            return true;
        }
    }
    return QLineEdit::event(event);
}

void ConsoleInput::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Up:
        Q_EMIT historyPrevious();
        return;
    case Qt::Key_Down:
        Q_EMIT historyNext();
        return;
    case Qt::Key_Escape:
        Q_EMIT cancelRequested();
        return;
    default:
        QLineEdit::keyPressEvent(event);
    }
}
