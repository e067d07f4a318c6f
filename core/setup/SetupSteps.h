#pragma once

#include "ops/Plan.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// The steps of "setup" (SetupPlanner). Every change keeps what it replaced in its closure
// (secrets included, memory only) so that its compensation puts the node back as it was.
// Commands shown and audited have secrets masked as <hidden>.
namespace SetupSteps {

struct ConfigChange
{
    QByteArray name;
    QByteArray value;
    bool secret = false;
};

inline const char kHidden[] = "<hidden>";

// "CONFIG SET name value" as shown (value masked when secret).
QString shown(const ConfigChange &change);

// CONFIG GET of each name first (the values to restore), then CONFIG SET of each change in
// order. Setting requirepass makes later connections of the operation AUTH with the new
// password. Compensation: CONFIG SET of the previous values, in reverse.
PlanStep configSet(const QString &id, const QString &title, const QString &node,
                   const QList<ConfigChange> &changes);

// ACL SETUSER `user` reset on ><password> -@all +psync +replconf +ping (only what a replica
// needs). Compensation: the user's previous ACL rule (ACL LIST) back, or ACL DELUSER.
PlanStep aclUser(const QString &node, const QString &user, const QString &password);
QStringList aclRule(const QString &user, const QString &maskedOrPassword);

// REPLICAOF master on `replica`. Compensation: REPLICAOF of what it followed before (or NO ONE).
PlanStep replicaOf(const QString &replica, const QString &master);

} // namespace SetupSteps
