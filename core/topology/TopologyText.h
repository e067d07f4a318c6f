#pragma once

#include "Topology.h"

#include <QString>

// A Topology as a terminal reads it: each group as an indented tree (role, version, link,
// lag, sync progress), sentinels, then anomalies with advice. Plain text, no colours.
class TopologyText
{
public:
    static QString render(const Topology &topology);
    // One event as a log line: "12:03:04.250  link_down  127.0.0.1:7001  message".
    static QString eventLine(const TopologyEvent &event);
};
