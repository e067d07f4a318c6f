#pragma once

#include <QByteArray>
#include <QString>

// The bytes of a redis.conf as loaded versus the text an editor shows. QPlainTextEdit keeps
// only "\n" line breaks, so the file's line ending and final-newline state are recorded here
// and restored on save; text that was never changed saves as the original bytes, exactly.
class ConfigFileText
{
public:
    ConfigFileText() = default;
    static ConfigFileText fromBytes(const QByteArray &bytes);

    // The text for the editor: UTF-8 decoded, CRLF folded to "\n".
    QString text() const { return m_text; }
    const QByteArray &original() const { return m_original; }
    QByteArray lineEnding() const { return m_ending; }
    bool hasFinalNewline() const { return m_finalNewline; }

    // `edited` back to bytes in the file's own style. `unchanged` short-circuits to the
    // original bytes, which also keeps mixed endings and invalid UTF-8 of untouched files.
    QByteArray encode(const QString &edited, bool unchanged) const;

private:
    QByteArray m_original;
    QString m_text;
    QByteArray m_ending = QByteArrayLiteral("\n");
    bool m_finalNewline = true;
};
