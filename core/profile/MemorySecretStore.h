#pragma once

#include "SecretStore.h"

#include <QHash>
#include <QObject>
#include <QStringList>

// Secrets in process memory only: the stand-in when no keychain is reachable (they are gone
// at exit, so the UI keeps asking) and the store unit tests use. It can pretend to be
// unavailable so callers' fallbacks can be tested without breaking a real keychain.
class MemorySecretStore : public QObject, public SecretStore
{
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback callback) override;
    void write(const QString &key, const QString &secret, QObject *context,
               DoneCallback callback) override;
    void remove(const QString &key, QObject *context, DoneCallback callback) override;
    void isAvailable(QObject *context, AvailabilityCallback callback) override;
    bool isPersistent() const override { return m_persistent; }

    // Every later operation fails with SecretError::Unavailable and this reason.
    void setUnavailable(const QString &reason);
    void setAvailable();
    // Lets tests stand in for a real keychain (no "session only" warning in the UI).
    void setPersistent(bool persistent) { m_persistent = persistent; }

    // Synchronous peeks for tests; the rest of the program goes through the async API.
    bool contains(const QString &key) const { return m_secrets.contains(key); }
    QStringList keys() const { return m_secrets.keys(); }

private:
    // Delivers a result later from the event loop, like a real keychain would.
    void post(QObject *context, std::function<void()> call);
    SecretError unavailableError() const;

    QHash<QString, QString> m_secrets;
    QString m_unavailableReason;  // empty = available
    bool m_persistent = false;
};
