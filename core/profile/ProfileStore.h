#pragma once

#include "SavedProfile.h"
#include "SecretsResult.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

class QSettings;
class SecretStore;

// The user's saved connection profiles. Non-secret fields live in QSettings (write-through,
// see ProfileSettings); secrets go to the SecretStore and never to settings. Profiles keep
// the order they were added in; views sort as they like.
// Settings changes happen at once (and the signals fire synchronously); secret writes are
// asynchronous and report through a callback that runs only while its context is alive.
class ProfileStore : public QObject
{
    Q_OBJECT
public:
    using SecretsCallback = std::function<void(const SecretsResult &result)>;
    using LoadCallback = std::function<void(const ConnectionProfile &profile,
                                            const SecretsResult &result)>;

    // Neither dependency is owned; both must outlive the store.
    ProfileStore(QSettings *settings, SecretStore *secrets, QObject *parent = nullptr);

    SecretStore *secretStore() const { return m_secrets; }

    int count() const { return int(m_profiles.size()); }
    int indexOf(const QString &id) const;
    bool contains(const QString &id) const { return indexOf(id) >= 0; }
    // Without secret values. An unknown id gives a SavedProfile with an empty id.
    SavedProfile at(int index) const;
    SavedProfile profile(const QString &id) const;
    QList<SavedProfile> profiles() const { return m_profiles; }

    // Saves a new profile; its non-empty secrets go to the secret store. Returns the new id.
    // When the store cannot keep a secret, the profile is saved without it and the callback
    // says which ones and why (the profile still remembers it needs them).
    QString add(const ConnectionProfile &profile, QObject *context, SecretsCallback callback);
    // Replaces the non-secret fields. Secrets listed in `changedSecrets` are written (or
    // forgotten when blank); the others stay as stored, whatever `profile` holds for them.
    // Returns false for an unknown id (no callback then).
    bool update(const QString &id, const ConnectionProfile &profile,
                const QList<SecretKind> &changedSecrets, QObject *context,
                SecretsCallback callback);
    // Copies a profile and its stored secrets under a new id; `name` empty = "<name> (copy)".
    QString duplicate(const QString &id, const QString &name, QObject *context,
                      SecretsCallback callback);
    // Adds profiles from an import. They carry no secret values; the flags they bring make
    // the UI ask for those secrets on connect. Returns the new ids.
    QStringList importProfiles(const QList<SavedProfile> &profiles);
    // Forgets a profile and deletes its secrets. `callback` (optional) reports secret
    // deletion failures. Returns false for an unknown id.
    bool remove(const QString &id, QObject *context = nullptr, SecretsCallback callback = {});

    // The profile with its secrets fetched from the store, for connecting. Secrets that are
    // not stored (or cannot be read) are listed in the result for the caller to ask about.
    void loadWithSecrets(const QString &id, QObject *context, LoadCallback callback);

Q_SIGNALS:
    void profileAboutToBeAdded(int index);
    void profileAdded(int index);
    void profileAboutToBeRemoved(int index);
    void profileRemoved(int index);
    void profileChanged(int index);

private:
    struct SecretWrite
    {
        SecretKind kind;
        QString value;  // empty = delete
    };

    QString insert(SavedProfile saved);
    void applySecrets(const QString &id, const QList<SecretWrite> &writes, QObject *context,
                      SecretsCallback callback);
    void finishLater(QObject *context, std::function<void()> call);

    QSettings *m_settings;
    SecretStore *m_secrets;
    QList<SavedProfile> m_profiles;
    int m_nextOrder = 0;
};
