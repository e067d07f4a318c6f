#pragma once

#include "net/ConnectionProfile.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class ProfileStore;

// After a verified set-up, the group password goes where Tandem keeps passwords: each node's
// saved connection (updated, or added when the node had none) with the password in the
// keychain — never in plain settings. `done` gets one sentence saying where it went.
class SetupPasswordKeeper
{
    Q_DECLARE_TR_FUNCTIONS(SetupPasswordKeeper)

public:
    // `nodes` carry the new password. `store` may be null (then: kept in memory only).
    static void keep(ProfileStore *store, const QList<ConnectionProfile> &nodes, QObject *context,
                     std::function<void(const QString &fate)> done);
};
