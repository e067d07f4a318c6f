#include "RemoteConfigPlanner.h"

#include "RemoteConfigSteps.h"

#include "config/ConfigDiff.h"
#include "config/ConfigValidator.h"
#include "ssh/SftpFileWriter.h"

#include <QJsonArray>

namespace {

QString sideText(const ConfigDifference::Side &s)
{
    if (!s.present)
        return QStringLiteral("(not set)");
    return QString::fromUtf8(QByteArrayList(s.values.cbegin(), s.values.cend()).join(" / "));
}

} // namespace

namespace RemoteConfigPlanner {

QString sshTarget(const SshOptions &ssh)
{
    return QStringLiteral("%1%2:%3")
        .arg(ssh.user.isEmpty() ? QString() : QString(ssh.user + QLatin1Char('@')), ssh.host)
        .arg(ssh.port);
}

QStringList errors(const ConfigDocument &document)
{
    ConfigValidator::Options options;
    options.followIncludes = false;
    QStringList out;
    for (const ConfigDiagnostic &d : ConfigValidator::validate(document, options)) {
        if (d.severity == ConfigDiagnostic::Severity::Error)
            out << QStringLiteral("line %1: %2").arg(d.line).arg(d.message);
    }
    return out;
}

Plan build(const RemoteConfigTarget &target, const ConfigDocument &current, const ConfigDocument &desired,
           const RemoteConfigOptions &options, const QString &source)
{
    Plan plan;
    plan.operation = QString::fromLatin1(kOperation);
    plan.strategy = options.restartCommand.trimmed().isEmpty() ? QStringLiteral("write") : QStringLiteral("write-restart");
    const QString host = sshTarget(target.ssh);
    plan.title = source.isEmpty() ? QStringLiteral("Replace %1 on %2").arg(target.path, host)
                                  : QStringLiteral("Replace %1 on %2 with %3").arg(target.path, host, source);
    const bool hasNode = !target.node.host.isEmpty();
    if (hasNode)
        plan.nodes = {target.node.address()};

    const QStringList problems = errors(desired);
    Precondition valid;
    valid.text = QStringLiteral("the file has no errors redis-server would refuse to start with");
    valid.ok = problems.isEmpty() || options.overrideErrors;
    if (!problems.isEmpty())
        valid.detail = QStringLiteral("%1 error(s) (%2)%3")
                           .arg(problems.size())
                           .arg(problems.mid(0, 3).join(QStringLiteral("; ")),
                                options.overrideErrors ? QStringLiteral("; written anyway, as asked") : QString());
    plan.preconditions.append(valid);

    QJsonArray changes;
    for (const ConfigDifference &d : ConfigDiff::compare(current, desired))
        changes.append(QString(QString::fromUtf8(d.directive) + QStringLiteral(": ") + sideText(d.left)
                               + QStringLiteral(" -> ") + sideText(d.right)));
    plan.facts.insert(QStringLiteral("file"), target.path);
    plan.facts.insert(QStringLiteral("ssh"), host);
    plan.facts.insert(QStringLiteral("changes"), changes);
    plan.facts.insert(QStringLiteral("backup"), SftpFileWriter::backupPathFor(target.path));
    const QString restart = options.restartCommand.trimmed();
    plan.facts.insert(QStringLiteral("restart"), restart.isEmpty() ? QStringLiteral("none") : restart);
    if (restart.isEmpty())
        plan.risks.append(QStringLiteral("No restart: the node runs the new settings after its next restart"));
    else
        plan.risks.append(QStringLiteral("The restart interrupts clients of the node; a replica may need a full resync"));
    if (!problems.isEmpty() && options.overrideErrors)
        plan.risks.append(QStringLiteral("redis-server would refuse to start with this file"));

    plan.steps.append(RemoteConfigSteps::write(target.ssh, target.path, desired.toBytes(),
                                               target.checkUnchanged ? &target.readInfo : nullptr,
                                               options.commandTimeoutMs));
    if (!restart.isEmpty())
        plan.steps.append(RemoteConfigSteps::restart(target.ssh, restart, options.commandTimeoutMs));
    if (hasNode)
        plan.steps.append(RemoteConfigSteps::healthCheck(target.node.address(), desired, !restart.isEmpty(),
                                                         options.healthTimeoutMs));
    return plan;
}

} // namespace RemoteConfigPlanner
