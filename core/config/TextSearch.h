#pragma once

#include <QList>
#include <QString>

// Finding a plain string in a text, as the config editor's find bar does: every match with
// the options, and which match comes next or before a position, wrapping around the end.
// No widgets, so the rules are unit-tested without a window.
class TextSearch
{
public:
    struct Options
    {
        bool caseSensitive = false;
        // A match may not touch a word character on either side. '-' counts as one: in
        // redis.conf "maxmemory" is a different word from "maxmemory-policy".
        bool wholeWord = false;
    };
    struct Match
    {
        qsizetype start = 0;
        qsizetype length = 0;
        qsizetype end() const { return start + length; }
        friend bool operator==(const Match &a, const Match &b) { return a.start == b.start && a.length == b.length; }
    };

    // Non-overlapping matches of `needle`, in order; none for an empty needle.
    static QList<Match> findAll(QStringView text, QStringView needle, Options options);
    // The first match starting at or after `position`; past the last one it wraps to the
    // first and sets *wrapped. -1 when there are no matches.
    static int nextIndex(const QList<Match> &matches, qsizetype position, bool *wrapped = nullptr);
    // The last match ending at or before `position`; before the first it wraps to the last.
    static int previousIndex(const QList<Match> &matches, qsizetype position, bool *wrapped = nullptr);
    // The index of the match exactly at [start, end), else -1.
    static int indexOf(const QList<Match> &matches, qsizetype start, qsizetype end);
    static bool isWordChar(QChar c);
};
