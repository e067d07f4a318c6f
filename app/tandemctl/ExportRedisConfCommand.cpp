#include "ExportRedisConfCommand.h"

#include "export/ExportAudit.h"
#include "export/RedisConfExporter.h"
#include "net/RespClient.h"

#include <QFileInfo>

namespace {
const QString kMinimal = QStringLiteral("minimal");
const QString kIncludeSecrets = QStringLiteral("include-secrets");
const QString kOut = QStringLiteral("out");
} // namespace

QString ExportRedisConfCommand::description() const
{
    return QStringLiteral(
        "Exports NODE's redis.conf as it runs. When NODE is reached through --ssh and runs from a\n"
        "file, that file is read over SFTP and every setting whose running value differs is put\n"
        "to it (comments and order kept); otherwise the file is generated from CONFIG GET *.\n"
        "--minimal keeps only the settings that differ from that Redis version's defaults,\n"
        "grouped by section and commented. Passwords become <hidden> unless --include-secrets.");
}

void ExportRedisConfCommand::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {kMinimal, QStringLiteral("Only the settings that differ from the defaults.")},
        {kIncludeSecrets, QStringLiteral("Write passwords in clear (the file must then be kept private).")},
        {kOut, QStringLiteral("Write to FILE instead of standard output."), QStringLiteral("FILE")},
    });
}

void ExportRedisConfCommand::onReady()
{
    client()->disconnectFromServer();
    RedisConfExportOptions options;
    options.minimal = parser().isSet(kMinimal);
    options.includeSecrets = parser().isSet(kIncludeSecrets);
    auto *exporter = new RedisConfExporter(profile(), sshPool(), this);
    connect(exporter, &RedisConfExporter::failed, this, [this](const NetError &error) { failWith(error); });
    connect(exporter, &RedisConfExporter::finished, this, [this, options](const RedisConfExportResult &result) {
        const QString path = parser().value(kOut);
        QString error;
        if (!path.isEmpty() && !ExportFile::writeOne(result.bytes, path, &error, ExportFile::accessFor(options.includeSecrets))) {
            err() << "tandemctl: " << error << "\n";
            finish(ExitProblem);
            return;
        }
        if (path.isEmpty())
            out() << QString::fromUtf8(result.bytes);
        out().flush();
        for (const QString &w : result.warnings)
            err() << "warning: " << w << "\n";
        ExportAudit::Entry entry;
        entry.what = options.minimal ? QStringLiteral("minimal redis.conf") : QStringLiteral("redis.conf");
        entry.sources = {profile().address()};
        entry.destination = path.isEmpty() ? QStringLiteral("-") : QFileInfo(path).absoluteFilePath();
        entry.secretsIncluded = options.includeSecrets;
        entry.files = {{path.isEmpty() ? QStringLiteral("-") : QFileInfo(path).fileName(), result.bytes}};
        if (!ExportAudit::record(entry))
            err() << "warning: the export could not be written to the audit log\n";
        if (!path.isEmpty())
            err() << result.origin << ": wrote " << path << " (" << result.bytes.size() << " bytes)\n";
        finish(ExitOk);
    });
    exporter->start(options);
}
