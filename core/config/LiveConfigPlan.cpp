#include "LiveConfigPlan.h"

#include "ConfigDiff.h"
#include "ConfigDocument.h"
#include "ConfigSchema.h"
#include "ConfigValidator.h"
#include "LiveConfig.h"

namespace {

QByteArray canonical(const QByteArray &name)
{
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(name);
    return d ? QByteArray(d->name) : name.toLower();
}

QList<QByteArray> masked(const QList<QByteArray> &values, bool sensitive)
{
    if (!sensitive)
        return values;
    QList<QByteArray> out;
    for (const QByteArray &v : values)
        out.append(v.isEmpty() || v == "\"\"" ? v : LiveConfig::placeholder());
    return out;
}

QByteArray joinValues(const QList<QByteArray> &values)
{
    return values.isEmpty() ? QByteArrayLiteral("(not set)") : values.join(" | ");
}

} // namespace

bool LiveConfigPlan::build(const ConfigDocument &live, const ConfigDocument &desired, bool rewrite,
                           LiveConfigPlan *plan, QString *error)
{
    *plan = LiveConfigPlan();
    QStringList problems;
    for (const ConfigDiagnostic &d : ConfigValidator::validate(desired)) {
        if (d.severity == ConfigDiagnostic::Severity::Error)
            problems.append(QStringLiteral("line %1: %2").arg(d.line).arg(d.message));
    }
    if (!problems.isEmpty()) {
        if (error)
            *error = QStringLiteral("the desired file has errors; nothing applied:\n  %1")
                         .arg(problems.join(QStringLiteral("\n  ")));
        return false;
    }

    // Secrets must be compared for real; masking happens below, per step.
    ConfigDiff::Options options;
    options.maskSecrets = false;
    const QList<ConfigDifference> diffs = ConfigDiff::compare(live, desired, options);

    // Steps follow the desired file's order, so an operator reads the plan like the file.
    QList<QByteArray> order;
    for (const ConfigLine &line : desired.lines()) {
        if (line.kind != ConfigLine::Kind::Directive)
            continue;
        const QByteArray name = canonical(line.name);
        if (!order.contains(name))
            order.append(name);
    }

    for (const QByteArray &name : order) {
        const ConfigDifference *diff = nullptr;
        for (const ConfigDifference &d : diffs) {
            if (d.directive == name)
                diff = &d;
        }
        if (!diff || !diff->right.present)
            continue;
        const ConfigSchema::Directive *schema = ConfigSchema::instance().find(name);
        Step step;
        step.directive = name;
        step.sensitive = schema && schema->has(ConfigSchema::Sensitive);
        step.liveValues = masked(diff->left.values, step.sensitive);
        step.desiredValues = masked(diff->right.values, step.sensitive);
        for (const ConfigLine &line : desired.lines()) {
            if (line.kind == ConfigLine::Kind::Directive && canonical(line.name) == name)
                step.desiredLines.append(line.args);
        }
        const bool multi = schema && schema->has(ConfigSchema::MultiArg);
        // A single-value directive takes its last occurrence, like redis-server does.
        if (!multi && step.desiredLines.size() > 1)
            step.desiredLines = {step.desiredLines.constLast()};
        if (name == "replicaof") {
            // CONFIG SET refuses replicaof, but the REPLICAOF command changes it live.
            step.kind = Step::Kind::ReplicaOf;
            step.desiredLines = {step.desiredLines.constLast()};
            const QList<QByteArray> &args = step.desiredLines.constFirst();
            const bool noOne = args.size() == 2 && args.at(0).toLower() == "no" && args.at(1).toLower() == "one";
            step.command = noOne ? QList<QByteArray>{"REPLICAOF", "NO", "ONE"} : QList<QByteArray>{"REPLICAOF"} + args;
        } else if (!schema || schema->has(ConfigSchema::Immutable)) {
            // Hand-parsed or unknown directives (include, rename-command...) have no CONFIG SET.
            step.kind = Step::Kind::Restart;
        } else {
            // Multi-line directives (save, client-output-buffer-limit) are set in one go:
            // CONFIG SET replaces the whole list, so per-line SETs would keep only the last.
            QList<QByteArray> words;
            for (const QList<QByteArray> &args : std::as_const(step.desiredLines))
                words += args;
            step.command = {QByteArrayLiteral("CONFIG"), QByteArrayLiteral("SET"), name, words.join(' ')};
        }
        plan->m_steps.append(step);
    }
    plan->m_rewrite = rewrite && (!plan->sets().isEmpty() || plan->replicaOf());
    return true;
}

QList<LiveConfigPlan::Step> LiveConfigPlan::sets() const
{
    QList<Step> out;
    for (const Step &s : m_steps) {
        if (s.kind == Step::Kind::Set)
            out.append(s);
    }
    return out;
}

QList<LiveConfigPlan::Step> LiveConfigPlan::restarts() const
{
    QList<Step> out;
    for (const Step &s : m_steps) {
        if (s.kind == Step::Kind::Restart)
            out.append(s);
    }
    return out;
}

const LiveConfigPlan::Step *LiveConfigPlan::replicaOf() const
{
    for (const Step &s : m_steps) {
        if (s.kind == Step::Kind::ReplicaOf)
            return &s;
    }
    return nullptr;
}

QString LiveConfigPlan::replicaOfTarget() const
{
    const Step *s = replicaOf();
    if (!s || s->command.size() != 3 || s->command.at(1) == "NO")
        return {};
    QString host = QString::fromUtf8(s->command.at(1));
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return host + QLatin1Char(':') + QString::fromUtf8(s->command.at(2));
}

QByteArray LiveConfigPlan::renderCommand(const Step &step)
{
    if (step.kind == Step::Kind::ReplicaOf)
        return step.command.join(' ');
    if (step.command.size() < 4)
        return {};
    const QByteArray value = step.sensitive && !step.command.at(3).isEmpty() ? LiveConfig::placeholder()
                                                                             : step.command.at(3);
    return QByteArray("CONFIG SET " + step.directive + ' ' + ConfigDocument::quoteArg(value));
}

QString LiveConfigPlan::render() const
{
    if (m_steps.isEmpty())
        return QStringLiteral("nothing to change: the node already runs these settings\n");
    QString out;
    for (const Step &s : m_steps) {
        const QString change = QString::fromUtf8(QByteArray(joinValues(s.liveValues) + " -> " + joinValues(s.desiredValues)));
        if (s.kind != Step::Kind::Restart)
            out += QString(QString::fromUtf8(renderCommand(s)) + QStringLiteral("    # ") + change + QLatin1Char('\n'));
        else
            out += QString(QStringLiteral("RESTART NEEDED ") + QString::fromUtf8(s.directive)
                           + QStringLiteral(" (cannot be changed at runtime)    # ") + change + QLatin1Char('\n'));
    }
    if (m_rewrite)
        out += QStringLiteral("CONFIG REWRITE\n");
    return out;
}
