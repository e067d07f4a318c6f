#include "LogHighlighter.h"

#include "doctor/LogSignatureTable.h"

#include <QTextCharFormat>

void LogHighlighter::highlightBlock(const QString &text)
{
    if (currentBlock().blockNumber() == 0)
        m_matches = 0;
    const LogSignatureTable::Signature *s = LogSignatureTable::match(text);
    if (!s) {
        setCurrentBlockState(0);
        return;
    }
    ++m_matches;
    QTextCharFormat format;
    format.setForeground(s->severity == Finding::Severity::Critical ? QColor(0xd3, 0x2f, 0x2f) : QColor(0xc7, 0x7c, 0x02));
    format.setFontWeight(QFont::Bold);
    format.setToolTip(s->code + QStringLiteral(": ") + s->meaning);
    setFormat(0, int(text.size()), format);
    setCurrentBlockState(1);
}
