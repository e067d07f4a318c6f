#include "RespReader.h"

#include <hiredis/hiredis.h>
#include <hiredis/read.h>

namespace {

// hiredis nests arrays at most 7 deep, so the recursion is bounded.
RespValue convert(const redisReply *reply)
{
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        return RespValue::string(QByteArray(reply->str, qsizetype(reply->len)));
    case REDIS_REPLY_STATUS:
        return RespValue::status(QByteArray(reply->str, qsizetype(reply->len)));
    case REDIS_REPLY_ERROR:
        return RespValue::error(QByteArray(reply->str, qsizetype(reply->len)));
    case REDIS_REPLY_INTEGER:
        return RespValue::integer(reply->integer);
    case REDIS_REPLY_ARRAY: {
        QList<RespValue> elements;
        elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            elements.append(convert(reply->element[i]));
        return RespValue::array(elements);
    }
    case REDIS_REPLY_NIL:
    default:
        return RespValue::nil();
    }
}

} // namespace

RespReader::RespReader()
    : m_reader(redisReaderCreate())
{
}

RespReader::~RespReader()
{
    if (m_reader)
        redisReaderFree(m_reader);
}

void RespReader::reset()
{
    if (m_reader)
        redisReaderFree(m_reader);
    m_reader = redisReaderCreate();
    m_error.clear();
}

void RespReader::feed(const QByteArray &data)
{
    if (hasError() || data.isEmpty())
        return;
    if (!m_reader) {
        m_error = QStringLiteral("out of memory");
        return;
    }
    if (redisReaderFeed(m_reader, data.constData(), size_t(data.size())) != REDIS_OK)
        m_error = QString::fromUtf8(m_reader->errstr);
}

RespReader::Status RespReader::next(RespValue *value)
{
    if (hasError() || !m_reader)
        return Status::Error;
    void *reply = nullptr;
    if (redisReaderGetReply(m_reader, &reply) != REDIS_OK) {
        m_error = QString::fromUtf8(m_reader->errstr);
        if (m_error.isEmpty())
            m_error = QStringLiteral("unreadable reply");
        return Status::Error;
    }
    if (!reply)
        return Status::NeedMore;
    *value = convert(static_cast<const redisReply *>(reply));
    freeReplyObject(reply);
    return Status::Reply;
}
