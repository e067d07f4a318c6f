#pragma once

#include "OperationCommand.h"

#include "setup/SetupOptions.h"

#include <QHash>

// tandemctl setup --master NODE --replica NODE [--replica NODE...] [--auth password|acl|keep]
// [--acl-user NAME] [--password-file FILE | --generate-password --password-out FILE]
// [--keepalive S] [--persistence aof|rdb|keep] [--discard-replica-data] [--repoint]
// [--min-replicas N] [--config-file NODE=PATH...] [--dry-run] [--json] [--yes]: the tutorials' whole replication set-up as
// one reviewed plan (SetupProbe, then SetupPlanner). Connection options (-a is the nodes'
// current password) apply to every node. Exit 0 only when verified; 1 refused or failed (the
// nodes restored); 3 a node could not be reached or authenticated (nothing changed).
class SetupCommand : public OperationCommand
{
    Q_OBJECT
public:
    using OperationCommand::OperationCommand;
    void start(const QStringList &args) override;

protected:
    ConnectionProfile profileFor(const QString &address) const override;

private:
    bool readOptions();
    bool readPassword();
    bool writePasswordOut();
    void probed();

    SetupOptions m_options;
    QHash<QString, ConnectionProfile> m_profiles;
};
