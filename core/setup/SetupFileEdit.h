#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>

class StepContext;

// A node's config file as set-up's persist step handles it over SSH (the node's connection
// SSH settings name the host, like the config editor).
struct SetupFile
{
    QString path;          // on the node's SSH host
    bool edit = false;     // no usable CONFIG REWRITE: the file is edited over SSH
    QString replicaOf;     // with edit, for a replica: its master ("host:port")
};

// Set-up's file edit and read-back over SSH: the settings the plan changed (CONFIG names and
// values as set), and replicaof for a replica, written with ConfigDocument (comments and order
// kept) through SshSessionPool::writeFile (backup, atomic replace, owner/mode kept). Secrets
// (`secretNames`) are compared, never shown.
namespace SetupFileEdit {

// The file with `values` and replicaof set (pure).
QByteArray edit(const QByteArray &file, const QHash<QByteArray, QByteArray> &values, const QString &replicaOf);
// What the file does not hold, one text per directive ("masterauth differs" for a secret);
// memory units compare as bytes. `absentIsDefault` (after CONFIG REWRITE, which omits
// defaults): a directive missing from the file is not a difference.
QStringList differences(const QByteArray &file, const QHash<QByteArray, QByteArray> &values,
                        const QString &replicaOf, const QStringList &secretNames, bool absentIsDefault = false);
// "set replicaof H P, masterauth <hidden>, tcp-keepalive 60" as a step shows it.
QString describe(const QHash<QByteArray, QByteArray> &values, const QString &replicaOf, const QStringList &secretNames);

// Reads `file.path` over SSH, edits it, writes it (with file.edit), reads it back and
// compares. `done` gets the problem, empty when the file holds every value.
void apply(StepContext &ctx, const QString &node, const SetupFile &file, const QHash<QByteArray, QByteArray> &values,
           const QStringList &secretNames, std::function<void(const QString &problem)> done);

} // namespace SetupFileEdit
