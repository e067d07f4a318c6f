#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>

struct redisContext;

// A blocking hiredis connection for benchmarks and tests that must not touch an event loop
// (or must not wait for one): admin commands sent while another thread writes at full speed.
class BlockingRedis
{
public:
    struct Reply
    {
        bool ok = false;          // a reply came and it is not an error
        bool error = false;       // -ERR ...; `text` holds the message
        bool nil = false;         // a nil reply (ok is true)
        QByteArray text;          // status, bulk string, error, or integer as text
        QByteArrayList elements;  // arrays (flat: nested arrays are left out of it...)
        QList<QByteArrayList> arrays;   // ...and come here, flat, in order (SCAN's keys)
    };

    explicit BlockingRedis(const QString &address, const QString &password = {}, int timeoutMs = 2000);
    ~BlockingRedis();
    BlockingRedis(const BlockingRedis &) = delete;
    BlockingRedis &operator=(const BlockingRedis &) = delete;

    bool isConnected() const;
    QString address() const { return m_address; }
    QString errorString() const { return m_error; }

    // Reconnects first when the connection was lost.
    Reply call(const QByteArrayList &args);
    // Pipelining: append() queues a command (nothing is sent yet); reply() sends whatever is
    // queued and reads the next reply, in order. Each append() needs exactly one reply().
    // No reconnect in between: a lost connection fails every reply still owed.
    bool append(const QByteArrayList &args);
    Reply reply();
    // Sends what is queued without reading replies (so the server works while we do).
    bool flush();
    // A field of an INFO reply's text ("" when missing).
    static QByteArray fieldOf(const QByteArray &info, const QByteArray &key);
    // A field of INFO <section> ("" when missing or unreachable).
    QByteArray infoField(const QByteArray &section, const QByteArray &key);

    // Until `master` is a master and every replica in `replicas` names it as its master with
    // the link up and has applied everything (slave_repl_offset == master_repl_offset).
    // `why` gets the last thing that was not yet true on timeout.
    static bool waitConverged(const QString &master, const QStringList &replicas, const QString &password,
                              int timeoutMs, QString *why = nullptr);

    // CONFIG GET * as name -> value (empty when unreachable).
    using ConfigMap = QMap<QByteArray, QByteArray>;
    static ConfigMap configAll(const QString &address, const QString &password = {});
    // "name: before -> after" lines for every setting of `before` that differs in `after`.
    static QString configChanges(const ConfigMap &before, const ConfigMap &after);

private:
    bool connectNow();
    Reply take(void *hiredisReply);

    QString m_address;
    QString m_password;
    int m_timeoutMs;
    QString m_error;
    redisContext *m_context = nullptr;
};
