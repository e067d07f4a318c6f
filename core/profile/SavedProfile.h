#pragma once

#include "SecretKind.h"
#include "net/ConnectionProfile.h"

#include <QList>
#include <QString>

// A profile as it rests in settings or an export: everything but the secret values, plus
// which secrets it uses (their values live in a SecretStore, or are asked for on connect).
struct SavedProfile
{
    QString id;                 // QUuid without braces; empty before it is saved
    ConnectionProfile profile;  // secret fields are always blank here
    QList<SecretKind> secrets;  // secrets this profile uses

    bool uses(SecretKind kind) const { return secrets.contains(kind); }
};
