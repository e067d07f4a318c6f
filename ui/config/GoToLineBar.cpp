#include "GoToLineBar.h"

#include "ConfigEditor.h"

#include <QHBoxLayout>
#include <QIntValidator>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>

GoToLineBar::GoToLineBar(ConfigEditor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_edit(new QLineEdit)
    , m_validator(new QIntValidator(this))
    , m_range(new QLabel)
{
    setObjectName(QStringLiteral("goToLineBar"));
    m_edit->setObjectName(QStringLiteral("goToLineEdit"));
    m_edit->setValidator(m_validator);
    m_edit->setMaximumWidth(fontMetrics().averageCharWidth() * 12);
    m_range->setObjectName(QStringLiteral("goToLineRange"));
    auto *label = new QLabel(tr("&Go to line:"));
    label->setBuddy(m_edit);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(label);
    layout->addWidget(m_edit);
    layout->addWidget(m_range);
    layout->addStretch(1);
    m_edit->installEventFilter(this);
    hide();
}

void GoToLineBar::open()
{
    const int lines = m_editor->blockCount();
    m_validator->setRange(1, lines);
    m_range->setText(tr("of %1").arg(lines));
    m_edit->setText(QString::number(m_editor->textCursor().blockNumber() + 1));
    show();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void GoToLineBar::dismiss()
{
    hide();
    m_editor->setFocus(Qt::OtherFocusReason);
}

bool GoToLineBar::accept()
{
    bool ok = false;
    const int line = m_edit->text().toInt(&ok);
    if (!ok || line < 1 || line > m_editor->blockCount())
        return false;
    hide();
    m_editor->goTo(line);  // centers the line and focuses the editor
    return true;
}

bool GoToLineBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            accept();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void GoToLineBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
        dismiss();
        return;
    }
    QWidget::keyPressEvent(event);
}
