#include "TextSearch.h"

#include <algorithm>

bool TextSearch::isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-');
}

QList<TextSearch::Match> TextSearch::findAll(QStringView text, QStringView needle, Options options)
{
    QList<Match> out;
    if (needle.isEmpty())
        return out;
    const Qt::CaseSensitivity cs = options.caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;
    qsizetype from = 0;
    while (from <= text.size() - needle.size()) {
        const qsizetype at = text.indexOf(needle, from, cs);
        if (at < 0)
            break;
        const qsizetype end = at + needle.size();
        const bool bounded = !options.wholeWord
                             || ((at == 0 || !isWordChar(text.at(at - 1)))
                                 && (end == text.size() || !isWordChar(text.at(end))));
        if (bounded) {
            out.append({at, needle.size()});
            from = end;
        } else {
            from = at + 1;  // "aa" in "aaa" as a whole word: try the next start
        }
    }
    return out;
}

int TextSearch::nextIndex(const QList<Match> &matches, qsizetype position, bool *wrapped)
{
    if (wrapped)
        *wrapped = false;
    if (matches.isEmpty())
        return -1;
    const auto it = std::lower_bound(matches.cbegin(), matches.cend(), position,
                                     [](const Match &m, qsizetype pos) { return m.start < pos; });
    if (it != matches.cend())
        return int(it - matches.cbegin());
    if (wrapped)
        *wrapped = true;
    return 0;
}

int TextSearch::previousIndex(const QList<Match> &matches, qsizetype position, bool *wrapped)
{
    if (wrapped)
        *wrapped = false;
    if (matches.isEmpty())
        return -1;
    // Matches don't overlap, so their ends are sorted too.
    const auto it = std::upper_bound(matches.cbegin(), matches.cend(), position,
                                     [](qsizetype pos, const Match &m) { return pos < m.end(); });
    if (it != matches.cbegin())
        return int(it - matches.cbegin()) - 1;
    if (wrapped)
        *wrapped = true;
    return int(matches.size()) - 1;
}

int TextSearch::indexOf(const QList<Match> &matches, qsizetype start, qsizetype end)
{
    const auto it = std::lower_bound(matches.cbegin(), matches.cend(), start,
                                     [](const Match &m, qsizetype pos) { return m.start < pos; });
    if (it != matches.cend() && it->start == start && it->end() == end)
        return int(it - matches.cbegin());
    return -1;
}
