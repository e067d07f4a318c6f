#pragma once

#include <QByteArray>
#include <QByteArrayList>
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
        QByteArray text;          // status, bulk string, error, or integer as text
        QByteArrayList elements;  // arrays (flat: nested arrays are left out)
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

    QString m_address;
    QString m_password;
    int m_timeoutMs;
    QString m_error;
    redisContext *m_context = nullptr;
};
