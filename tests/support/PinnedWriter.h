#pragma once

#include <QList>
#include <QString>

#include <memory>

// A writer at full speed on its own thread that stays on ONE address, whatever happens there:
// RPUSH <key> <n> with n = 1, 2, 3...; refused writes (READONLY, NOREPLICAS, LOADING) and
// connection errors are counted and retried with the next n after a short pause. What a client
// that was never told about the failover does to the old master's address.
class PinnedWriter
{
public:
    explicit PinnedWriter(const QString &address, const QString &password = {},
                          const QByteArray &key = "tandem:pinned");
    ~PinnedWriter();   // stops the thread

    void start();
    void stop();       // joins the thread

    qint64 acknowledged() const;             // writes the address answered with an integer
    QList<qint64> acknowledgedValues() const;
    qint64 refused() const;                  // error replies
    QString lastError() const;               // the last error reply ("NOREPLICAS ...")
    bool waitForRefusals(qint64 count, int timeoutMs) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};
