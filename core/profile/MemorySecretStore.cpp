#include "MemorySecretStore.h"

MemorySecretStore::MemorySecretStore(QObject *parent)
    : QObject(parent)
{
}

void MemorySecretStore::post(QObject *context, std::function<void()> call)
{
    // A queued call on the context is dropped if the context dies first, which is exactly the
    // "only while context is alive" promise of SecretStore.
    QMetaObject::invokeMethod(context ? context : this, std::move(call), Qt::QueuedConnection);
}

SecretError MemorySecretStore::unavailableError() const
{
    return {SecretError::Unavailable, m_unavailableReason};
}

void MemorySecretStore::read(const QString &key, QObject *context, ReadCallback callback)
{
    SecretError error;
    QString secret;
    if (!m_unavailableReason.isEmpty())
        error = unavailableError();
    else if (!m_secrets.contains(key))
        error = {SecretError::NotFound, tr("No secret stored under %1.").arg(key)};
    else
        secret = m_secrets.value(key);
    if (callback)
        post(context, [callback, secret, error] { callback(secret, error); });
}

void MemorySecretStore::write(const QString &key, const QString &secret, QObject *context,
                              DoneCallback callback)
{
    SecretError error;
    if (!m_unavailableReason.isEmpty())
        error = unavailableError();
    else
        m_secrets.insert(key, secret);
    if (callback)
        post(context, [callback, error] { callback(error); });
}

void MemorySecretStore::remove(const QString &key, QObject *context, DoneCallback callback)
{
    SecretError error;
    if (!m_unavailableReason.isEmpty())
        error = unavailableError();
    else
        m_secrets.remove(key);
    if (callback)
        post(context, [callback, error] { callback(error); });
}

void MemorySecretStore::isAvailable(QObject *context, AvailabilityCallback callback)
{
    const QString reason = m_unavailableReason;
    if (callback)
        post(context, [callback, reason] { callback(reason.isEmpty(), reason); });
}

void MemorySecretStore::setUnavailable(const QString &reason)
{
    m_unavailableReason = reason.isEmpty() ? tr("The secret store is unavailable.") : reason;
}

void MemorySecretStore::setAvailable()
{
    m_unavailableReason.clear();
}
