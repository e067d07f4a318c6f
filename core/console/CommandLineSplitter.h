#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QCoreApplication>
#include <QList>
#include <QString>

// Splits a console line into arguments exactly like redis-cli (sdssplitargs): blanks separate
// arguments; "double quotes" understand \n \r \t \b \a \" \\ and \xHH; 'single quotes' only \';
// a closing quote must be followed by a blank or the end of the line. Non-ASCII text becomes
// UTF-8, \xHH any byte.
class CommandLineSplitter
{
    Q_DECLARE_TR_FUNCTIONS(CommandLineSplitter)

public:
    struct Token
    {
        qsizetype start = 0;  // position in the line, for rewriting it (history redaction)
        qsizetype end = 0;    // one past the last character
        QByteArray value;     // unquoted, unescaped
    };

    // False with a readable reason (unbalanced quotes...) when redis-cli would refuse it.
    static bool split(const QString &line, QByteArrayList *args, QString *error);
    // Never fails: a broken last token extends to the end of the line. `error` gets the
    // reason when the line would not split.
    static QList<Token> tokenize(const QString &line, QString *error = nullptr);
};
