#include "LabManifest.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace {

constexpr int kFormatVersion = 1;

QJsonArray toArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

QStringList toStringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray()) {
        // Paths are relative to the lab dir; anything escaping it is not ours to delete.
        const QString path = QDir::cleanPath(e.toString());
        if (!path.isEmpty() && !QDir::isAbsolutePath(path) && !path.startsWith(QLatin1String("..")))
            out.append(path);
    }
    return out;
}

} // namespace

bool LabManifest::write(const QString &labDir, QString *error) const
{
    QJsonObject s{{QStringLiteral("replicas"), spec.replicas},
                  {QStringLiteral("chain"), spec.chain},
                  {QStringLiteral("chained_replicas"), spec.chainedReplicas},
                  {QStringLiteral("standalone"), spec.standalone},
                  {QStringLiteral("tls"), spec.tls},
                  {QStringLiteral("password"), hasPassword},
                  {QStringLiteral("redisServer"), spec.redisServer}};
    QJsonArray n;
    for (const LabNode &node : nodes) {
        n.append(QJsonObject{{QStringLiteral("name"), node.name},
                             {QStringLiteral("host"), node.host},
                             {QStringLiteral("port"), int(node.port)},
                             {QStringLiteral("master"), node.masterName},
                             {QStringLiteral("pid"), node.pid}});
    }
    const QJsonObject root{{QStringLiteral("format"), kFormatVersion},
                           {QStringLiteral("spec"), s},
                           {QStringLiteral("binary"), redisServer},
                           {QStringLiteral("createdDir"), createdDir},
                           {QStringLiteral("nodes"), n},
                           {QStringLiteral("files"), toArray(files)},
                           {QStringLiteral("dirs"), toArray(dirs)}};
    QSaveFile f(QDir(labDir).filePath(fileName()));
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(root).toJson()) < 0 || !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    return true;
}

bool LabManifest::read(const QString &labDir, QString *error)
{
    QFile f(QDir(labDir).filePath(fileName()));
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("no lab in %1").arg(labDir);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    const QJsonObject root = doc.object();
    if (doc.isNull() || root.value(QStringLiteral("format")).toInt() != kFormatVersion) {
        if (error)
            *error = QStringLiteral("%1 is not a lab description this version understands")
                         .arg(f.fileName());
        return false;
    }
    const QJsonObject s = root.value(QStringLiteral("spec")).toObject();
    spec = LabSpec();
    spec.replicas = s.value(QStringLiteral("replicas")).toInt();
    spec.chain = s.value(QStringLiteral("chain")).toBool();
    spec.chainedReplicas = s.value(QStringLiteral("chained_replicas")).toInt();
    spec.standalone = s.value(QStringLiteral("standalone")).toInt();
    spec.tls = s.value(QStringLiteral("tls")).toBool();
    spec.redisServer = s.value(QStringLiteral("redisServer")).toString(spec.redisServer);
    hasPassword = s.value(QStringLiteral("password")).toBool();
    redisServer = root.value(QStringLiteral("binary")).toString();
    createdDir = root.value(QStringLiteral("createdDir")).toBool();
    nodes.clear();
    for (const QJsonValue &v : root.value(QStringLiteral("nodes")).toArray()) {
        const QJsonObject o = v.toObject();
        LabNode node;
        node.name = o.value(QStringLiteral("name")).toString();
        node.host = o.value(QStringLiteral("host")).toString(node.host);
        const int port = o.value(QStringLiteral("port")).toInt();
        node.port = port > 0 && port <= 65535 ? quint16(port) : 0;
        node.masterName = o.value(QStringLiteral("master")).toString();
        node.pid = o.value(QStringLiteral("pid")).toInteger();
        // A name becomes a directory: refuse anything that could point outside the lab.
        if (node.name.isEmpty() || node.name.contains(QLatin1Char('/'))
            || node.name.startsWith(QLatin1Char('.')))
            continue;
        nodes.append(node);
    }
    files = toStringList(root.value(QStringLiteral("files")));
    dirs = toStringList(root.value(QStringLiteral("dirs")));
    return true;
}
