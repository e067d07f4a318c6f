#include "DoctorFixes.h"

#include "ops/LiveConfigSteps.h"
#include "ops/NodeClients.h"
#include "ops/StepContext.h"
#include "ssh/RemoteCommand.h"
#include "ssh/SshSessionPool.h"

#include "config/LiveConfigPlan.h"

namespace {

LiveConfigPlan::Step doctorSetStep(const QByteArray &directive, const QByteArray &value, bool sensitive)
{
    LiveConfigPlan::Step s;
    s.kind = LiveConfigPlan::Step::Kind::Set;
    s.directive = directive;
    s.sensitive = sensitive;
    s.command = {"CONFIG", "SET", directive, value};
    s.desiredValues = {sensitive ? QByteArray("******") : value};
    s.desiredLines = {{value}};
    return s;
}

Plan doctorBasePlan(const QString &title, const QString &node)
{
    Plan p;
    p.operation = QString::fromLatin1(DoctorFixes::kOperation);
    p.title = title;
    p.strategy = QStringLiteral("doctor");
    p.nodes = {node};
    return p;
}

} // namespace

namespace DoctorFixes {

Plan configSet(const QString &node, const QByteArray &directive, const QByteArray &value, bool hasConfigFile)
{
    const LiveConfigPlan::Step step = doctorSetStep(directive, value, false);
    Plan p = doctorBasePlan(QStringLiteral("Set %1 to %2 on %3").arg(QString::fromUtf8(directive), QString::fromUtf8(value), node),
                      node);
    p.steps.append(LiveConfigSteps::set(node, step));
    if (hasConfigFile)
        p.steps.append(LiveConfigSteps::rewrite(node));
    p.steps.append(LiveConfigSteps::verify(node, {step}));
    return p;
}

Plan masterAuth(const QString &replica, const QString &master, const QString &user, const QString &password,
                bool hasConfigFile)
{
    Plan p = doctorBasePlan(QStringLiteral("Set masterauth on %1 to the password of its master %2").arg(replica, master),
                      replica);
    p.nodes.append(master);  // its password is the secret set here: redacted like its own
    if (!user.isEmpty())
        p.steps.append(LiveConfigSteps::set(replica, doctorSetStep("masteruser", user.toUtf8(), false)));
    p.steps.append(LiveConfigSteps::set(replica, doctorSetStep("masterauth", password.toUtf8(), true)));
    if (hasConfigFile)
        p.steps.append(LiveConfigSteps::rewrite(replica));
    p.steps.append(LiveConfigSteps::verifyReplication(replica, master));
    p.risks << QStringLiteral("Once the link is up the replica replaces its data with a copy of the master's.");
    return p;
}

QString sysctlCommand(const QString &key, const QString &value)
{
    const QString line = QStringLiteral("%1 = %2").arg(key, value);
    const QString file = QStringLiteral("/etc/sysctl.d/60-tandem-%1.conf").arg(key);
    return QStringLiteral("S=; [ \"$(id -u)\" = 0 ] || S='sudo -n'; $S sysctl -w %1 && printf '%s\\n' %2 | $S tee %3 "
                          ">/dev/null && sysctl -n %4")
        .arg(RemoteCommand::shellQuote(key + QLatin1Char('=') + value), RemoteCommand::shellQuote(line),
             RemoteCommand::shellQuote(file), RemoteCommand::shellQuote(key));
}

Plan sysctl(const QString &node, const SshOptions &ssh, const QString &key, const QString &value)
{
    Plan p = doctorBasePlan(QStringLiteral("Set %1 = %2 on %3 (now and after a reboot)").arg(key, value, ssh.host), node);
    PlanStep s;
    s.id = QStringLiteral("sysctl-") + key;
    s.title = QStringLiteral("sysctl -w %1=%2 and /etc/sysctl.d/60-tandem-%1.conf on %3").arg(key, value, ssh.host);
    s.node = node;
    const QString command = sysctlCommand(key, value);
    s.commands = {command};
    s.run = [ssh, command, value](StepContext &ctx) {
        StepContext *c = &ctx;
        if (!ctx.ssh()) {
            ctx.fail(QStringLiteral("no SSH connection for this operation"));
            return;
        }
        ctx.ssh()->runCommand(ssh, command, ctx.guard(),
                              [c, value](int exitCode, const QByteArray &out, const QByteArray &err, const NetError &error) {
                                  if (error.isError()) {
                                      c->fail(error.message);
                                      return;
                                  }
                                  const QString now = QString::fromUtf8(out).trimmed().split(QLatin1Char('\n')).last();
                                  if (exitCode != 0 || now != value) {
                                      c->fail(QStringLiteral("exit %1: %2").arg(exitCode).arg(
                                          QString::fromUtf8(err).trimmed()));
                                      return;
                                  }
                                  c->succeed(QStringLiteral("now %1").arg(now));
                              });
    };
    p.steps.append(s);
    p.risks << QStringLiteral("Changes a kernel setting for every process on %1 (sudo).").arg(ssh.host);
    return p;
}

Plan merge(const QList<Plan> &plans)
{
    if (plans.size() == 1)
        return plans.first();
    Plan p = doctorBasePlan(QStringLiteral("Apply %1 doctor fixes").arg(plans.size()), QString());
    p.nodes.clear();
    for (const Plan &one : plans) {
        for (const QString &n : one.nodes) {
            if (!p.nodes.contains(n))
                p.nodes.append(n);
        }
        p.preconditions += one.preconditions;
        for (const QString &r : one.risks) {
            if (!p.risks.contains(r))
                p.risks.append(r);
        }
        for (PlanStep step : one.steps) {
            step.id = step.id + QLatin1Char('-') + QString::number(p.steps.size() + 1);
            p.steps.append(step);
        }
    }
    return p;
}

} // namespace DoctorFixes
