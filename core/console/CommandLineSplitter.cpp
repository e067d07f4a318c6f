#include "CommandLineSplitter.h"

namespace {

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\n' || c == u'\r' || c == u'\t' || c == u'\v' || c == u'\f';
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

// Text runs are collected as QString and converted once, so surrogate pairs stay whole.
struct ValueBuilder
{
    QByteArray bytes;
    QString pending;

    void appendChar(QChar c) { pending.append(c); }
    void appendByte(char b)
    {
        flush();
        bytes.append(b);
    }
    void flush()
    {
        if (!pending.isEmpty()) {
            bytes.append(pending.toUtf8());
            pending.clear();
        }
    }
};

} // namespace

QList<CommandLineSplitter::Token> CommandLineSplitter::tokenize(const QString &line, QString *error)
{
    QList<Token> tokens;
    QString firstError;
    const qsizetype n = line.size();
    qsizetype p = 0;
    auto at = [&](qsizetype i) { return i < n ? line.at(i) : QChar(); };
    auto fail = [&](const QString &message) {
        if (firstError.isEmpty())
            firstError = message;
    };

    while (true) {
        while (p < n && isBlank(line.at(p)))
            ++p;
        if (p >= n)
            break;
        Token token;
        token.start = p;
        ValueBuilder value;
        bool inDouble = false;
        bool inSingle = false;
        qsizetype quoteAt = -1;
        bool done = false;
        while (!done) {
            const QChar c = at(p);
            if (inDouble) {
                if (p >= n) {
                    fail(tr("Unbalanced quotes: the double quote at column %1 is never closed.")
                             .arg(quoteAt + 1));
                    done = true;
                    break;
                }
                if (c == u'\\' && at(p + 1) == u'x' && hexValue(at(p + 2)) >= 0 && hexValue(at(p + 3)) >= 0) {
                    value.appendByte(char(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3))));
                    p += 3;
                } else if (c == u'\\' && p + 1 < n) {
                    ++p;
                    switch (line.at(p).unicode()) {
                    case u'n': value.appendByte('\n'); break;
                    case u'r': value.appendByte('\r'); break;
                    case u't': value.appendByte('\t'); break;
                    case u'b': value.appendByte('\b'); break;
                    case u'a': value.appendByte('\a'); break;
                    default: value.appendChar(line.at(p)); break;
                    }
                } else if (c == u'"') {
                    if (p + 1 < n && !isBlank(line.at(p + 1))) {
                        fail(tr("The closing quote at column %1 must be followed by a space.").arg(p + 1));
                        // Keep going as if a blank followed, so the rest still tokenizes.
                    }
                    inDouble = false;
                    done = true;
                } else {
                    value.appendChar(c);
                }
            } else if (inSingle) {
                if (p >= n) {
                    fail(tr("Unbalanced quotes: the single quote at column %1 is never closed.")
                             .arg(quoteAt + 1));
                    done = true;
                    break;
                }
                if (c == u'\\' && at(p + 1) == u'\'') {
                    value.appendChar(u'\'');
                    ++p;
                } else if (c == u'\'') {
                    if (p + 1 < n && !isBlank(line.at(p + 1)))
                        fail(tr("The closing quote at column %1 must be followed by a space.").arg(p + 1));
                    inSingle = false;
                    done = true;
                } else {
                    value.appendChar(c);
                }
            } else {
                if (p >= n || isBlank(c)) {
                    done = true;
                    break;
                }
                if (c == u'"') {
                    inDouble = true;
                    quoteAt = p;
                } else if (c == u'\'') {
                    inSingle = true;
                    quoteAt = p;
                } else {
                    value.appendChar(c);
                }
            }
            if (p < n)
                ++p;
        }
        value.flush();
        token.end = std::min(p, n);
        token.value = value.bytes;
        tokens.append(token);
    }
    if (error)
        *error = firstError;
    return tokens;
}

bool CommandLineSplitter::split(const QString &line, QByteArrayList *args, QString *error)
{
    QString reason;
    const QList<Token> tokens = tokenize(line, &reason);
    if (error)
        *error = reason;
    if (!reason.isEmpty())
        return false;
    if (args) {
        args->clear();
        for (const Token &token : tokens)
            args->append(token.value);
    }
    return true;
}
