#include "LabCommand.h"

#include "lab/LocalLab.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

void LabCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Local redis-server sandboxes.\n"
        "  lab up --dir D [--replicas N] [--chain] [--chained N] [--password P] [--tls]\n"
        "  lab down --dir D\n"
        "  lab status --dir D"));
    m_parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("up, down or status"));
    m_parser.addOptions({
        {QStringLiteral("dir"), QStringLiteral("Directory of the lab."), QStringLiteral("D")},
        {QStringLiteral("replicas"), QStringLiteral("Number of replicas (default 2)."),
         QStringLiteral("N"), QStringLiteral("2")},
        {QStringLiteral("chain"), QStringLiteral("Chain the replicas: master -> r1 -> r2 ...")},
        {QStringLiteral("chained"), QStringLiteral("Extra replicas of replica1 (replica1a, ...)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("password"), QStringLiteral("requirepass/masterauth on every node."),
         QStringLiteral("P")},
        {QStringLiteral("tls"), QStringLiteral("TLS-only nodes with a generated CA and certificates.")},
        {QStringLiteral("json"), QStringLiteral("Print JSON.")},
    });
    if (!parseArguments(m_parser, args))
        return;

    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() != 1) {
        usageError(QStringLiteral("lab needs one action: up, down or status"));
        return;
    }
    if (!m_parser.isSet(QStringLiteral("dir"))) {
        usageError(QStringLiteral("lab needs --dir D"));
        return;
    }
    m_lab = new LocalLab(QDir(m_parser.value(QStringLiteral("dir"))).absolutePath(), this);

    const QString action = positional.first();
    if (action == QLatin1String("up"))
        up();
    else if (action == QLatin1String("down"))
        down();
    else if (action == QLatin1String("status"))
        status();
    else
        usageError(QStringLiteral("unknown lab action '%1' (up, down or status)").arg(action));
}

void LabCommand::up()
{
    bool ok = false;
    LabSpec spec;
    spec.replicas = m_parser.value(QStringLiteral("replicas")).toInt(&ok);
    if (!ok || spec.replicas < 0 || spec.replicas > 64) {
        usageError(QStringLiteral("--replicas takes a number from 0 to 64"));
        return;
    }
    spec.chain = m_parser.isSet(QStringLiteral("chain"));
    spec.chainedReplicas = m_parser.value(QStringLiteral("chained")).toInt(&ok);
    if (!ok || spec.chainedReplicas < 0 || spec.chainedReplicas > 26) {
        usageError(QStringLiteral("--chained takes a number from 0 to 26"));
        return;
    }
    spec.password = m_parser.value(QStringLiteral("password"));
    spec.tls = m_parser.isSet(QStringLiteral("tls"));

    if (m_lab->load()) {
        for (const LabNode &node : m_lab->nodes()) {
            if (m_lab->isRunning(node)) {
                err() << "tandemctl: a lab is already running in " << m_lab->dir()
                      << " (tandemctl lab down --dir " << m_lab->dir() << ")\n";
                finish(ExitProblem);
                return;
            }
        }
    }
    connect(m_lab, &LocalLab::progress, this, [](const QString &message) {
        err() << message << "\n";
        err().flush();
    });
    connect(m_lab, &LocalLab::started, this, [this] {
        printNodes(false);
        finish(ExitOk);
    });
    connect(m_lab, &LocalLab::failed, this, [this](const QString &reason) {
        err() << "tandemctl: the lab did not start: " << reason << "\n";
        finish(ExitProblem);
    });
    m_lab->start(spec);
}

void LabCommand::down()
{
    if (!m_lab->load()) {
        err() << "tandemctl: no lab in " << m_lab->dir() << "\n";
        finish(ExitProblem);
        return;
    }
    const int count = int(m_lab->nodes().size());
    m_lab->stop();
    out() << "stopped " << count << " node(s) in " << m_lab->dir() << "\n";
    finish(ExitOk);
}

void LabCommand::status()
{
    if (!m_lab->load()) {
        err() << "tandemctl: no lab in " << m_lab->dir() << "\n";
        finish(ExitProblem);
        return;
    }
    printNodes(true);
    for (const LabNode &node : m_lab->nodes()) {
        if (!m_lab->isRunning(node)) {
            finish(ExitProblem);
            return;
        }
    }
    finish(ExitOk);
}

void LabCommand::printNodes(bool withState)
{
    const bool asJson = m_parser.isSet(QStringLiteral("json"));
    QJsonArray nodes;
    for (const LabNode &node : m_lab->nodes()) {
        const ConnectionProfile p = m_lab->profileFor(node);
        const QString address = p.address();
        const bool running = m_lab->isRunning(node);
        if (asJson) {
            QJsonObject o{{QStringLiteral("name"), node.name},
                          {QStringLiteral("address"), address},
                          {QStringLiteral("master"), node.masterName.isEmpty()
                                                         ? QJsonValue(QJsonValue::Null)
                                                         : QJsonValue(node.masterName)},
                          {QStringLiteral("tls"), p.tls.enabled},
                          {QStringLiteral("pid"), node.pid}};
            if (withState)
                o.insert(QStringLiteral("running"), running);
            nodes.append(o);
            continue;
        }
        out() << node.name.leftJustified(10) << " " << address.leftJustified(16);
        if (!node.masterName.isEmpty())
            out() << " replica of " << node.masterName;
        else
            out() << " master";
        if (withState)
            out() << (running ? "  running" : "  STOPPED");
        out() << "\n";
    }
    if (asJson) {
        out() << QJsonDocument(QJsonObject{{QStringLiteral("dir"), m_lab->dir()},
                                           {QStringLiteral("nodes"), nodes}})
                     .toJson(QJsonDocument::Indented);
        return;
    }
    const QList<LabNode> all = m_lab->nodes();
    if (!all.isEmpty()) {
        const ConnectionProfile p = m_lab->profileFor(all.first());
        if (p.tls.enabled) {
            out() << "TLS: --tls --cacert " << p.tls.caFile << " --cert " << p.tls.certFile
                  << " --key " << p.tls.keyFile << "\n";
        }
    }
}
