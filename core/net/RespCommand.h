#pragma once

#include <QByteArray>
#include <QByteArrayList>

// Encodes one command as a RESP array of bulk strings (hiredis' redisFormatCommandArgv with
// explicit lengths, so arguments are binary safe: NUL, CR and LF pass through untouched).
class RespCommand
{
public:
    // Returns an empty array for an empty argv.
    static QByteArray format(const QByteArrayList &args);
};
