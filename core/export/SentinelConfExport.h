#pragma once

#include "ExportFile.h"
#include "GroupExportFacts.h"
#include "SentinelExportOptions.h"

#include <QList>
#include <QString>
#include <QStringList>

// One sentinel.conf per sentinel host that redis-sentinel 7.0 accepts as it is: the master to
// monitor with its quorum, the credentials the group needs (placeholders unless secrets are
// included), the timings, host-name resolution when nodes are named by host name, and TLS when
// the group speaks TLS. Never the state Sentinel writes for itself (myid, known replicas and
// sentinels, epochs): copied between hosts, that breaks elections.
class SentinelConfExport
{
public:
    static constexpr quint16 kDefaultPort = 26379;

    // Files named "sentinel-HOST-PORT.conf", in the order of sentinelAddresses().
    static QList<ExportFile> files(const GroupExportFacts &facts, const SentinelExportOptions &options,
                                   QStringList *warnings);

    // options.sentinels, or three on the group's hosts at port 26379 (fewer hosts: ports
    // 26379, 26380, 26381 over the hosts there are, with a warning).
    static QStringList sentinelAddresses(const GroupExportFacts &facts, const SentinelExportOptions &options,
                                         QStringList *warnings);
    // `quorum`, or a majority of `sentinels` when it is 0.
    static int effectiveQuorum(int sentinels, int quorum);
    // Why `options` cannot be exported ("" when they can): bad name, HOST:PORT, numbers.
    static QString optionsError(const SentinelExportOptions &options);
    static QString fileName(const QString &host, quint16 port);
};
