#include "ExportSentinelCommand.h"

#include "export/SentinelConfExport.h"

#include <QDir>

namespace {

bool wholeNumber(const QCommandLineParser &parser, const QString &name, int *value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v < 0)
        return false;
    *value = v;
    return true;
}

} // namespace

QString ExportSentinelCommand::description() const
{
    return QStringLiteral(
        "Writes one sentinel.conf per sentinel host for the replication group of the seed: the master "
        "to monitor, the group's credentials (placeholders unless --include-secrets), the timings, and "
        "TLS and host-name settings when the group uses them. Exit 0 written, 1 problem, 2 usage, "
        "3 unreachable.");
}

QList<QCommandLineOption> ExportSentinelCommand::ownOptions() const
{
    return {
        {QStringLiteral("name"), QStringLiteral("The name sentinels know the master by (default mymaster)."),
         QStringLiteral("NAME")},
        {QStringLiteral("sentinel"), QStringLiteral("A sentinel host (repeatable; default three on the group's hosts, port 26379)."),
         QStringLiteral("HOST:PORT")},
        {QStringLiteral("quorum"), QStringLiteral("Sentinels that must agree the master is down (default a majority)."),
         QStringLiteral("N")},
        {QStringLiteral("down-after"), QStringLiteral("down-after-milliseconds (default 30000)."), QStringLiteral("MS")},
        {QStringLiteral("failover-timeout"), QStringLiteral("failover-timeout in milliseconds (default 180000)."),
         QStringLiteral("MS")},
        {QStringLiteral("parallel-syncs"), QStringLiteral("Replicas resyncing at once after a failover (default 1)."),
         QStringLiteral("N")},
        {QStringLiteral("include-secrets"), QStringLiteral("Write the group's password instead of a placeholder.")},
        {QStringLiteral("out"), QStringLiteral("Directory to write the files into (created as needed)."), QStringLiteral("DIR")},
    };
}

bool ExportSentinelCommand::takeOptions(const QCommandLineParser &parser)
{
    m_outDir = parser.value(QStringLiteral("out"));
    if (m_outDir.isEmpty()) {
        usageError(QStringLiteral("export sentinel needs --out DIR"));
        return false;
    }
    return takeSentinelOptions(parser);
}

bool ExportSentinelCommand::takeSentinelOptions(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("name")))
        m_options.name = parser.value(QStringLiteral("name"));
    m_options.sentinels = parser.values(QStringLiteral("sentinel"));
    m_options.includeSecrets = parser.isSet(QStringLiteral("include-secrets"));
    const bool numbersOk = wholeNumber(parser, QStringLiteral("quorum"), &m_options.quorum)
        && wholeNumber(parser, QStringLiteral("down-after"), &m_options.downAfterMs)
        && wholeNumber(parser, QStringLiteral("failover-timeout"), &m_options.failoverTimeoutMs)
        && wholeNumber(parser, QStringLiteral("parallel-syncs"), &m_options.parallelSyncs);
    if (!numbersOk) {
        usageError(QStringLiteral("--quorum, --down-after, --failover-timeout and --parallel-syncs take whole numbers"));
        return false;
    }
    if (const QString error = SentinelConfExport::optionsError(m_options); !error.isEmpty()) {
        usageError(error);
        return false;
    }
    return true;
}

void ExportSentinelCommand::exported(const GroupExportFacts &facts)
{
    QStringList warnings;
    const QList<ExportFile> files = SentinelConfExport::files(facts, m_options, &warnings);
    for (const QString &w : std::as_const(warnings))
        warn(w);
    QString error;
    if (!ExportFile::writeAll(files, m_outDir, &error, ExportFile::accessFor(m_options.includeSecrets))) {
        err() << "tandemctl: " << error << "\n";
        finish(ExitProblem);
        return;
    }
    QStringList repeated;  // already printed above
    const QStringList sentinels = SentinelConfExport::sentinelAddresses(facts, m_options, &repeated);
    for (qsizetype i = 0; i < files.size(); ++i)
        out() << "wrote " << QDir(m_outDir).filePath(files.at(i).name) << " (sentinel " << sentinels.value(i) << ")\n";
    if (m_options.includeSecrets) {
        const bool secret = !facts.authPassword().isEmpty() || (facts.tls && !facts.configValue("tls-key-file-pass").isEmpty());
        warn(secret ? QStringLiteral("the files contain the group's password: keep them private")
                    : QStringLiteral("--include-secrets: the group has no password, so the files contain none"));
    }
    audit(QStringLiteral("sentinel.conf"), facts, m_outDir, m_options.includeSecrets, files);
    finish(ExitOk);
}
