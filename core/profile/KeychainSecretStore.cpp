#include "KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

#include <QTimer>

#include <memory>

namespace {

SecretError toSecretError(const QKeychain::Job *job)
{
    const QString message = job->errorString();
    switch (job->error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return {SecretError::NotFound, message};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {SecretError::AccessDenied, message};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return {SecretError::Unavailable, message};
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    // libsecret reports "no session bus" and "no secrets service" as plain errors.
    return {SecretError::Failed, message};
}

// QtKeychain may report a failure synchronously inside start(); hopping through the event
// loop keeps the SecretStore promise that callbacks never run inside the call.
void deliver(QObject *context, std::function<void()> call)
{
    QMetaObject::invokeMethod(context, std::move(call), Qt::QueuedConnection);
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : KeychainSecretStore(QStringLiteral("Tandem"), parent)
{
}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

void KeychainSecretStore::read(const QString &key, QObject *context, ReadCallback callback)
{
    QObject *guard = context ? context : this;
    // Jobs are not parented to the store: deleting a job while libsecret still holds it would
    // crash; autoDelete frees it once it has finished.
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, guard, [guard, callback](QKeychain::Job *finished) {
        const SecretError error = toSecretError(finished);
        const QString secret = error.ok()
            ? static_cast<QKeychain::ReadPasswordJob *>(finished)->textData() : QString();
        if (callback)
            deliver(guard, [callback, secret, error] { callback(secret, error); });
    });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const QString &secret, QObject *context,
                                DoneCallback callback)
{
    QObject *guard = context ? context : this;
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, guard, [guard, callback](QKeychain::Job *finished) {
        const SecretError error = toSecretError(finished);
        if (callback)
            deliver(guard, [callback, error] { callback(error); });
    });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, QObject *context, DoneCallback callback)
{
    QObject *guard = context ? context : this;
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, guard, [guard, callback](QKeychain::Job *finished) {
        SecretError error = toSecretError(finished);
        if (error.code == SecretError::NotFound)
            error = {};  // already gone is what the caller wanted
        if (callback)
            deliver(guard, [callback, error] { callback(error); });
    });
    job->start();
}

void KeychainSecretStore::isAvailable(QObject *context, AvailabilityCallback callback)
{
    QObject *guard = context ? context : this;
    // Looking up a key that is never written touches the service without creating anything
    // and without an unlock prompt (nothing matches, so nothing needs unlocking). The price:
    // a service that answers but cannot write (no default keyring, nobody to unlock it) looks
    // available here; writes then fail with a reason, which callers show.
    auto answered = std::make_shared<bool>(false);
    read(QStringLiteral("probe/availability"), guard,
         [answered, callback](const QString &, const SecretError &error) {
             if (*answered)
                 return;
             *answered = true;
             if (!callback)
                 return;
             if (error.ok() || error.code == SecretError::NotFound) {
                 callback(true, QString());
                 return;
             }
             QString detail = error.message.isEmpty()
                 ? tr("no details from the keychain") : error.message;
             // libsecret's own words ("Cannot autolaunch D-Bus without X11 $DISPLAY") do not
             // name the usual cause on servers and in containers.
             if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
                 detail = tr("%1 (no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set)").arg(detail);
             callback(false, tr("The system keychain (Secret Service) cannot be used: %1")
                                 .arg(detail));
         });
    const int timeoutMs = m_probeTimeoutMs;
    QTimer::singleShot(timeoutMs, guard, [answered, callback, timeoutMs] {
        if (*answered)
            return;
        *answered = true;
        if (callback)
            callback(false, tr("The system keychain (Secret Service) did not answer within %1 s.")
                                .arg(timeoutMs / 1000.0));
    });
}
