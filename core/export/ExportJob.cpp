#include "ExportJob.h"

#include "ssh/SshSessionPool.h"

#include "AclExport.h"
#include "BundleExport.h"
#include "BundleExporter.h"
#include "ExportAudit.h"
#include "RedisConfExporter.h"
#include "SentinelConfExport.h"

#include <QDir>
#include <QFileInfo>

ExportJob::ExportJob(SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_ssh(ssh)
{
}

QString ExportJob::what() const
{
    switch (m_request.kind) {
    case Kind::RedisConf:
        return m_request.minimal ? QStringLiteral("minimal redis.conf") : QStringLiteral("redis.conf");
    case Kind::Sentinel:
        return QStringLiteral("sentinel.conf");
    case Kind::Acl:
        return QStringLiteral("users.acl");
    case Kind::Bundle:
        return QStringLiteral("deployment bundle");
    }
    return {};
}

void ExportJob::start(const Topology &topology, const GroupExportReader::ProfileLookup &profileFor, const Request &request)
{
    m_request = request;
    m_request.sentinel.includeSecrets = request.includeSecrets;
    m_files.clear();
    m_warnings.clear();
    m_sources.clear();
    if (request.kind == Kind::RedisConf) {
        auto *exporter = new RedisConfExporter(profileFor(request.address), m_ssh, this);
        RedisConfExportOptions options;
        options.minimal = request.minimal;
        options.includeSecrets = request.includeSecrets;
        connect(exporter, &RedisConfExporter::finished, this, [this, exporter](const RedisConfExportResult &r) {
            m_files = {ExportFile{RedisConfExport::fileNameFor(m_request.address), r.bytes}};
            m_warnings = r.warnings;
            m_origin = r.origin;
            m_sources = {m_request.address};
            exporter->deleteLater();
            done();
        });
        connect(exporter, &RedisConfExporter::failed, this, [this, exporter](const NetError &error) {
            exporter->deleteLater();
            Q_EMIT failed(QStringLiteral("%1: %2").arg(m_request.address, error.message), error.isConnectFailure());
        });
        exporter->start(options);
        return;
    }
    if (request.kind == Kind::Bundle) {
        auto *exporter = new BundleExporter(m_ssh, this);
        connect(exporter, &BundleExporter::finished, this, [this, exporter] {
            m_files = exporter->files();
            m_warnings = exporter->warnings();
            m_sources = exporter->sources();
            m_folder = exporter->folderName();
            exporter->deleteLater();
            done();
        });
        connect(exporter, &BundleExporter::failed, this, [this, exporter](const QString &reason, bool unreachable) {
            exporter->deleteLater();
            Q_EMIT failed(reason, unreachable);
        });
        BundleExporter::Options options;
        options.includeSecrets = request.includeSecrets;
        options.sentinel = m_request.sentinel;
        exporter->start(topology, request.address, profileFor, options);
        return;
    }
    startGroup(topology, profileFor);
}

void ExportJob::startGroup(const Topology &topology, const GroupExportReader::ProfileLookup &profileFor)
{
    auto *reader = new GroupExportReader(m_ssh, this);
    connect(reader, &GroupExportReader::ready, this, [this, reader](const GroupExportFacts &facts) {
        m_sources = facts.nodes;
        m_warnings = facts.notes;
        if (m_request.kind == Kind::Sentinel)
            m_files = SentinelConfExport::files(facts, m_request.sentinel, &m_warnings);
        else
            m_files = {AclExport::file(facts, &m_warnings)};
        reader->deleteLater();
        done();
    });
    connect(reader, &GroupExportReader::failed, this, [this, reader](const QString &reason) {
        const bool unreachable = reader->lastError().isConnectFailure();
        reader->deleteLater();
        Q_EMIT failed(reason, unreachable);
    });
    reader->start(topology, m_request.address, profileFor);
}

void ExportJob::done()
{
    if (m_request.includeSecrets)
        m_warnings.prepend(QStringLiteral("This export contains passwords in clear: keep it private."));
    Q_EMIT finished();
}

bool ExportJob::savesToDirectory(const QString &destination) const
{
    return m_request.kind == Kind::Sentinel
           || (m_request.kind == Kind::Bundle && !BundleExport::isArchivePath(destination));
}

QString ExportJob::suggestedName() const
{
    switch (m_request.kind) {
    case Kind::RedisConf:
        return RedisConfExport::fileNameFor(m_request.address);
    case Kind::Sentinel:
        return QStringLiteral("sentinel");
    case Kind::Acl:
        return QStringLiteral("users.acl");
    case Kind::Bundle:
        return m_folder + QStringLiteral(".tar.gz");
    }
    return {};
}

bool ExportJob::save(const QString &destination, QString *error)
{
    if (m_files.isEmpty()) {
        *error = QStringLiteral("nothing to save: the export has not finished");
        return false;
    }
    bool ok = false;
    const ExportFile::Access access = ExportFile::accessFor(m_request.includeSecrets);
    if (m_request.kind == Kind::Bundle)
        ok = BundleExport::writeTo(m_files, m_folder, destination, error, access);
    else if (savesToDirectory(destination))
        ok = ExportFile::writeAll(m_files, destination, error, access);
    else
        ok = ExportFile::writeOne(m_files.first().bytes, destination, error, access);
    if (!ok)
        return false;
    ExportAudit::Entry entry;
    entry.what = what();
    entry.sources = m_sources;
    entry.destination = QFileInfo(destination).absoluteFilePath();
    entry.secretsIncluded = m_request.includeSecrets;
    entry.files = m_files;
    if (!ExportAudit::record(entry))
        m_warnings << QStringLiteral("The export could not be written to the audit log.");
    return true;
}
