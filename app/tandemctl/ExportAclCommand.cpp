#include "ExportAclCommand.h"

#include "export/AclExport.h"

#include <QDir>
#include <QFileInfo>

QString ExportAclCommand::description() const
{
    return QStringLiteral(
        "Writes the users of the seed's replication group (the master's ACL LIST) as a users.acl that "
        "redis-server loads with `aclfile`. Passwords appear only as SHA-256 hashes. Warns when a "
        "replica's users differ. Exit 0 written, 1 problem, 2 usage, 3 unreachable.");
}

QList<QCommandLineOption> ExportAclCommand::ownOptions() const
{
    return {
        {QStringLiteral("out"), QStringLiteral("File to write (default standard output)."), QStringLiteral("FILE")},
    };
}

bool ExportAclCommand::takeOptions(const QCommandLineParser &parser)
{
    m_outFile = parser.value(QStringLiteral("out"));
    return true;
}

void ExportAclCommand::exported(const GroupExportFacts &facts)
{
    QStringList warnings;
    ExportFile file = AclExport::file(facts, &warnings);
    for (const QString &w : std::as_const(warnings))
        warn(w);
    if (m_outFile.isEmpty()) {
        out() << QString::fromUtf8(file.bytes);
        out().flush();
    } else {
        QString error;
        QDir().mkpath(QFileInfo(m_outFile).absolutePath());  // like --out DIR of other exports
        if (!ExportFile::writeOne(file.bytes, m_outFile, &error)) {
            err() << "tandemctl: " << error << "\n";
            finish(ExitProblem);
            return;
        }
        out() << "wrote " << m_outFile << " (" << facts.aclLines.size() << " users)\n";
    }
    audit(QStringLiteral("users.acl"), facts, m_outFile.isEmpty() ? QStringLiteral("-") : m_outFile, false, {file});
    finish(facts.aclRead ? ExitOk : ExitProblem);
}
