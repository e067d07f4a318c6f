#pragma once

#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QList>
#include <QString>

#include <libssh/libssh.h>

// known_hosts policy for one freshly connected (not yet authenticated) session: accept a known
// key, store a new key only when the user said so, refuse a changed key with a message that
// says which file and line to fix. The file format itself is libssh's business; we only read
// it to point the user at the offending line.
class KnownHosts
{
public:
    // The file to check and update: `configured` with ~ expanded, or ~/.ssh/known_hosts.
    static QString userFile(const QString &configured);
    // Creates the directory (0700 when it is new) and the file (0600) so libssh can append.
    static bool prepareForWrite(const QString &file, QString *error);
    // The name known_hosts uses for host:port: "host" on port 22, "[host]:port" otherwise.
    static QString hostPattern(const QString &host, quint16 port);
    // 1-based numbers of the lines in `file` that name host:port (plain or hashed entries).
    static QList<int> linesFor(const QString &file, const QString &host, quint16 port);
    // "SHA256:abc" for "abc" or "SHA256:abc"; empty stays empty.
    static QString normalizedFingerprint(const QString &text);

    // SHA256 fingerprint of the server's host key ("SHA256:..."), or empty when unavailable.
    static QString serverFingerprint(ssh_session session, QString *keyType = nullptr);
    // Checks the server's key against `file` (already set as SSH_OPTIONS_KNOWNHOSTS) and
    // stores it when allowed. Returns no error when the connection may proceed.
    static NetError verify(ssh_session session, const SshOptions &options, const QString &file);
};
