#include "MigrateVerifySteps.h"

#include "DatasetCompare.h"

#include "info/InfoParser.h"
#include "ops/NodeClients.h"
#include "ops/ReplicationSteps.h"
#include "ops/StepContext.h"

#include <QJsonArray>
#include <QPointer>

struct MigrateCompareSession
{
    QPointer<DatasetCompare> compare;
    QList<DatasetCompare::Difference> changing;
    ~MigrateCompareSession() { delete compare.data(); }
};

namespace MigrateVerifySteps {

namespace {

constexpr int kListedDifferences = 20;

QString describe(const QList<DatasetCompare::Difference> &diffs)
{
    QStringList lines;
    for (const DatasetCompare::Difference &d : diffs.mid(0, kListedDifferences))
        lines.append(QStringLiteral("db%1 %2: %3").arg(d.db).arg(QString::fromUtf8(d.key), d.what));
    if (diffs.size() > kListedDifferences)
        lines.append(QStringLiteral("and %1 more").arg(diffs.size() - kListedDifferences));
    return lines.join(QStringLiteral("; "));
}

QJsonArray toJson(const QList<DatasetCompare::Difference> &diffs)
{
    QJsonArray list;
    for (const DatasetCompare::Difference &d : diffs.mid(0, 1000))
        list.append(QJsonObject{{QStringLiteral("db"), d.db}, {QStringLiteral("key"), QString::fromUtf8(d.key)},
                                {QStringLiteral("what"), d.what}});
    return list;
}

DatasetCompare *compareFor(StepContext &ctx, const QString &source, const QString &target, int ttlToleranceMs)
{
    auto *compare = new DatasetCompare(ctx.clients().profile(source), ctx.clients().profile(target), ctx.ssh());
    compare->setTtlTolerance(ttlToleranceMs);
    return compare;
}

qint64 field(const QString &line, const QString &name)
{
    for (const QString &part : line.split(QLatin1Char(','))) {
        if (part.startsWith(name + QLatin1Char('=')))
            return part.mid(name.size() + 1).toLongLong();
    }
    return 0;
}

} // namespace

std::shared_ptr<MigrateCompareSession> newSession()
{
    return std::make_shared<MigrateCompareSession>();
}

QStringList countDifferences(const QMap<QString, QString> &sourceKeyspace, const QMap<QString, QString> &targetKeyspace)
{
    QStringList dbs = sourceKeyspace.keys();
    for (const QString &db : targetKeyspace.keys()) {
        if (!dbs.contains(db))
            dbs.append(db);
    }
    QStringList out;
    for (const QString &db : std::as_const(dbs)) {
        for (const QString &what : {QStringLiteral("keys"), QStringLiteral("expires")}) {
            const qint64 s = field(sourceKeyspace.value(db), what);
            const qint64 t = field(targetKeyspace.value(db), what);
            if (s != t)
                out.append(QStringLiteral("%1: %2 %3 on the source, %4 on the target").arg(db).arg(s).arg(what).arg(t));
        }
    }
    return out;
}

PlanStep verifyData(const QString &source, const QString &target, const MigrateOptions &options,
                    const QList<QPair<int, qint64>> &dbKeys, std::shared_ptr<MigrateCompareSession> session)
{
    PlanStep s;
    s.id = QStringLiteral("verify-data");
    s.node = target;
    const bool full = options.verify == MigrateOptions::Verify::Full;
    s.title = full ? QStringLiteral("Compare every key of %1 with %2 (type, DUMP payload, TTL)").arg(target, source)
                   : QStringLiteral("Compare a sample of %1 keys of %2 with %3 (type, DUMP payload, TTL)")
                         .arg(options.sampleSize).arg(target, source);
    s.commands = {QStringLiteral("%1: %2; MULTI, TYPE, DUMP, PTTL per key, INFO replication, EXEC")
                      .arg(source, full ? QStringLiteral("SCAN per db") : QStringLiteral("RANDOMKEY per db")),
                  target + QStringLiteral(": TYPE, DUMP, PTTL per key once it has applied the source's offset")};
    const int sample = options.sampleSize;
    const int tolerance = options.ttlToleranceMs;
    s.run = [source, target, full, sample, tolerance, dbKeys, session](StepContext &ctx) {
        DatasetCompare *compare = compareFor(ctx, source, target, tolerance);
        delete session->compare.data();
        session->compare = compare;
        session->changing.clear();
        StepContext *c = &ctx;
        QObject::connect(compare, &DatasetCompare::progress, ctx.guard(), [c](qint64 done, qint64 total) {
            // A full compare also checks each of the target's keys exists on the source.
            c->progress(QStringLiteral("comparing keys: %1% (%2 of %3 checks)").arg(total > 0 ? done * 100 / total : 100).arg(done).arg(total));
        });
        QObject::connect(compare, &DatasetCompare::finished, ctx.guard(), [c, session](const DatasetCompare::Result &r) {
            if (!r.ok()) {
                c->fail(QStringLiteral("the compare could not finish: ") + r.error);
                return;
            }
            QList<DatasetCompare::Difference> real;
            for (const DatasetCompare::Difference &d : r.differences) {
                if (d.what == QLatin1String("changing"))
                    session->changing.append(d);
                else
                    real.append(d);
            }
            const QJsonObject details{{QStringLiteral("compared"), r.compared},
                                      {QStringLiteral("changing"), int(session->changing.size())},
                                      {QStringLiteral("differences"), toJson(real)}};
            c->metrics().insert(QStringLiteral("keys_compared"), r.compared);
            if (!real.isEmpty()) {
                c->fail(QStringLiteral("%1 of %2 keys differ: %3").arg(real.size()).arg(r.compared).arg(describe(real)), details);
                return;
            }
            c->succeed(QStringLiteral("%1 keys compared, all equal%2").arg(r.compared)
                           .arg(session->changing.isEmpty() ? QString()
                                                            : QStringLiteral(" (%1 changing, compared again while writes are paused)")
                                                                  .arg(session->changing.size())),
                       details);
        });
        QObject::connect(ctx.guard(), &QObject::destroyed, compare, [compare] { compare->cancel(); });
        compare->compareLive(full ? DatasetCompare::Mode::Full : DatasetCompare::Mode::Sample, sample, dbKeys);
    };
    return s;
}

PlanStep verifyFrozen(const QString &source, const QString &target, std::shared_ptr<MigrateCompareSession> session)
{
    PlanStep s;
    s.id = QStringLiteral("verify-frozen");
    s.node = target;
    s.title = QStringLiteral("With writes paused: key counts per db equal on %1 and %2, changing keys compared").arg(source, target);
    s.commands = {source + QStringLiteral(": INFO keyspace"), target + QStringLiteral(": INFO keyspace")};
    s.run = [source, target, session](StepContext &ctx) {
        StepContext *c = &ctx;
        ReplicationSteps::fetchInfo(ctx, source, "keyspace", [c, source, target, session](bool ok, const NodeSnapshot &src, const QString &error) {
            if (!ok) {
                c->fail(QStringLiteral("%1 did not answer INFO keyspace: %2").arg(source, error));
                return;
            }
            ReplicationSteps::fetchInfo(*c, target, "keyspace", [c, src, target, session](bool tok, const NodeSnapshot &dst, const QString &terror) {
                if (!tok) {
                    c->fail(QStringLiteral("%1 did not answer INFO keyspace: %2").arg(target, terror));
                    return;
                }
                const QStringList counts = countDifferences(src.sections.value(QStringLiteral("keyspace")),
                                                            dst.sections.value(QStringLiteral("keyspace")));
                if (!counts.isEmpty()) {
                    c->fail(QStringLiteral("the key counts differ at the same offset: ") + counts.join(QStringLiteral("; ")));
                    return;
                }
                if (session->changing.isEmpty() || !session->compare) {
                    c->succeed(QStringLiteral("key counts equal in every db"));
                    return;
                }
                DatasetCompare *compare = session->compare;
                QObject::connect(compare, &DatasetCompare::finished, c->guard(), [c, session](const DatasetCompare::Result &r) {
                    if (!r.ok()) {
                        c->fail(QStringLiteral("the changing keys could not be compared: ") + r.error);
                        return;
                    }
                    if (!r.differences.isEmpty()) {
                        c->fail(QStringLiteral("%1 key(s) differ with writes paused: %2").arg(r.differences.size()).arg(describe(r.differences)),
                                QJsonObject{{QStringLiteral("differences"), toJson(r.differences)}});
                        return;
                    }
                    c->succeed(QStringLiteral("key counts equal in every db; %1 changing key(s) equal").arg(session->changing.size()));
                });
                compare->compareExact(session->changing);
            });
        });
    };
    return s;
}

} // namespace MigrateVerifySteps
