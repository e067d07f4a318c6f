#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// One line of redis.conf as written, plus what redis-server makes of it.
struct ConfigLine
{
    enum class Kind { Blank, Comment, Directive, Invalid };

    Kind kind = Kind::Blank;
    QByteArray raw;            // the line exactly as in the file, without its line ending
    QByteArray ending;         // "\n", "\r\n" or "" (last line without a final newline)
    int number = 0;            // 1-based line number in its file
    QByteArray name;           // directive name as written (Directive only)
    QList<QByteArray> args;    // arguments after sdssplitargs-style unquoting
    int nameColumn = 0;        // 1-based column where the name starts
    QList<int> argColumns;     // 1-based column of each argument
    QString error;             // Invalid: why (e.g. "unbalanced quotes")

    QByteArray lowerName() const { return name.toLower(); }
};

// redis.conf exactly as redis-server reads it (config.c): lines trimmed, only lines starting
// with '#' are comments, arguments split like sdssplitargs (double quotes with escapes, single
// quotes with \' only, a closing quote must be followed by a space or the end of the line),
// names case-insensitive. Unchanged, toBytes() returns the input byte for byte; edits keep
// comments, order and formatting.
class ConfigDocument
{
public:
    ConfigDocument() = default;
    static ConfigDocument parse(const QByteArray &bytes, const QString &path = {});

    QString path() const { return m_path; }
    const QList<ConfigLine> &lines() const { return m_lines; }
    QByteArray toBytes() const;

    // Directive lines named `name` (case-insensitive), in file order.
    QList<const ConfigLine *> directives(const QByteArray &name) const;
    // The effective arguments of a single-value directive (the last occurrence wins), or
    // empty when absent.
    QList<QByteArray> effective(const QByteArray &name) const;

    // Edits. Values are quoted as needed. set() replaces the last occurrence in place (and
    // removes earlier ones of a single-value directive), or inserts after a commented default
    // ("# name ...") if present, else appends to a trailing section.
    void set(const QByteArray &name, const QList<QByteArray> &args);
    void remove(const QByteArray &name);
    void replaceLine(int index, const QByteArray &raw);  // re-parses that line

    static QByteArray quoteArg(const QByteArray &arg);  // as CONFIG REWRITE would

private:
    // "\r\n" when most lines end so, else "\n": inserted lines match the file's style.
    QByteArray dominantEnding() const;
    void insertLine(int index, const QByteArray &raw);  // parses raw, fixes up a missing final newline
    void renumber();

    QString m_path;
    QList<ConfigLine> m_lines;
};
