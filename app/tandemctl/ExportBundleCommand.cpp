#include "ExportBundleCommand.h"

#include "export/BundleExport.h"
#include "export/ExportJob.h"
#include "ssh/SshSessionPool.h"

QString ExportBundleCommand::description() const
{
    return QStringLiteral(
        "Writes a deployment bundle for the replication group of the seed: per node a settings fragment "
        "to include at the top of /etc/redis/redis-PORT.conf (written too: paths and replicaof only, so "
        "CONFIG REWRITE and Sentinel keep owning it) and a systemd drop-in for redis-server@PORT; a "
        "sentinel.conf and drop-in per Sentinel; users.acl; the topology; a README.md with the steps in "
        "order and SHA256SUMS. --out ending in .tar.gz or .tgz writes an archive, else a folder. "
        "Passwords are placeholders unless --include-secrets. Exit 0 written, 1 problem, 2 usage, "
        "3 unreachable.");
}

QList<QCommandLineOption> ExportBundleCommand::ownOptions() const
{
    QList<QCommandLineOption> options;
    for (const QCommandLineOption &o : ExportSentinelCommand::ownOptions()) {
        if (o.names().first() != QLatin1String("out"))
            options << o;
    }
    options << QCommandLineOption(QStringLiteral("out"), QStringLiteral("FILE.tar.gz (or .tgz) for an archive, else a folder."),
                                  QStringLiteral("FILE|DIR"));
    return options;
}

bool ExportBundleCommand::takeOptions(const QCommandLineParser &parser)
{
    m_out = parser.value(QStringLiteral("out"));
    if (m_out.isEmpty()) {
        usageError(QStringLiteral("export bundle needs --out FILE.tar.gz or --out DIR"));
        return false;
    }
    return takeSentinelOptions(parser);
}

void ExportBundleCommand::startExport(const Topology &topology, const QString &seed,
                                      const std::function<ConnectionProfile(const QString &)> &profileFor)
{
    m_job = new ExportJob(sshPool(), this);
    connect(m_job, &ExportJob::finished, this, &ExportBundleCommand::onFinished);
    connect(m_job, &ExportJob::failed, this, [this](const QString &reason, bool unreachable) {
        err() << "tandemctl: " << reason << "\n";
        finish(unreachable ? ExitConnect : ExitProblem);
    });
    ExportJob::Request request;
    request.kind = ExportJob::Kind::Bundle;
    request.address = seed;
    request.includeSecrets = m_options.includeSecrets;
    request.sentinel = m_options;
    m_job->start(topology, profileFor, request);
}

void ExportBundleCommand::onFinished()
{
    QString error;
    if (!m_job->save(m_out, &error)) {
        err() << "tandemctl: " << error << "\n";
        finish(ExitProblem);
        return;
    }
    for (const QString &w : m_job->warnings())
        warn(w);
    out() << "wrote " << m_out << ": " << m_job->files().size() << " files for " << m_job->sources().join(QStringLiteral(", "))
          << (BundleExport::isArchivePath(m_out) ? QStringLiteral(" (under %1/)").arg(m_job->folderName()) : QString())
          << "\n"
          << "next: read README.md in it; it lists the steps in order\n";
    finish(ExitOk);
}
