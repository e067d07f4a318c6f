#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QPalette;

// Colours redis.conf the way redis-server reads it: '#' comment lines, the directive name
// (unknown names get an error underline), quoted strings, numbers with memory units, yes/no.
// Colours follow the palette so both light and dark themes stay readable.
class ConfigHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit ConfigHighlighter(QTextDocument *document);

    // Picks the light or dark colour set from the palette's base colour and re-highlights.
    void setPalette(const QPalette &palette);

    // True when redis-server would recognise `name` as a directive (case-insensitive).
    static bool isKnownDirective(const QString &name);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_comment;
    QTextCharFormat m_name;
    QTextCharFormat m_unknownName;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_bool;
};
