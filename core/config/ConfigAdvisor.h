#pragma once

#include "ConfigDiagnostic.h"
#include "ConfigDocument.h"
#include "info/NodeSnapshot.h"

#include <QList>
#include <QString>

#include <optional>

// What the advisor may know besides the file itself. Every field is optional: a check that
// needs a missing piece stays silent (or says, as info, that it could not judge).
struct ConfigAdvisorContext
{
    std::optional<ConfigDocument> masterConfig;   // the master's file when this is a replica's
    std::optional<NodeSnapshot> live;             // the node as running now
    std::optional<QString> masterRequirePass;     // from a live master; compared, never printed
    double writeBytesPerSecond = 0;               // observed replication stream, 0 = unknown
    qint64 datasetBytes = 0;                      // 0 = unknown
    int replicaCount = -1;                        // replicas of this master, -1 = unknown
};

// Replication advice about a redis.conf that redis-server accepts without complaint but that
// will hurt later (failed syncs, full-sync loops, data wiped on restart, open to the network).
// Only Warning and Info diagnostics; syntax and deprecated names are ConfigValidator's job.
// Secrets (passwords, renamed command names) never appear in a message or fix.
class ConfigAdvisor
{
public:
    static QList<ConfigDiagnostic> advise(const ConfigDocument &doc,
                                          const ConfigAdvisorContext &context = {});
};
