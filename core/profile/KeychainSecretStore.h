#pragma once

#include "SecretStore.h"

#include <QObject>

// Secrets in the OS keychain through QtKeychain (the Secret Service via libsecret on Linux:
// gnome-keyring, KWallet's bridge, KeePassXC). Entries are filed under service "Tandem".
// QtKeychain runs its jobs one after another, which gives SecretStore its ordering promise.
// Callbacks are dropped if this store is destroyed before a job finishes.
class KeychainSecretStore : public QObject, public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(QObject *parent = nullptr);
    KeychainSecretStore(const QString &service, QObject *parent);

    QString service() const { return m_service; }
    // The availability probe gives up after this long (a wedged service must not leave the
    // UI waiting forever). Ordinary reads/writes have no limit: the user may be typing the
    // keyring password into an unlock prompt.
    void setProbeTimeout(int ms) { m_probeTimeoutMs = ms; }

    void read(const QString &key, QObject *context, ReadCallback callback) override;
    void write(const QString &key, const QString &secret, QObject *context,
               DoneCallback callback) override;
    void remove(const QString &key, QObject *context, DoneCallback callback) override;
    void isAvailable(QObject *context, AvailabilityCallback callback) override;
    bool isPersistent() const override { return true; }

private:
    QString m_service;
    int m_probeTimeoutMs = 5000;
};
