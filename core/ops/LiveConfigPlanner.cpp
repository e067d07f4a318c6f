#include "LiveConfigPlanner.h"

#include "LiveConfigSteps.h"

#include <QJsonArray>

namespace {

QString values(const QList<QByteArray> &v)
{
    return v.isEmpty() ? QStringLiteral("(not set)") : QString::fromUtf8(QByteArrayList(v.cbegin(), v.cend()).join(" | "));
}

QString change(const LiveConfigPlan::Step &s)
{
    return QString::fromUtf8(s.directive) + QStringLiteral(": ") + values(s.liveValues) + QStringLiteral(" -> ")
        + values(s.desiredValues);
}

Precondition loopCheck(const QString &node, const LiveNodeFacts &facts)
{
    Precondition p;
    p.text = QStringLiteral("%1 does not replicate from %2 (no replication loop)").arg(facts.master, node);
    if (!facts.loopCloser.isEmpty()) {
        if (facts.masterIsNode) {
            p.detail = QStringLiteral("%1 is %2 itself").arg(facts.master, node);
        } else {
            QStringList path = facts.chain;
            const qsizetype end = path.indexOf(facts.loopCloser);
            if (end >= 0)
                path = path.mid(0, end + 1);
            p.detail = QStringLiteral("%1 replicates from %2, which closes the loop (%3)")
                           .arg(facts.loopCloser, node,
                                QString(path.join(QStringLiteral(" → ")) + QStringLiteral(" → ") + node));
        }
        return p;
    }
    if (!facts.chainRead) {
        p.detail = QStringLiteral("the replication chain of %1 could not be read: %2")
                       .arg(facts.master, facts.chainError.isEmpty() ? QStringLiteral("no answer") : facts.chainError);
        return p;
    }
    p.ok = true;
    p.detail = facts.chain.size() > 1
        ? QStringLiteral("chain %1").arg(facts.chain.join(QStringLiteral(" → ")))
        : QStringLiteral("%1 is a master").arg(facts.master);
    return p;
}

} // namespace

namespace LiveConfigPlanner {

Plan build(const QString &node, const QString &source, const LiveConfigPlan &plan, const QString &planError,
           const LiveNodeFacts &facts)
{
    Plan out;
    out.operation = QString::fromLatin1(kOperation);
    out.strategy = QStringLiteral("config-set");
    out.title = source.isEmpty() ? QStringLiteral("Change the running configuration of %1").arg(node)
                                 : QStringLiteral("Apply %1 to the running configuration of %2").arg(source, node);
    out.nodes = {node};

    Precondition valid;
    valid.text = QStringLiteral("the desired configuration has no errors redis-server would refuse");
    valid.ok = planError.isEmpty();
    valid.detail = planError;
    out.preconditions.append(valid);

    Precondition answers;
    answers.text = QStringLiteral("%1 answers").arg(node);
    answers.ok = facts.answered;
    answers.detail = facts.answered ? QStringLiteral("Redis %1, %2").arg(facts.version, facts.role) : facts.error;
    out.preconditions.append(answers);
    if (!planError.isEmpty())
        return out;

    const LiveConfigPlan::Step *replicaOf = plan.replicaOf();
    const QString master = plan.replicaOfTarget();
    if (replicaOf && !master.isEmpty())
        out.preconditions.append(loopCheck(node, facts));

    QJsonArray changes;
    QJsonArray restart;
    for (const LiveConfigPlan::Step &s : plan.steps()) {
        changes.append(change(s));
        if (s.kind == LiveConfigPlan::Step::Kind::Restart) {
            restart.append(QString::fromUtf8(s.directive));
            out.risks.append(QStringLiteral("Only a restart changes %1 (%2 -> %3): it is not applied")
                                 .arg(QString::fromUtf8(s.directive), values(s.liveValues), values(s.desiredValues)));
        }
    }
    out.facts.insert(QStringLiteral("changes"), changes);
    out.facts.insert(QStringLiteral("needs_restart"), restart);
    out.facts.insert(QStringLiteral("rewrite"), plan.rewrite());

    const QList<LiveConfigPlan::Step> sets = plan.sets();
    if (sets.size() > 1)
        out.risks.append(QStringLiteral("Each CONFIG SET is in force at once: if one is refused, the ones before it stay"));
    for (const LiveConfigPlan::Step &s : sets)
        out.steps.append(LiveConfigSteps::set(node, s));
    if (replicaOf) {
        out.risks.append(master.isEmpty()
                             ? QStringLiteral("%1 stops replicating and accepts writes as a master").arg(node)
                             : QStringLiteral("REPLICAOF discards the data of %1 and loads a copy of %2's").arg(node, master));
        out.steps.append(LiveConfigSteps::replicaOf(node, master));
    }
    if (plan.rewrite())
        out.steps.append(LiveConfigSteps::rewrite(node));
    if (!sets.isEmpty())
        out.steps.append(LiveConfigSteps::verify(node, sets));
    if (replicaOf)
        out.steps.append(LiveConfigSteps::verifyReplication(node, master));
    return out;
}

} // namespace LiveConfigPlanner
