#include "Executor.h"

#include "AuditLog.h"
#include "NodeClients.h"
#include "StepContext.h"

#include "info/InfoParser.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTimer>

namespace {

qint64 monotonicMs()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.elapsed();
}

} // namespace

Executor::Executor(Plan plan, NodeClients *clients, AuditLog *audit, QObject *parent)
    : QObject(parent)
    , m_plan(std::move(plan))
    , m_clients(clients)
    , m_audit(audit)
{
    m_report.operationId = AuditLog::newOperationId();
    m_report.operation = m_plan.operation;
    m_report.title = m_plan.title;
}

Executor::~Executor() = default;

void Executor::audit(const QString &event, const QJsonObject &fields)
{
    if (m_audit)
        m_audit->append(m_report.operationId, event, fields);
}

void Executor::start()
{
    if (m_running || m_report.startedAt.isValid())
        return;
    m_report.startedAt = QDateTime::currentDateTimeUtc();
    m_startMs = monotonicMs();
    if (!m_plan.canRun()) {
        m_report.outcome = ExecutionReport::Outcome::Refused;
        m_report.message = QStringLiteral("Refused: ") + m_plan.refusal();
        audit(QStringLiteral("op_refused"), QJsonObject{{QStringLiteral("plan"), m_plan.toJson()},
                                                        {QStringLiteral("message"), m_report.message}});
        m_report.finishedAt = QDateTime::currentDateTimeUtc();
        // Asynchronous like every other outcome, so callers connect after start() safely.
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(m_report); });
        return;
    }
    m_running = true;
    audit(QStringLiteral("op_started"), QJsonObject{{QStringLiteral("plan"), m_plan.toJson()}});
    QTimer::singleShot(0, this, [this] { runStep(0); });
}

void Executor::cancel()
{
    if (!m_running || m_cancelRequested)
        return;
    if (m_pastNoReturn) {
        if (m_current >= 0)
            Q_EMIT stepProgress(m_current, tr("Past the point of no return: finishing rather than undoing"));
        return;
    }
    m_cancelRequested = true;
    audit(QStringLiteral("cancel_requested"), {});
}

void Executor::runStep(int index)
{
    if (index >= m_plan.steps.size()) {
        m_report.outcome = ExecutionReport::Outcome::Succeeded;
        for (const StepRecord &r : std::as_const(m_report.steps)) {
            if (r.status == StepRecord::Status::Failed) {
                m_report.outcome = ExecutionReport::Outcome::Partial;
                m_report.message = r.title + QStringLiteral(": ") + r.message;
                break;
            }
        }
        if (m_report.outcome == ExecutionReport::Outcome::Succeeded)
            m_report.message = tr("Done: %1").arg(m_plan.title);
        readFinalStates();
        return;
    }
    if (m_cancelRequested && !m_pastNoReturn) {
        m_report.outcome = ExecutionReport::Outcome::Cancelled;
        m_report.message = tr("Cancelled before: %1").arg(m_plan.steps.at(index).title);
        startCompensation();
        return;
    }
    m_current = index;
    const PlanStep &step = m_plan.steps.at(index);
    StepRecord rec;
    rec.id = step.id;
    rec.title = step.title;
    rec.node = step.node;
    const qint64 startedMs = monotonicMs();
    const qsizetype recordIndex = beginRecord(index, rec, step.commands);

    StepContext::Hooks hooks;
    hooks.done = [this, index, recordIndex, startedMs](bool ok, const QString &message, const QJsonObject &details) {
        endRecord(recordIndex, startedMs, ok, message, details);
        // Continue from the event loop: the step's own stack unwinds first.
        QTimer::singleShot(0, this, [this, index, ok, message, details] { onStepDone(index, ok, message, details); });
    };
    hooks.cancelled = [this] { return m_cancelRequested && !m_pastNoReturn; };
    hooks.progress = [this, index](const QString &text) { Q_EMIT stepProgress(index, text); };
    m_contexts.push_back(std::make_unique<StepContext>(m_clients, &m_shared, &m_report.metrics, std::move(hooks)));
    StepContext &ctx = *m_contexts.back();
    if (!step.run) {
        ctx.succeed(tr("nothing to do"));
        return;
    }
    step.run(ctx);
}

void Executor::onStepDone(int index, bool ok, const QString &message, const QJsonObject &details)
{
    const PlanStep &step = m_plan.steps.at(index);
    const StepRecord &rec = m_report.steps.constLast();
    QJsonObject entry = finishedEntry(rec);
    entry.insert(QStringLiteral("details"), details);
    audit(QStringLiteral("step_finished"), entry);
    Q_EMIT stepFinished(index, rec);
    if (ok) {
        m_done.append(index);
        if (step.pointOfNoReturn)
            m_pastNoReturn = true;
        // Test hook for crash tests (TANDEM_FAULT_STALL_AFTER=<step id>): after that step
        // succeeded the executor never goes on, as if the process hung or died right there.
        if (qEnvironmentVariable("TANDEM_FAULT_STALL_AFTER") == step.id) {
            Q_EMIT stepProgress(index, QStringLiteral("TANDEM_FAULT_STALL_AFTER: stalled after this step (test hook)"));
            return;
        }
        runStep(index + 1);
        return;
    }
    if (step.onFailure == PlanStep::OnFailure::Continue || m_pastNoReturn) {
        runStep(index + 1);
        return;
    }
    m_report.outcome = (m_cancelRequested && !m_pastNoReturn) ? ExecutionReport::Outcome::Cancelled
                                                              : ExecutionReport::Outcome::Aborted;
    m_report.message = m_report.outcome == ExecutionReport::Outcome::Cancelled
        ? tr("Cancelled during: %1").arg(step.title)
        : tr("Aborted: %1 — %2").arg(step.title, message);
    startCompensation();
}

void Executor::startCompensation()
{
    m_compensating = true;
    runCompensation(int(m_done.size()) - 1);
}

void Executor::runCompensation(int position)
{
    while (position >= 0 && !m_plan.steps.at(m_done.at(position)).compensate)
        --position;
    if (position < 0) {
        readFinalStates();
        return;
    }
    const PlanStep &step = m_plan.steps.at(m_done.at(position));
    StepRecord rec;
    rec.id = step.id + QStringLiteral(".undo");
    rec.title = step.compensateTitle.isEmpty() ? tr("Undo: %1").arg(step.title) : step.compensateTitle;
    rec.node = step.node;
    rec.compensation = true;
    const int stepIndex = m_done.at(position);
    const qint64 startedMs = monotonicMs();
    const qsizetype recordIndex = beginRecord(stepIndex, rec, step.compensateCommands);

    StepContext::Hooks hooks;
    hooks.done = [this, position, stepIndex, recordIndex, startedMs](bool ok, const QString &message, const QJsonObject &details) {
        endRecord(recordIndex, startedMs, ok, message, details);
        QTimer::singleShot(0, this, [this, position, stepIndex, recordIndex] {
            const StepRecord &done = m_report.steps.at(recordIndex);
            audit(QStringLiteral("step_finished"), finishedEntry(done));
            Q_EMIT stepFinished(stepIndex, done);
            runCompensation(position - 1);  // a failed undo does not stop the others
        });
    };
    hooks.cancelled = [] { return false; };  // undo is never cancelled
    hooks.progress = [this, stepIndex](const QString &text) { Q_EMIT stepProgress(stepIndex, text); };
    m_contexts.push_back(std::make_unique<StepContext>(m_clients, &m_shared, &m_report.metrics, std::move(hooks)));
    step.compensate(*m_contexts.back());
}

qsizetype Executor::beginRecord(int index, StepRecord rec, const QStringList &commands)
{
    rec.status = StepRecord::Status::Running;
    rec.startedAt = QDateTime::currentDateTimeUtc();
    m_report.steps.append(rec);
    audit(QStringLiteral("step_started"), QJsonObject{{QStringLiteral("step"), rec.id},
                                                      {QStringLiteral("title"), rec.title},
                                                      {QStringLiteral("node"), rec.node},
                                                      {QStringLiteral("commands"), QJsonArray::fromStringList(commands)}});
    Q_EMIT stepStarted(index, rec);
    return m_report.steps.size() - 1;
}

void Executor::endRecord(qsizetype recordIndex, qint64 startedMs, bool ok, const QString &message,
                         const QJsonObject &details)
{
    StepRecord &r = m_report.steps[recordIndex];
    r.status = ok ? StepRecord::Status::Succeeded : StepRecord::Status::Failed;
    r.finishedAt = QDateTime::currentDateTimeUtc();
    r.durationMs = monotonicMs() - startedMs;
    r.message = message;
    r.details = details;
}

QJsonObject Executor::finishedEntry(const StepRecord &rec)
{
    return QJsonObject{{QStringLiteral("step"), rec.id},
                       {QStringLiteral("status"), StepRecord::statusName(rec.status)},
                       {QStringLiteral("duration_ms"), rec.durationMs},
                       {QStringLiteral("message"), rec.message}};
}

void Executor::readFinalStates()
{
    m_current = -1;
    const QStringList nodes = m_plan.nodes;
    if (nodes.isEmpty() || !m_clients) {
        finish();
        return;
    }
    m_pendingFinal = int(nodes.size());
    for (const QString &address : nodes) {
        m_report.finalStates.append(NodeFinalState{address, false, {}, {}, false, false, {}});
        const qsizetype i = m_report.finalStates.size() - 1;
        m_clients->send(address, {"INFO", "replication"}, this, [this, i](const RespResult &r) {
            NodeFinalState &s = m_report.finalStates[i];
            if (!r.ok()) {
                s.error = r.errorText();
            } else {
                const NodeSnapshot snap = InfoParser::parse(r.value.bytes());
                s.reachable = true;
                if (snap.role == NodeSnapshot::Role::Master) {
                    s.role = QStringLiteral("master");
                    s.writable = true;
                } else if (snap.role == NodeSnapshot::Role::Replica) {
                    s.role = QStringLiteral("replica");
                    s.masterAddress = snap.masterHost + QLatin1Char(':') + QString::number(snap.masterPort);
                    s.linkUp = snap.masterLinkStatus == QLatin1String("up");
                    // INFO does not show replica-read-only before 7.0; assume the default.
                    s.writable = snap.replicaReadOnly.has_value() && !*snap.replicaReadOnly;
                }
            }
            if (--m_pendingFinal == 0)
                finish();
        }, m_finalStateTimeoutMs);
    }
}

void Executor::finish()
{
    m_running = false;
    m_report.finishedAt = QDateTime::currentDateTimeUtc();
    m_report.durationMs = monotonicMs() - m_startMs;
    audit(QStringLiteral("op_finished"), m_report.toJson());
    Q_EMIT finished(m_report);
}
