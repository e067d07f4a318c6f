#pragma once

#include "ops/Plan.h"

#include "net/ConnectionProfile.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The plans that apply the doctor's fixes (operation "doctor-fix"), built from what a finding
// measured; pure, no I/O until the Executor runs them. Secrets are masked in titles and
// commands and live only in the closures.
namespace DoctorFixes {

inline const char kOperation[] = "doctor-fix";

// CONFIG SET directive value (then CONFIG REWRITE when the node has a config file), verified
// by CONFIG GET.
Plan configSet(const QString &node, const QByteArray &directive, const QByteArray &value, bool hasConfigFile);
// masterauth (and masteruser when `user` is set) on `replica`, then CONFIG REWRITE when it
// has a config file, then wait until its link to `master` is up.
Plan masterAuth(const QString &replica, const QString &master, const QString &user, const QString &password,
                bool hasConfigFile);
// `sysctl -w key=value` on the SSH host (through sudo -n unless the SSH user is root) and the
// same line in /etc/sysctl.d/60-tandem-<key>.conf so a reboot keeps it; then reads it back.
Plan sysctl(const QString &node, const SshOptions &ssh, const QString &key, const QString &value);

// The shell command sysctl() runs (shown in the plan as is).
QString sysctlCommand(const QString &key, const QString &value);

// One plan holding the steps of `plans` in order (several fixes reviewed and run at once).
Plan merge(const QList<Plan> &plans);

} // namespace DoctorFixes
