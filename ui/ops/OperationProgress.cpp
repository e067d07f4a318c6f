#include "OperationProgress.h"

#include "ops/OperationRunner.h"
#include "topology/NodeCardItem.h"
#include "topology/TopologyScene.h"

OperationProgress::OperationProgress(TopologyScene *scene, QObject *parent)
    : QObject(parent)
    , m_scene(scene)
{
    m_clear.setSingleShot(true);
    m_clear.setInterval(5000);
    connect(&m_clear, &QTimer::timeout, this, &OperationProgress::clear);
    // Cards created after the run started (rediscovered nodes) get their note too.
    connect(scene, &TopologyScene::layoutChanged, this, &OperationProgress::apply);
}

QStringList OperationProgress::nodesOf(const PlanStep &step)
{
    if (!step.node.isEmpty())
        return {step.node};
    QStringList nodes;
    for (const QString &command : step.commands) {
        const qsizetype colon = command.indexOf(QStringLiteral(": "));
        if (colon > 0 && !nodes.contains(command.left(colon)))
            nodes << command.left(colon);
    }
    return nodes;
}

QString OperationProgress::runningNote(const QString &id)
{
    if (id == QLatin1String("pause"))
        return tr("pausing writes…");
    if (id == QLatin1String("catch-up"))
        return tr("catching up…");
    if (id == QLatin1String("promote") || id == QLatin1String("failover") || id == QLatin1String("sentinel-failover")
        || id == QLatin1String("wait-promotion") || id == QLatin1String("wait-failover"))
        return tr("promoting…");
    if (id == QLatin1String("demote") || id == QLatin1String("demote-old-master") || id == QLatin1String("repoint"))
        return tr("following new master…");
    if (id == QLatin1String("verify") || id == QLatin1String("wait-sentinels"))
        return tr("verifying…");
    if (id == QLatin1String("persist"))
        return tr("saving config…");
    if (id == QLatin1String("fence"))
        return tr("fencing old master…");
    // Set Up Replication's steps are per node: "<kind>-<address>".
    if (id.startsWith(QLatin1String("security-")) || id.startsWith(QLatin1String("acl-user-")))
        return tr("setting the password…");
    if (id.startsWith(QLatin1String("settings-")) || id.startsWith(QLatin1String("after-sync-")))
        return tr("applying settings…");
    if (id.startsWith(QLatin1String("replicaof-")))
        return tr("joining the master…");
    if (id == QLatin1String("sync"))
        return tr("full sync…");
    if (id == QLatin1String("detach"))
        return tr("detaching…");
    return tr("checking…");
}

QString OperationProgress::doneNote(const QString &id)
{
    if (id == QLatin1String("pause"))
        return tr("writes paused");
    if (id == QLatin1String("catch-up"))
        return tr("caught up");
    if (id == QLatin1String("promote") || id == QLatin1String("failover") || id == QLatin1String("wait-promotion")
        || id == QLatin1String("wait-failover"))
        return tr("new master");
    if (id == QLatin1String("demote") || id == QLatin1String("demote-old-master") || id == QLatin1String("repoint"))
        return tr("following new master");
    if (id == QLatin1String("fence"))
        return tr("fenced");
    if (id == QLatin1String("sync"))
        return tr("synced");
    if (id == QLatin1String("detach"))
        return tr("standalone master");
    return {};
}

void OperationProgress::track(const Plan &plan, OperationRunner *runner, const QString &candidate)
{
    clear();
    if (m_runner)
        m_runner->disconnect(this);  // the newest run owns the cards
    m_runner = runner;
    m_plan = plan;
    m_candidate = candidate;
    connect(runner, &OperationRunner::stepStarted, this, &OperationProgress::onStarted);
    connect(runner, &OperationRunner::stepFinished, this, &OperationProgress::onFinished);
    connect(runner, &OperationRunner::finished, this, [this] { m_clear.start(); });
    m_clear.stop();
    apply();
}

void OperationProgress::onStarted(int index, const StepRecord &record)
{
    if (index < 0 || index >= m_plan.steps.size())
        return;
    const PlanStep &step = m_plan.steps.at(index);
    setNote(nodesOf(step), record.compensation ? tr("undoing…") : runningNote(step.id));
}

void OperationProgress::onFinished(int index, const StepRecord &record)
{
    if (index < 0 || index >= m_plan.steps.size())
        return;
    const PlanStep &step = m_plan.steps.at(index);
    const QStringList nodes = nodesOf(step);
    QString note;
    if (record.status == StepRecord::Status::Failed)
        note = record.compensation ? tr("undo failed") : tr("failed: %1").arg(runningNote(step.id));
    else if (record.compensation)
        note = tr("undone");
    else
        note = doneNote(step.id);
    if (note.isEmpty()) {
        // Checks leave no mark of their own: the card goes back to what it last became.
        for (const QString &node : nodes)
            setNote({node}, m_settled.value(node));
        return;
    }
    for (const QString &node : nodes)
        m_settled.insert(node, note);
    setNote(nodes, note);
}

void OperationProgress::setNote(const QStringList &nodes, const QString &note)
{
    for (const QString &node : nodes) {
        if (note.isEmpty())
            m_notes.remove(node);
        else
            m_notes.insert(node, note);
        if (!m_touched.contains(node))
            m_touched << node;
    }
    apply();
}

void OperationProgress::apply()
{
    if (!m_scene)
        return;
    QStringList cards = m_touched;
    if (!m_candidate.isEmpty() && !cards.contains(m_candidate))
        cards << m_candidate;
    for (const QString &address : std::as_const(cards)) {
        if (NodeCardItem *card = m_scene->card(address))
            card->setOperationNote(m_notes.value(address), address == m_candidate);
    }
}

void OperationProgress::clear()
{
    m_notes.clear();
    m_settled.clear();
    const QString candidate = m_candidate;
    m_candidate.clear();
    if (m_scene) {
        for (const QString &address : std::as_const(m_touched) + QStringList{candidate}) {
            if (NodeCardItem *card = m_scene->card(address))
                card->setOperationNote(QString());
        }
    }
    m_touched.clear();
}
