#pragma once

#include "info/NodeSnapshot.h"
#include "net/RespClient.h"

#include <QByteArrayList>
#include <QString>

class ReplicationLab;

// One-shot, blocking looks at a ReplicationLab node for operation tests (promote, failover,
// fence): a command on a fresh connection, its INFO, whether it follows a given master.
class LabProbe
{
public:
    LabProbe() = delete;

    // A ConnectionRefused error when the node does not answer within 3 s.
    static RespResult call(const ReplicationLab &lab, const QString &name, const QByteArrayList &args,
                           int timeoutMs = 10000);
    // An empty snapshot when the node does not answer.
    static NodeSnapshot info(const ReplicationLab &lab, const QString &name);
    // `name` is a replica of `master` with its link up.
    static bool follows(const ReplicationLab &lab, const QString &name, const QString &master);
};
