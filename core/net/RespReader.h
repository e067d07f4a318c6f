#pragma once

#include "RespValue.h"

#include <QByteArray>
#include <QString>

struct redisReader;

// Incremental RESP2 parser over hiredis' redisReader. Feed bytes as they arrive, then take
// complete replies with next(). After a protocol error the reader stays dead (hiredis cannot
// resynchronise a byte stream): the connection must be dropped, and reset() used for a new one.
class RespReader
{
public:
    enum class Status { Reply, NeedMore, Error };

    RespReader();
    ~RespReader();
    RespReader(const RespReader &) = delete;
    RespReader &operator=(const RespReader &) = delete;

    void feed(const QByteArray &data);
    // Reply: *value holds the next complete reply. NeedMore: feed more bytes.
    // Error: errorString() says why; every later call returns Error until reset().
    Status next(RespValue *value);

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    // Drops buffered bytes and any error: for a fresh connection only.
    void reset();

private:
    redisReader *m_reader = nullptr;
    QString m_error;
};
