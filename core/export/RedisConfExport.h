#pragma once

#include "ExportFile.h"
#include "config/RedisVersion.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// A node's redis.conf as it runs, built from what was read from it (no I/O here):
// - with the node's own file (read over SSH): that file, comments and order kept, with every
//   setting whose running value differs from the file's put to the running value;
// - without it: a file generated from CONFIG GET *, grouped by redis.conf's sections;
// - minimal: only the settings that differ from that Redis version's defaults, grouped, each
//   commented with the schema's description and default.
// Secrets (requirepass, masterauth, tls key passphrases) become LiveConfig::placeholder()
// unless includeSecrets; clear ACL passwords ("user ... >secret") become their SHA-256
// ("#<hex>"), which redis-server accepts and which carries no clear secret.
struct RedisConfExportOptions
{
    bool minimal = false;
    bool includeSecrets = false;
    // Directives left out (lower-case): a fragment for an `include` leaves replicaof to the
    // including file (CONFIG REWRITE and Sentinel own it) and the host's paths to its layout.
    QList<QByteArray> omit;
};

struct RedisConfExportInput
{
    QString address;                                  // host:port, for the header
    RedisVersion version = RedisVersion::reference();
    QString versionText;                              // "7.0.15"
    QList<QPair<QByteArray, QByteArray>> live;        // CONFIG GET * (real values; memory only)
    QList<QByteArray> aclUsers;                       // ACL LIST lines; empty when unknown
    bool haveFile = false;                            // the node's own file was read
    QString filePath;
    QByteArray fileBytes;
};

struct RedisConfExportResult
{
    QByteArray bytes;
    QString origin;          // one line: where the content came from
    QStringList warnings;
    int updatedSettings = 0; // file mode: settings put to their running value
    QStringList secretsHidden;  // directive names whose values became placeholders
};

class RedisConfExport
{
public:
    static RedisConfExportResult build(const RedisConfExportInput &input, const RedisConfExportOptions &options);
    // The ACL LIST lines worth writing as `user` directives: every user but an unrestricted
    // default one (requirepass says everything about that one).
    static QList<QByteArray> userDirectives(const QList<QByteArray> &aclUsers);
    // "redis-HOST-PORT.conf" (":" and "/" made safe).
    static QString fileNameFor(const QString &address);

private:
    static QByteArray header(const RedisConfExportInput &input, const RedisConfExportOptions &options,
                             const QString &origin);
};
