#include "TopologyImport.h"

#include "ProfileStore.h"
#include "export/TopologyJson.h"

#include <QFile>
#include <QSet>

QString TopologyImport::Result::summary() const
{
    if (!ok())
        return tr("Nothing imported: %1").arg(error);
    // Spelled out per count: without a loaded translation "%n connection(s)" shows literally.
    QStringList lines;
    lines << (added.size() == 1 ? tr("Added 1 saved connection.")
                                : tr("Added %1 saved connections.").arg(added.size()));
    lines << (skipped.size() == 1 ? tr("Skipped 1 node already saved.")
                                  : tr("Skipped %1 nodes already saved.").arg(skipped.size()));
    if (!added.isEmpty())
        lines << tr("New: %1").arg(added.join(QStringLiteral(", ")));
    if (!unpolled.isEmpty())
        lines << tr("Left out, never answered (only named by other nodes): %1")
                     .arg(unpolled.join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

TopologyImport::Result TopologyImport::importJson(const QByteArray &json, ProfileStore *store)
{
    Result result;
    const std::optional<Topology> topology = TopologyJson::fromText(json, &result.error);
    if (!topology)
        return result;

    QList<SavedProfile> fresh;
    for (const TopologyNode &node : topology->nodes) {
        SavedProfile saved;
        QString error;
        if (!ConnectionProfile::parseAddress(node.address, &saved.profile, &error)) {
            result = Result{};
            result.error = tr("node %1: %2").arg(node.address, error);
            return result;  // nothing saved yet: all or nothing
        }
        saved.profile.name = node.address;
        fresh.append(saved);
    }

    QSet<QString> known;
    const QList<SavedProfile> existing = store->profiles();
    for (const SavedProfile &p : existing)
        known.insert(p.profile.address());
    QList<SavedProfile> toAdd;
    for (int i = 0; i < topology->nodes.size(); ++i) {
        const TopologyNode &node = topology->nodes.at(i);
        if (node.placeholder) {
            result.unpolled << node.address;
            continue;
        }
        bool saved = known.contains(fresh.at(i).profile.address());
        for (const QString &alias : node.aliases)
            saved = saved || known.contains(alias);
        if (saved) {
            result.skipped << node.address;
            continue;
        }
        known.insert(fresh.at(i).profile.address());
        toAdd.append(fresh.at(i));
        result.added << node.address;
    }
    store->importProfiles(toAdd);
    return result;
}

TopologyImport::Result TopologyImport::importFile(const QString &path, ProfileStore *store)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Result result;
        result.error = tr("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    return importJson(file.readAll(), store);
}
