#pragma once

#include "SecretKind.h"

#include <QList>
#include <QString>

// What happened to a profile's secrets when it was saved or loaded.
// Saving: `missing` lists the secrets that could not be stored (the profile was saved
// without them). Loading: the secrets the profile uses that could not be read; the caller
// asks the user for them. `error` is readable text (unknown profile, keychain failure);
// it is empty when secrets are simply not stored.
struct SecretsResult
{
    QString error;
    QList<SecretKind> missing;

    bool ok() const { return error.isEmpty() && missing.isEmpty(); }
};
