#pragma once

#include "net/RespValue.h"

#include <QString>

// Turns a reply into console text, like redis-cli in its two output modes.
// Formatted is redis-cli on a terminal (quoted strings, "(integer) 1", "1) ..." arrays), except
// that a text reply spanning several lines (INFO, CLIENT LIST, MEMORY DOCTOR...) is shown as its
// lines. Raw is redis-cli --raw: payloads as they are, one array element per line.
class ReplyFormatter
{
public:
    enum class Mode { Formatted, Raw };

    // Without a trailing newline: the caller places the text in a view.
    static QString format(const RespValue &value, Mode mode);

    // True for a string that holds readable lines: it has a line break and, CRLF aside,
    // nothing but printable text and tabs. Binary payloads stay quoted, so they stay exact.
    static bool isMultilineText(const QByteArray &bytes);
};
