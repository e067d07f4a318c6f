#include "ConfigHighlighter.h"

#include "ConfigTokens.h"
#include "config/ConfigSchema.h"

#include <QPalette>
#include <QRegularExpression>

ConfigHighlighter::ConfigHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void ConfigHighlighter::setPalette(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    // Hand-picked pairs: each keeps at least ~4.5:1 contrast on its background.
    m_comment.setForeground(dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x6a, 0x73, 0x7d));
    m_comment.setFontItalic(true);
    m_name.setForeground(dark ? QColor(0x79, 0xc0, 0xff) : QColor(0x05, 0x50, 0xae));
    m_name.setFontWeight(QFont::DemiBold);
    m_unknownName = m_name;
    m_unknownName.setForeground(palette.color(QPalette::Text));
    m_unknownName.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    m_unknownName.setUnderlineColor(dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e));
    m_string.setForeground(dark ? QColor(0xa5, 0xd6, 0xa7) : QColor(0x11, 0x63, 0x29));
    m_number.setForeground(dark ? QColor(0xff, 0xa6, 0x57) : QColor(0x95, 0x38, 0x00));
    m_bool.setForeground(dark ? QColor(0xd2, 0xa8, 0xff) : QColor(0x82, 0x50, 0xdf));
    rehighlight();
}

bool ConfigHighlighter::isKnownDirective(const QString &name)
{
    const QByteArray lower = name.toUtf8().toLower();
    if (ConfigSchema::instance().find(lower) || ConfigSchema::handParsedNames().contains(lower)
        || ConfigSchema::ignoredNames().contains(lower))
        return true;
    // Module configs ("module.option") are checked by the module, not by redis-server.
    return lower.contains('.');
}

void ConfigHighlighter::highlightBlock(const QString &text)
{
    const QList<ConfigTokens::Token> tokens = ConfigTokens::split(text);
    if (tokens.isEmpty())
        return;
    if (text.at(tokens.first().start) == QLatin1Char('#')) {
        setFormat(tokens.first().start, text.size() - tokens.first().start, m_comment);
        return;
    }
    static const QRegularExpression number(
        QStringLiteral("^-?\\d+(\\.\\d+)?(k|kb|m|mb|g|gb|%)?$"),
        QRegularExpression::CaseInsensitiveOption);
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const ConfigTokens::Token &t = tokens.at(i);
        const QString word = text.mid(t.start, t.length);
        if (i == 0) {
            setFormat(t.start, t.length, isKnownDirective(word) ? m_name : m_unknownName);
        } else if (word.startsWith(QLatin1Char('"')) || word.startsWith(QLatin1Char('\''))) {
            setFormat(t.start, t.length, m_string);
        } else if (number.match(word).hasMatch()) {
            setFormat(t.start, t.length, m_number);
        } else if (word.compare(QLatin1String("yes"), Qt::CaseInsensitive) == 0
                   || word.compare(QLatin1String("no"), Qt::CaseInsensitive) == 0) {
            setFormat(t.start, t.length, m_bool);
        }
    }
}
