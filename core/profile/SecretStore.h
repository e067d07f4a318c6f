#pragma once

#include "SecretError.h"

#include <QObject>
#include <QString>

#include <functional>

// Where secrets (passwords, passphrases) live; never QSettings or plain files.
// Every call is asynchronous: the callback runs later from the event loop (never inside the
// call itself) and only while `context` is alive, so callers need not track lifetimes.
// Operations on one store complete in the order they were issued, so a write followed by a
// remove of the same key cannot leave the secret behind.
class SecretStore
{
public:
    using ReadCallback = std::function<void(const QString &secret, const SecretError &error)>;
    using DoneCallback = std::function<void(const SecretError &error)>;
    // `reason` says in plain words why secrets cannot be kept when `available` is false.
    using AvailabilityCallback = std::function<void(bool available, const QString &reason)>;

    virtual ~SecretStore() = default;

    virtual void read(const QString &key, QObject *context, ReadCallback callback) = 0;
    virtual void write(const QString &key, const QString &secret, QObject *context,
                       DoneCallback callback) = 0;
    // Removing a key that does not exist succeeds.
    virtual void remove(const QString &key, QObject *context, DoneCallback callback) = 0;
    // Probes whether secrets can be stored right now (e.g. a secrets service answers).
    virtual void isAvailable(QObject *context, AvailabilityCallback callback) = 0;
    // False when secrets vanish at exit (the in-memory store): the UI warns about that too.
    virtual bool isPersistent() const = 0;

protected:
    SecretStore() = default;
    SecretStore(const SecretStore &) = delete;
    SecretStore &operator=(const SecretStore &) = delete;
};
