#include "FailoverScenario.h"

#include "LabProbe.h"

#include "ops/AuditLog.h"
#include "ops/Executor.h"
#include "ops/NodeClients.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

FailoverScenario::FailoverScenario() = default;

FailoverScenario::~FailoverScenario()
{
    m_monitor.reset();
}

bool FailoverScenario::fail(const QString &why)
{
    m_error = why;
    return false;
}

QDateTime FailoverScenario::logTime(const QString &log, const QString &needle)
{
    for (const QString &line : log.split(QLatin1Char('\n'))) {
        if (!line.contains(needle))
            continue;
        // "1234:M 21 Nov 2026 10:52:27.062 * Ready to accept connections"
        const QStringList f = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (f.size() > 4)
            return QDateTime::fromString(f.mid(1, 4).join(QLatin1Char(' ')), QStringLiteral("d MMM yyyy hh:mm:ss.zzz"));
    }
    return {};
}

std::optional<QPair<QString, QString>> FailoverScenario::failOver(const FailoverOptions &options, const QString &auditPath)
{
    const QString m = QStringLiteral("m");
    if (!m_lab.addMaster(m) || !m_lab.addReplica(QStringLiteral("r1"), m)
        || !m_lab.addReplica(QStringLiteral("r2"), m, {QStringLiteral("--replica-priority"), QStringLiteral("200")})
        || !m_lab.waitLinked()) {
        fail(m_lab.errorString());
        return std::nullopt;
    }
    for (int i = 0; i < 20; ++i)
        LabProbe::call(m_lab, m, {"SET", "old:" + QByteArray::number(i), "v"});
    // The old master keeps its data on disk: it comes back with it.
    if (!LabProbe::call(m_lab, m, {"SAVE"}).ok() || LabProbe::call(m_lab, m, {"WAIT", "2", "5000"}).value.toInteger() != 2) {
        fail(QStringLiteral("SAVE/WAIT on the master failed"));
        return std::nullopt;
    }

    m_monitor = std::make_unique<TopologyMonitor>();
    m_monitor->setInterval(kInterval);
    ConnectionProfile seed = m_lab.profile(m);
    seed.connectTimeoutMs = 1000;
    seed.commandTimeoutMs = 1000;
    m_monitor->addSeed(seed);
    const QStringList names{m, QStringLiteral("r1"), QStringLiteral("r2")};
    const auto allUp = [this, names] {
        for (const QString &n : names) {
            const TopologyNode *node = m_monitor->topology().node(address(n));
            if (!node || !node->isUp() || !node->hasSnapshot)
                return false;
        }
        return m_monitor->isSettled();
    };
    if (!QTest::qWaitFor(allUp, 5000)) {
        fail(QStringLiteral("the monitor did not see all three nodes"));
        return std::nullopt;
    }

    const qint64 pid = LabProbe::info(m_lab, m).processId;
    if (pid <= 0 || ::kill(pid_t(pid), SIGKILL) != 0) {
        fail(QStringLiteral("cannot kill the master"));
        return std::nullopt;
    }
    const auto lost = [this] {
        const Topology t = m_monitor->topology();
        const TopologyNode *dead = t.node(address(QStringLiteral("m")));
        if (!dead || dead->isUp())
            return false;
        for (const QString &r : {QStringLiteral("r1"), QStringLiteral("r2")}) {
            const TopologyNode *n = t.node(address(r));
            if (!n || !n->isUp() || n->snapshot.masterLinkStatus != QLatin1String("down"))
                return false;
        }
        return true;
    };
    if (!QTest::qWaitFor(lost, 5000)) {
        fail(QStringLiteral("the monitor did not see the master die"));
        return std::nullopt;
    }

    const Plan plan = FailoverPlanner::build(m_monitor->topology(), address(m), options);
    if (!plan.canRun() || plan.facts.value(QStringLiteral("candidate")).toString() != address(QStringLiteral("r1"))) {
        fail(plan.render());
        return std::nullopt;
    }
    NodeClients clients(options.ssh, [this](const QString &a) { return m_monitor->profileFor(a); });
    QTemporaryDir dir;
    AuditLog audit(auditPath.isEmpty() ? dir.filePath(QStringLiteral("audit.jsonl")) : auditPath);
    Executor e(plan, &clients, &audit);
    QSignalSpy done(&e, &Executor::finished);
    e.start();
    if (!done.wait(30000)) {
        fail(QStringLiteral("the failover did not finish"));
        return std::nullopt;
    }
    m_report = done.first().first().value<ExecutionReport>();
    if (!m_report.ok()) {
        fail(m_report.message);
        return std::nullopt;
    }
    return FailoverPlanner::fenceOf(m_report);
}
