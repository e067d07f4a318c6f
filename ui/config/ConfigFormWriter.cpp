#include "ConfigFormWriter.h"

#include "config/ConfigDocument.h"
#include "config/ConfigSchema.h"

#include <QPlainTextEdit>
#include <QTextCursor>

namespace {

bool spells(const ConfigLine &line, const QByteArray &directive)
{
    if (line.kind != ConfigLine::Kind::Directive)
        return false;
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(line.name);
    return (d ? QByteArray(d->name) : line.lowerName()) == directive;
}

// The document without the lines at `drop` (indexes), re-parsed.
ConfigDocument without(const ConfigDocument &doc, const QList<int> &drop)
{
    QByteArray bytes;
    for (int i = 0; i < doc.lines().size(); ++i) {
        if (!drop.contains(i))
            bytes += doc.lines().at(i).raw + doc.lines().at(i).ending;
    }
    return ConfigDocument::parse(bytes, doc.path());
}

} // namespace

void ConfigFormWriter::set(ConfigDocument &doc, const QByteArray &directive, const QList<QByteArray> &args)
{
    QList<int> found;
    for (int i = 0; i < doc.lines().size(); ++i) {
        if (spells(doc.lines().at(i), directive))
            found.append(i);
    }
    if (found.isEmpty()) {
        doc.set(directive, args);
        return;
    }
    // Every earlier line of any spelling goes (save points included: the form edits the
    // whole set), then the last line is rewritten in place under its own spelling.
    const QByteArray spelling = doc.lines().at(found.last()).name;
    doc = without(doc, found.mid(0, found.size() - 1));
    doc.set(spelling, args);
}

void ConfigFormWriter::remove(ConfigDocument &doc, const QByteArray &directive)
{
    QList<int> found;
    for (int i = 0; i < doc.lines().size(); ++i) {
        if (spells(doc.lines().at(i), directive))
            found.append(i);
    }
    if (!found.isEmpty())
        doc = without(doc, found);
}

void ConfigFormWriter::replaceText(QPlainTextEdit *editor, const QString &text)
{
    const QString old = editor->toPlainText();
    if (old == text)
        return;
    const qsizetype shorter = qMin(old.size(), text.size());
    qsizetype start = 0;
    while (start < shorter && old.at(start) == text.at(start))
        ++start;
    qsizetype tail = 0;
    while (tail < shorter - start && old.at(old.size() - 1 - tail) == text.at(text.size() - 1 - tail))
        ++tail;
    // Whole lines only: never splits a surrogate pair, and undo restores complete lines.
    start = start > 0 ? old.lastIndexOf(QLatin1Char('\n'), start - 1) + 1 : 0;
    qsizetype oldEnd = old.size() - tail;
    const qsizetype newline = old.indexOf(QLatin1Char('\n'), oldEnd);
    const qsizetype grow = (newline < 0 ? old.size() : newline) - oldEnd;
    oldEnd += grow;
    const qsizetype newEnd = text.size() - tail + grow;

    QTextCursor cursor(editor->document());
    cursor.beginEditBlock();
    cursor.setPosition(int(start));
    cursor.setPosition(int(oldEnd), QTextCursor::KeepAnchor);
    cursor.insertText(text.mid(start, newEnd - start));
    cursor.endEditBlock();
}
