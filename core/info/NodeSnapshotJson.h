#pragma once

#include "NodeSnapshot.h"

#include <QJsonObject>

// The machine-readable form of a snapshot (tandemctl info --json, exports).
// Absent optional fields are null; `raw` keeps every INFO key per section.
class NodeSnapshotJson
{
public:
    static QJsonObject toJson(const NodeSnapshot &snapshot, bool includeRaw = true);
};
