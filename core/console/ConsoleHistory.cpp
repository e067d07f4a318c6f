#include "ConsoleHistory.h"

#include "CommandLineSplitter.h"

#include <QList>
#include <QSet>

namespace {

// CONFIG SET / SENTINEL SET parameters whose value is a secret.
bool isSecretParameter(const QByteArray &name)
{
    static const QSet<QByteArray> secret = {
        "requirepass", "masterauth", "tls-key-file-pass", "tls-client-key-file-pass",
        "auth-pass", "sentinel-pass",
    };
    return secret.contains(name.toLower());
}

// Indexes of the tokens to hide.
QList<int> secretTokens(const QList<CommandLineSplitter::Token> &tokens, QList<int> *keepFirstChar)
{
    QList<int> hide;
    const int n = int(tokens.size());
    if (n == 0)
        return hide;
    auto up = [&](int i) { return i < n ? tokens.at(i).value.toUpper() : QByteArray(); };
    const QByteArray cmd = up(0);
    const QByteArray sub = up(1);

    if (cmd == "AUTH") {
        for (int i = 1; i < n; ++i)
            hide << i;
    } else if (cmd == "HELLO") {
        for (int i = 1; i < n; ++i) {
            if (up(i) == "AUTH") {
                hide << i + 1 << i + 2;  // username and password
                i += 2;
            }
        }
    } else if (cmd == "MIGRATE") {
        for (int i = 1; i < n; ++i) {
            if (up(i) == "AUTH") {
                hide << i + 1;
                i += 1;
            } else if (up(i) == "AUTH2") {
                hide << i + 1 << i + 2;
                i += 2;
            }
        }
    } else if (cmd == "CONFIG" && sub == "SET") {
        for (int i = 2; i + 1 < n; i += 2) {
            if (isSecretParameter(tokens.at(i).value))
                hide << i + 1;
        }
    } else if (cmd == "SENTINEL" && (sub == "SET" || sub == "CONFIG")) {
        // SENTINEL SET <name> auth-pass <pw>; SENTINEL CONFIG SET sentinel-pass <pw>
        for (int i = 2; i + 1 < n; ++i) {
            if (isSecretParameter(tokens.at(i).value))
                hide << i + 1;
        }
    } else if (cmd == "ACL" && sub == "SETUSER") {
        // Rules after the user name: >password, <password, #sha256, !sha256 carry secrets.
        for (int i = 3; i < n; ++i) {
            const QByteArray &rule = tokens.at(i).value;
            if (!rule.isEmpty() && (rule[0] == '>' || rule[0] == '<' || rule[0] == '#' || rule[0] == '!')) {
                hide << i;
                *keepFirstChar << i;
            }
        }
    }
    hide.removeIf([n](int i) { return i >= n; });
    return hide;
}

} // namespace

ConsoleHistory::ConsoleHistory(int capacity)
    : m_capacity(std::max(capacity, 1))
{
}

QString ConsoleHistory::redactedMarker()
{
    return QStringLiteral("<redacted>");
}

QString ConsoleHistory::redact(const QString &line)
{
    const QList<CommandLineSplitter::Token> tokens = CommandLineSplitter::tokenize(line);
    QList<int> keepFirstChar;
    const QList<int> hide = secretTokens(tokens, &keepFirstChar);
    if (hide.isEmpty())
        return line;
    QStringList parts;
    for (int i = 0; i < tokens.size(); ++i) {
        const CommandLineSplitter::Token &t = tokens.at(i);
        if (!hide.contains(i))
            parts << line.mid(t.start, t.end - t.start);
        else if (keepFirstChar.contains(i))
            parts << QString(QChar::fromLatin1(t.value.at(0)) + redactedMarker());
        else
            parts << redactedMarker();
    }
    return parts.join(QLatin1Char(' '));
}

void ConsoleHistory::add(const QString &line)
{
    m_draft.clear();
    const QString stored = redact(line.trimmed());
    if (!stored.isEmpty() && (m_entries.isEmpty() || m_entries.constLast() != stored)) {
        m_entries.append(stored);
        while (m_entries.size() > m_capacity)
            m_entries.removeFirst();
    }
    m_cursor = m_entries.size();
}

void ConsoleHistory::clear()
{
    m_entries.clear();
    m_draft.clear();
    m_cursor = 0;
}

QString ConsoleHistory::previous(const QString &draft)
{
    if (m_entries.isEmpty())
        return draft;
    if (!isBrowsing())
        m_draft = draft;
    if (m_cursor > 0)
        --m_cursor;
    return m_entries.at(m_cursor);
}

QString ConsoleHistory::next(const QString &current)
{
    if (!isBrowsing())
        return current;
    ++m_cursor;
    return isBrowsing() ? m_entries.at(m_cursor) : m_draft;
}
