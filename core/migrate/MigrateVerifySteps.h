#pragma once

#include "MigrateOptions.h"

#include "ops/Plan.h"

#include <QList>
#include <QPair>
#include <QString>

#include <memory>

struct MigrateCompareSession;

// The data checks of a migration. verifyData runs while writes continue (DatasetCompare's
// live pass, progress "comparing keys: P% (N of M checks)"); verifyFrozen runs while writes are paused on
// the source and the target has applied its offset: per-db key and expire counts must be
// equal, and the keys the live pass saw changing are compared exactly. Any difference fails
// the step, listing the keys (the plan's earlier steps then unpause and put both back).
namespace MigrateVerifySteps {

// Shared by the two steps of one plan (the live pass's connections stay open for the pause).
std::shared_ptr<MigrateCompareSession> newSession();

PlanStep verifyData(const QString &source, const QString &target, const MigrateOptions &options,
                    const QList<QPair<int, qint64>> &dbKeys, std::shared_ptr<MigrateCompareSession> session);
PlanStep verifyFrozen(const QString &source, const QString &target, std::shared_ptr<MigrateCompareSession> session);

// "db0: 100 vs 98 keys" lines for the per-db counts of INFO keyspace on both sides; empty
// when equal.
QStringList countDifferences(const QMap<QString, QString> &sourceKeyspace, const QMap<QString, QString> &targetKeyspace);

} // namespace MigrateVerifySteps
