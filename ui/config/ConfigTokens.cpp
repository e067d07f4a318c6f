#include "ConfigTokens.h"

namespace ConfigTokens {

namespace {

int tokenEnd(const QString &line, int i)
{
    const int n = int(line.size());
    const QChar quote = line.at(i);
    if (quote == QLatin1Char('"') || quote == QLatin1Char('\'')) {
        for (int j = i + 1; j < n; ++j) {
            if (line.at(j) == QLatin1Char('\\') && j + 1 < n) {
                ++j;
                continue;
            }
            if (line.at(j) == quote)
                return j + 1;
        }
        return n;  // unbalanced: the rest of the line belongs to it
    }
    int j = i;
    while (j < n && !line.at(j).isSpace())
        ++j;
    return j;
}

} // namespace

QList<Token> split(const QString &line)
{
    QList<Token> out;
    const int n = int(line.size());
    int i = 0;
    while (i < n) {
        while (i < n && line.at(i).isSpace())
            ++i;
        if (i >= n)
            break;
        if (out.isEmpty() && line.at(i) == QLatin1Char('#')) {
            out.append({i, n - i});
            break;
        }
        const int end = tokenEnd(line, i);
        out.append({i, end - i});
        i = end;
    }
    return out;
}

Token tokenAt(const QString &line, int start)
{
    if (start < 0 || start >= line.size())
        return {0, int(line.size())};
    return {start, tokenEnd(line, start) - start};
}

int byteColumnToOffset(const QString &line, int byteColumn)
{
    if (byteColumn <= 1)
        return 0;
    return int(QString::fromUtf8(line.toUtf8().left(byteColumn - 1)).size());
}

} // namespace ConfigTokens
