#pragma once

#include <QList>
#include <QString>

// Where the words of one redis.conf line sit in the editor's text (character offsets, not
// bytes): the highlighter, underlines, tooltips and completion all need spans, which
// ConfigDocument (byte columns, unquoted values) does not give.
namespace ConfigTokens {

struct Token
{
    int start = 0;
    int length = 0;
};

// Whitespace-separated words; a quoted word runs to its closing quote ("\" escapes inside
// double quotes). A line starting with '#' is one token.
QList<Token> split(const QString &line);

// The token starting at `start` (or the rest of the line when none does).
Token tokenAt(const QString &line, int start);

// A 1-based byte column of ConfigDocument as a 0-based character offset into `line`.
int byteColumnToOffset(const QString &line, int byteColumn);

} // namespace ConfigTokens
