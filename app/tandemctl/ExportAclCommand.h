#pragma once

#include "GroupExportCommand.h"

// tandemctl export acl --seed NODE [--out FILE]: the group master's users as a users.acl
// (hashed passwords only), on standard output without --out.
class ExportAclCommand : public GroupExportCommand
{
    Q_OBJECT
public:
    using GroupExportCommand::GroupExportCommand;

protected:
    QString description() const override;
    QList<QCommandLineOption> ownOptions() const override;
    bool takeOptions(const QCommandLineParser &parser) override;
    void exported(const GroupExportFacts &facts) override;

private:
    QString m_outFile;
};
