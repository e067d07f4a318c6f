#include "DoctorCommand.h"

#include "doctor/Doctor.h"
#include "doctor/DoctorFixes.h"
#include "ops/OperationRunner.h"
#include "ssh/SshSessionPool.h"

void DoctorCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Health checks of Redis nodes: what each server reports (persistence, forks, memory, replication, ACL LOG, "
        "SLOWLOG) and, with --ssh, its host (overcommit, THP, somaxconn, open files, disk, RAM, clock) and its log "
        "(known error lines). Exit 0 healthy, 1 findings, 3 a node could not be reached."));
    addCommonOptions();
    m_parser.addOptions({
        {QStringLiteral("fix"), QStringLiteral("Apply the fix plan of the findings with this code (or 'all'); "
                                               "reviewed like every plan (--dry-run, --yes)."),
         QStringLiteral("CODE")},
        {QStringLiteral("sample"), QStringLiteral("Seconds between the two INFO reads (default 1)."),
         QStringLiteral("seconds")},
    });
    m_parser.addPositionalArgument(QStringLiteral("NODE"), QStringLiteral("The nodes to check."), QStringLiteral("NODE..."));
    if (!parseArguments(m_parser, args))
        return;
    const QStringList positional = m_parser.positionalArguments();
    if (positional.isEmpty()) {
        usageError(QStringLiteral("doctor needs at least one NODE"));
        return;
    }
    QString error;
    if (!parseNodes(positional, &m_nodes, &error)) {
        usageError(error);
        return;
    }
    for (const ConnectionProfile &p : std::as_const(m_nodes)) {
        m_audit.redact(p.password);
        m_audit.redact(p.ssh.password);
        m_audit.redact(p.ssh.keyPassphrase);
    }
    int sampleMs = 1000;
    if (m_parser.isSet(QStringLiteral("sample"))) {
        bool ok = false;
        sampleMs = m_parser.value(QStringLiteral("sample")).toInt(&ok) * 1000;
        if (!ok || sampleMs < 0) {
            usageError(QStringLiteral("--sample takes a number of seconds"));
            return;
        }
    }
    m_ssh = new SshSessionPool(this);
    m_doctor = new Doctor(runner()->clients(), this);
    m_doctor->setSampleInterval(sampleMs);
    m_doctor->setConnectTimeout(m_nodes.first().connectTimeoutMs);
    m_doctor->setCommandTimeout(m_nodes.first().commandTimeoutMs);
    connect(m_doctor, &Doctor::progress, this, [this](const QString &text) {
        if (!json()) {
            err() << text << "\n";
            err().flush();
        }
    });
    connect(m_doctor, &Doctor::finished, this, &DoctorCommand::onReport);
    QList<Doctor::Target> targets;
    for (const ConnectionProfile &p : std::as_const(m_nodes))
        targets.append({p.address(), p.ssh});
    m_doctor->run(targets);
}

ConnectionProfile DoctorCommand::profileFor(const QString &address) const
{
    for (const ConnectionProfile &p : m_nodes) {
        if (p.address() == address)
            return p;
    }
    return {};
}

int DoctorCommand::exitCodeFor(const ExecutionReport &report) const
{
    return report.ok() ? ExitOk : ExitProblem;
}

void DoctorCommand::printReport(const DoctorReport &report)
{
    QTextStream &o = out();
    for (auto it = report.unreachable.constBegin(); it != report.unreachable.constEnd(); ++it)
        o << it.key() << ": unreachable: " << it.value() << "\n";
    for (auto it = report.skipped.constBegin(); it != report.skipped.constEnd(); ++it)
        o << it.key() << ": " << it.value() << "\n";
    for (const Finding &f : report.findings) {
        o << "\n[" << Finding::severityName(f.severity) << "] " << f.code << "  " << f.node;
        if (!f.host.isEmpty())
            o << " (host " << f.host << ")";
        o << "\n  evidence: " << f.evidence << "\n  meaning:  " << f.meaning << "\n  fix:      " << f.fixText << "\n";
        if (f.hasFix())
            o << "  Tandem can apply it: tandemctl doctor ... --fix " << f.code << "\n";
    }
    if (report.findings.isEmpty() && report.unreachable.isEmpty())
        o << "Healthy: no findings on " << report.checked.size() << " node(s).\n";
    o.flush();
}

void DoctorCommand::onReport(const DoctorReport &report)
{
    const int code = !report.unreachable.isEmpty() ? ExitConnect : (report.hasProblems() ? ExitProblem : ExitOk);
    if (!m_parser.isSet(QStringLiteral("fix"))) {
        if (json())
            printJson(QJsonObject{{QStringLiteral("doctor"), report.toJson()}});
        else
            printReport(report);
        finish(code);
        return;
    }
    const QString wanted = m_parser.value(QStringLiteral("fix"));
    QList<Plan> plans;
    for (const Finding &f : report.findings) {
        if (f.hasFix() && (wanted == QLatin1String("all") || f.code == wanted))
            plans.append(f.fix);
    }
    if (!json())
        printReport(report);
    if (plans.isEmpty()) {
        if (json())
            printJson(QJsonObject{{QStringLiteral("doctor"), report.toJson()}});
        err() << "tandemctl: no finding with a fix Tandem can apply matches '" << wanted << "'\n";
        finish(code == ExitOk ? ExitOk : ExitProblem);
        return;
    }
    m_extraJson.insert(QStringLiteral("doctor"), report.toJson());
    if (!json())
        out() << "\n";
    const Plan plan = DoctorFixes::merge(plans);
    if (review(plan))
        runPlan(plan);
}
