#pragma once

#include "ops/Plan.h"

#include <QString>

// "detach": a replica becomes a standalone master (REPLICAOF NO ONE, then CONFIG REWRITE so a
// restart keeps it). Its data stays, frozen at the moment of the detach; clients that find it
// writable may write to it, and those writes are not on the former master. Pure.
namespace DetachPlanner {

struct Facts
{
    bool answered = false;
    QString error;
    QString role;            // "master" / "replica"
    QString masterAddress;   // whom it follows now
    QString configFile;      // "" = CONFIG REWRITE impossible
};

Plan build(const QString &node, const Facts &facts);

} // namespace DetachPlanner
