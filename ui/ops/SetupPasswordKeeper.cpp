#include "SetupPasswordKeeper.h"

#include "profile/ProfileStore.h"
#include "profile/SecretStore.h"

#include <memory>

void SetupPasswordKeeper::keep(ProfileStore *store, const QList<ConnectionProfile> &nodes, QObject *context,
                               std::function<void(const QString &fate)> done)
{
    if (!store || !store->secretStore() || nodes.isEmpty()) {
        done(tr("The password is kept in memory for this session only: no keychain. Store it yourself."));
        return;
    }
    struct Tally
    {
        int pending = 0;
        QStringList saved;
        QStringList failed;
        QString why;
    };
    auto tally = std::make_shared<Tally>();
    tally->pending = int(nodes.size());
    const bool persistent = store->secretStore()->isPersistent();
    auto finish = [tally, done, persistent] {
        if (--tally->pending > 0)
            return;
        QString fate;
        if (!tally->saved.isEmpty())
            fate = persistent ? tr("The password is saved to the keychain with the saved connections of %1.")
                                    .arg(tally->saved.join(QStringLiteral(", ")))
                              : tr("The password is kept in memory with the connections of %1 (this keychain "
                                   "does not keep secrets after Tandem quits).")
                                    .arg(tally->saved.join(QStringLiteral(", ")));
        if (!tally->failed.isEmpty())
            fate += (fate.isEmpty() ? QString() : QStringLiteral(" "))
                + tr("Not saved for %1: %2").arg(tally->failed.join(QStringLiteral(", ")), tally->why);
        done(fate);
    };
    for (const ConnectionProfile &node : nodes) {
        QString id;
        for (const SavedProfile &saved : store->profiles()) {
            if (saved.profile.address() == node.address())
                id = saved.id;
        }
        const QString address = node.address();
        auto report = [tally, finish, address](const SecretsResult &r) {
            if (r.ok()) {
                tally->saved.append(address);
            } else {
                tally->failed.append(address);
                tally->why = r.error.isEmpty() ? tr("the keychain refused it") : r.error;
            }
            finish();
        };
        if (id.isEmpty()) {
            ConnectionProfile added = node;
            if (added.name.isEmpty())
                added.name = address;
            store->add(added, context, report);
        } else {
            ConnectionProfile updated = store->profile(id).profile;
            updated.password = node.password;
            if (!store->update(id, updated, {SecretKind::Password}, context, report))
                finish();
        }
    }
}
