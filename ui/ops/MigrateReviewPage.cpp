#include "MigrateReviewPage.h"

#include "HumanFormat.h"
#include "MigrateWizard.h"

#include <QJsonArray>

MigrateReviewPage::MigrateReviewPage(MigrateWizard *wizard)
    : PlanReviewPage(QStringLiteral("migrate"), tr("Migrate"),
                     tr("Passwords show as <hidden>. Until the target is promoted, Abort (or any failure) leaves "
                        "the source the master it was; from then on the run finishes."),
                     wizard)
    , m_wizard(wizard)
{
}

void MigrateReviewPage::initializePage()
{
    const Plan p = m_wizard->plan();
    // A count, or a list counted.
    const auto count = [&p](const char *key) {
        const QJsonValue v = p.facts.value(QLatin1String(key));
        return v.isArray() ? qint64(v.toArray().size()) : v.toInteger(-1);
    };
    // The numbers the plan was sized from.
    QStringList facts;
    if (count("dataset_bytes") >= 0)
        facts << tr("dataset %1").arg(HumanFormat::bytes(count("dataset_bytes")));
    if (count("keys") >= 0)
        facts << tr("%n key(s)", nullptr, int(qMin<qint64>(count("keys"), INT_MAX)));
    if (count("dbs") >= 0)
        facts << tr("in %n database(s)", nullptr, int(count("dbs")));
    if (count("write_bytes_per_second") >= 0)
        facts << tr("source writes %1/s").arg(HumanFormat::bytes(count("write_bytes_per_second")));
    if (count("estimated_sync_seconds") >= 0)
        facts << tr("full sync about %n s", nullptr, int(count("estimated_sync_seconds")));
    if (count("clients") >= 0)
        facts << tr("%n client(s) on the source", nullptr, int(count("clients")));
    facts << tr("verify: %1").arg(MigrateOptions::verifyName(m_wizard->options().verify));
    showPlan(p, facts, tr("Cannot migrate"));
}
