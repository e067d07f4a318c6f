#pragma once

#include <QByteArray>
#include <QList>

class ConfigDocument;
class QPlainTextEdit;
class QString;

// How a form edit lands in the text: the document edit (aliases and save points handled the
// way redis-server reads them) and the text replacement as one undo step of the editor.
class ConfigFormWriter
{
public:
    // Sets `directive` (canonical name) to `args` in place of its effective line, keeping
    // the spelling found there (slaveof stays slaveof) and dropping lines it overrides; save
    // points become one line. Empty `args` with `remove` drops every spelling.
    static void set(ConfigDocument &doc, const QByteArray &directive, const QList<QByteArray> &args);
    static void remove(ConfigDocument &doc, const QByteArray &directive);

    // Replaces the editor's text by `text`, touching only the lines that differ, as one
    // undo step: the user's cursor and scroll position stay where they were.
    static void replaceText(QPlainTextEdit *editor, const QString &text);
};
