#include "ProfileStore.h"

#include "ProfileSettings.h"
#include "SecretStore.h"

#include <QPointer>
#include <QSettings>
#include <QUuid>

#include <algorithm>
#include <memory>

namespace {

// Counts the secret operations of one request and reports once, when the last finishes.
struct Batch
{
    int remaining = 0;
    SecretsResult result;
    ConnectionProfile profile;  // loads fill in secrets here
    std::function<void(const Batch &)> finish;

    void fail(SecretKind kind, const SecretError &error, bool countAsMissing)
    {
        if (countAsMissing && !result.missing.contains(kind))
            result.missing.append(kind);
        // "Not stored" is expected (session-only store, imported profile): no error text.
        if (error.code != SecretError::NotFound && result.error.isEmpty()) {
            const QString detail = error.message.isEmpty()
                ? ProfileStore::tr("no details from the keychain") : error.message;
            result.error = error.code == SecretError::Unavailable
                ? ProfileStore::tr("No keychain available: %1").arg(detail)
                : ProfileStore::tr("The keychain reported an error: %1").arg(detail);
        }
    }
    void oneDone()
    {
        if (--remaining == 0 && finish)
            finish(*this);
    }
};

// Runs the caller's callback unless the caller gave a context that has died since.
template<class Call>
std::function<void(const Batch &)> guarded(QObject *context, Call call)
{
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    return [guard, hasContext, call](const Batch &batch) {
        if (hasContext && !guard)
            return;
        call(batch);
    };
}

} // namespace

ProfileStore::ProfileStore(QSettings *settings, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
{
    Q_ASSERT(m_settings && m_secrets);
    QList<QPair<int, SavedProfile>> loaded;
    const QStringList ids = ProfileSettings::ids(*m_settings);
    for (const QString &id : ids) {
        const int order = ProfileSettings::order(*m_settings, id);
        loaded.append({order, ProfileSettings::read(*m_settings, id)});
        m_nextOrder = std::max(m_nextOrder, order + 1);
    }
    std::stable_sort(loaded.begin(), loaded.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &entry : std::as_const(loaded))
        m_profiles.append(entry.second);
}

int ProfileStore::indexOf(const QString &id) const
{
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).id == id)
            return i;
    }
    return -1;
}

SavedProfile ProfileStore::at(int index) const
{
    return index >= 0 && index < m_profiles.size() ? m_profiles.at(index) : SavedProfile();
}

SavedProfile ProfileStore::profile(const QString &id) const
{
    return at(indexOf(id));
}

QString ProfileStore::insert(SavedProfile saved)
{
    saved.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    SecretKinds::clear(&saved.profile);
    ProfileSettings::write(*m_settings, saved, m_nextOrder++);
    m_settings->sync();  // a crash right after "Save" should not lose the profile
    const int index = count();
    Q_EMIT profileAboutToBeAdded(index);
    m_profiles.append(saved);
    Q_EMIT profileAdded(index);
    return saved.id;
}

QString ProfileStore::add(const ConnectionProfile &profile, QObject *context,
                          SecretsCallback callback)
{
    SavedProfile saved;
    saved.profile = profile;
    saved.secrets = SecretKinds::present(profile);
    const QString id = insert(saved);
    QList<SecretWrite> writes;
    for (SecretKind kind : std::as_const(saved.secrets))
        writes.append({kind, SecretKinds::value(profile, kind)});
    applySecrets(id, writes, context, std::move(callback));
    return id;
}

bool ProfileStore::update(const QString &id, const ConnectionProfile &profile,
                          const QList<SecretKind> &changedSecrets, QObject *context,
                          SecretsCallback callback)
{
    const int index = indexOf(id);
    if (index < 0)
        return false;
    SavedProfile saved = m_profiles.at(index);
    saved.profile = profile;
    SecretKinds::clear(&saved.profile);
    QList<SecretWrite> writes;
    for (SecretKind kind : changedSecrets) {
        const QString value = SecretKinds::value(profile, kind);
        saved.secrets.removeAll(kind);
        if (!value.isEmpty())
            saved.secrets.append(kind);
        writes.append({kind, value});
    }
    ProfileSettings::write(*m_settings, saved, ProfileSettings::order(*m_settings, id));
    m_settings->sync();
    m_profiles[index] = saved;
    Q_EMIT profileChanged(index);
    applySecrets(id, writes, context, std::move(callback));
    return true;
}

QString ProfileStore::duplicate(const QString &id, const QString &name, QObject *context,
                                SecretsCallback callback)
{
    SavedProfile copy = profile(id);
    if (copy.id.isEmpty())
        return QString();
    const QString base = copy.profile.name.isEmpty() ? copy.profile.address() : copy.profile.name;
    copy.profile.name = name.isEmpty() ? tr("%1 (copy)").arg(base) : name;
    const QString newId = insert(copy);

    auto batch = std::make_shared<Batch>();
    batch->remaining = int(copy.secrets.size());
    batch->finish = guarded(context, [callback](const Batch &b) {
        if (callback)
            callback(b.result);
    });
    if (batch->remaining == 0) {
        finishLater(context, [batch] { batch->finish(*batch); });
        return newId;
    }
    for (SecretKind kind : std::as_const(copy.secrets)) {
        const QString target = SecretKinds::storeKey(newId, kind);
        m_secrets->read(SecretKinds::storeKey(id, kind), this,
                        [this, batch, kind, target](const QString &secret, const SecretError &error) {
                            if (!error.ok()) {
                                batch->fail(kind, error, true);
                                batch->oneDone();
                                return;
                            }
                            m_secrets->write(target, secret, this,
                                             [batch, kind](const SecretError &writeError) {
                                                 if (!writeError.ok())
                                                     batch->fail(kind, writeError, true);
                                                 batch->oneDone();
                                             });
                        });
    }
    return newId;
}

QStringList ProfileStore::importProfiles(const QList<SavedProfile> &profiles)
{
    QStringList ids;
    for (const SavedProfile &saved : profiles)
        ids.append(insert(saved));
    return ids;
}

bool ProfileStore::remove(const QString &id, QObject *context, SecretsCallback callback)
{
    const int index = indexOf(id);
    if (index < 0)
        return false;
    Q_EMIT profileAboutToBeRemoved(index);
    m_profiles.removeAt(index);
    ProfileSettings::remove(*m_settings, id);
    m_settings->sync();
    Q_EMIT profileRemoved(index);
    // Every kind, not only the flagged ones: an interrupted earlier save may have left one.
    QList<SecretWrite> deletes;
    for (SecretKind kind : SecretKinds::all())
        deletes.append({kind, QString()});
    applySecrets(id, deletes, context, std::move(callback));
    return true;
}

void ProfileStore::loadWithSecrets(const QString &id, QObject *context, LoadCallback callback)
{
    const SavedProfile saved = profile(id);
    auto batch = std::make_shared<Batch>();
    batch->profile = saved.profile;
    batch->remaining = int(saved.secrets.size());
    batch->finish = guarded(context, [callback](const Batch &b) {
        if (callback)
            callback(b.profile, b.result);
    });
    if (saved.id.isEmpty()) {
        batch->profile = ConnectionProfile();
        batch->result.error = tr("There is no saved profile with id %1.").arg(id);
    }
    if (saved.id.isEmpty() || batch->remaining == 0) {
        finishLater(context, [batch] { batch->finish(*batch); });
        return;
    }
    for (SecretKind kind : saved.secrets) {
        m_secrets->read(SecretKinds::storeKey(id, kind), this,
                        [batch, kind](const QString &secret, const SecretError &error) {
                            if (error.ok())
                                SecretKinds::setValue(&batch->profile, kind, secret);
                            else
                                batch->fail(kind, error, true);
                            batch->oneDone();
                        });
    }
}

void ProfileStore::applySecrets(const QString &id, const QList<SecretWrite> &writes,
                                QObject *context, SecretsCallback callback)
{
    auto batch = std::make_shared<Batch>();
    batch->remaining = int(writes.size());
    batch->finish = guarded(context, [callback](const Batch &b) {
        if (callback)
            callback(b.result);
    });
    if (writes.isEmpty()) {
        finishLater(context, [batch] { batch->finish(*batch); });
        return;
    }
    for (const SecretWrite &w : writes) {
        const QString key = SecretKinds::storeKey(id, w.kind);
        const SecretKind kind = w.kind;
        if (w.value.isEmpty()) {
            // A failed delete leaves a stray secret, not a missing one: report, don't flag.
            m_secrets->remove(key, this, [batch, kind](const SecretError &error) {
                if (!error.ok())
                    batch->fail(kind, error, false);
                batch->oneDone();
            });
        } else {
            m_secrets->write(key, w.value, this, [batch, kind](const SecretError &error) {
                if (!error.ok())
                    batch->fail(kind, error, true);
                batch->oneDone();
            });
        }
    }
}

void ProfileStore::finishLater(QObject *context, std::function<void()> call)
{
    // Callers get their answer from the event loop even when there was nothing to wait for,
    // so their code has one shape.
    QMetaObject::invokeMethod(context ? context : this, std::move(call), Qt::QueuedConnection);
}
