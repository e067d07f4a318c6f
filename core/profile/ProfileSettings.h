#pragma once

#include "SavedProfile.h"

#include <QStringList>

class QSettings;

// How a SavedProfile is laid out in QSettings, group "profiles/<id>". Only non-secret
// fields and has* flags are ever written: there is no code path from a secret to a key.
class ProfileSettings
{
public:
    static QStringList ids(QSettings &settings);
    static SavedProfile read(QSettings &settings, const QString &id);
    // Replaces the whole group, so fields cleared in the profile do not linger.
    static void write(QSettings &settings, const SavedProfile &saved, int order);
    static int order(QSettings &settings, const QString &id);
    static void remove(QSettings &settings, const QString &id);
    static QString group(const QString &id);
};
