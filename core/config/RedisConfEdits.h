#pragma once

#include <QByteArray>
#include <QString>

class ConfigDocument;

// Edits of redis.conf shared by the plans that write it over SSH (the fence, set-up's persist
// step): the directive under its current name, its old alias removed (a later "slaveof" would
// win over "replicaof"), multi-argument values split as redis.conf reads them.
namespace RedisConfEdits {

// replicaof <host> <port>, any "slaveof" line removed.
void setReplicaOf(ConfigDocument &doc, const QString &host, quint16 port);
// `value` as CONFIG GET shows it ("3600 1 300 100", "replica 0 0 60"): "save" replaces every
// save line; "client-output-buffer-limit" replaces only the line of the class it names.
void setValue(ConfigDocument &doc, const QByteArray &name, const QByteArray &value);
// The value the file gives `name`, in the same form (empty when absent).
QByteArray valueOf(const ConfigDocument &doc, const QByteArray &name, const QByteArray &value);

} // namespace RedisConfEdits
