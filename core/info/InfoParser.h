#pragma once

#include "NodeSnapshot.h"

#include <QByteArray>
#include <QDateTime>

// Turns the text of an INFO reply (any sections, Redis 2.8 through 7.2, and redis-sentinel)
// into a NodeSnapshot. Tolerant: missing fields stay empty, unknown keys are kept raw,
// malformed lines are ignored.
class InfoParser
{
public:
    static NodeSnapshot parse(const QByteArray &info,
                              const QDateTime &takenAt = QDateTime::currentDateTimeUtc());
};
