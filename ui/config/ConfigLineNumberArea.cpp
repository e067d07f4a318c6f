#include "ConfigLineNumberArea.h"

#include "ConfigEditor.h"

ConfigLineNumberArea::ConfigLineNumberArea(ConfigEditor *editor)
    : QWidget(editor)
    , m_editor(editor)
{
    setObjectName(QStringLiteral("lineNumberArea"));
}

QSize ConfigLineNumberArea::sizeHint() const
{
    return {m_editor->lineNumberAreaWidth(), 0};
}

void ConfigLineNumberArea::paintEvent(QPaintEvent *event)
{
    m_editor->paintLineNumbers(this, event);
}
