#include "SetupReviewPage.h"

#include "HumanFormat.h"
#include "SetupWizard.h"

SetupReviewPage::SetupReviewPage(SetupWizard *wizard)
    : PlanReviewPage(QStringLiteral("setup"), tr("Set Up"),
                     tr("Passwords show as <hidden>. Any failure before the verify step puts every node back as "
                        "it was; nothing is written to a config file until the set-up is verified."),
                     wizard)
    , m_wizard(wizard)
{
}

void SetupReviewPage::initializePage()
{
    const Plan p = m_wizard->plan();
    const QJsonObject &f = p.facts;
    const auto value = [&f](const char *key) { return f.value(QLatin1String(key)).toInteger(-1); };
    // The numbers the plan was sized from.
    QStringList facts;
    if (value("write_bytes_per_second") >= 0)
        facts << tr("master writes %1/s").arg(HumanFormat::bytes(value("write_bytes_per_second")));
    if (value("dataset_bytes") >= 0)
        facts << tr("dataset %1").arg(HumanFormat::bytes(value("dataset_bytes")));
    if (value("repl_backlog_bytes") >= 0)
        facts << tr("backlog %1 for a %2 s outage")
                     .arg(HumanFormat::bytes(value("repl_backlog_bytes")))
                     .arg(value("tolerated_outage_seconds"));
    const QString auth = f.value(QStringLiteral("auth")).toString();
    if (!auth.isEmpty())
        facts << tr("auth: %1").arg(auth);
    const QString persistence = f.value(QStringLiteral("persistence")).toString();
    if (!persistence.isEmpty())
        facts << tr("persistence: %1").arg(persistence);
    showPlan(p, facts, tr("Cannot set up"));
}
