#include "ProgressText.h"

#include <QRegularExpression>

namespace ProgressText {

int percent(const QString &text)
{
    static const QRegularExpression bracketed(QStringLiteral("\\((\\d+(?:\\.\\d+)?)\\s*%\\)"));
    static const QRegularExpression plain(QStringLiteral("(\\d+(?:\\.\\d+)?)\\s*%"));
    static const QRegularExpression ofTotal(QStringLiteral("(\\d+) of (\\d+)"));
    for (const QRegularExpression *re : {&bracketed, &plain}) {
        const QRegularExpressionMatch m = re->match(text);
        if (m.hasMatch())
            return qBound(0, int(m.captured(1).toDouble()), 100);
    }
    const QRegularExpressionMatch m = ofTotal.match(text);
    if (m.hasMatch() && m.captured(2).toLongLong() > 0)
        return qBound(0, int(m.captured(1).toLongLong() * 100 / m.captured(2).toLongLong()), 100);
    return -1;
}

} // namespace ProgressText
