#pragma once

#include "net/ConnectionProfile.h"
#include "ssh/RemoteFileTypes.h"

#include <QString>

class ConfigDocument;

// Where the editor's document came from, and so where Apply sends it: a local file, a file on
// a server read over SSH, or a node's running configuration (CONFIG GET *).
struct ConfigSource
{
    enum class Kind { LocalFile, RemoteFile, LiveNode };

    Kind kind = Kind::LocalFile;
    QString path;              // local or remote path (empty for a live node)
    SshOptions ssh;            // RemoteFile: the host holding the file
    RemoteFileInfo remoteInfo; // RemoteFile: as readFile() reported it
    ConnectionProfile node;    // LiveNode, or the node running a remote file (host empty = none)
    bool hasNode = false;      // `node` is meaningful (opened from a node)

    static ConfigSource local(const QString &path);
    static ConfigSource remote(const SshOptions &ssh, const QString &path, const RemoteFileInfo &info);
    static ConfigSource live(const ConnectionProfile &node);

    // "ssh root@10.0.0.5:/etc/redis/redis.conf", "live 10.0.0.5:6379", or the local path.
    QString describe() const;
    // The name a window title starts with: the file name, or "live 10.0.0.5:6379".
    QString shortName() const;
    static QString sshTarget(const SshOptions &ssh);  // user@host[:port]
};

// A live document shows secrets masked. Before planning or comparing against the node, every
// sensitive directive the user left masked takes its real value from `liveWithSecrets` again,
// so a placeholder is never sent to a server.
ConfigDocument unmaskSecrets(const ConfigDocument &edited, const ConfigDocument &liveWithSecrets);
