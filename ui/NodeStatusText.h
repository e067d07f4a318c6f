#pragma once

#include "topology/Topology.h"

#include <QCoreApplication>
#include <QIcon>
#include <QString>

// How a node's reachability reads in the window: short labels for the table, sentences for
// the status bar, and an icon whose colour and shape stay readable on light and dark palettes.
class NodeStatusText
{
    Q_DECLARE_TR_FUNCTIONS(NodeStatusText)

public:
    // "Up", "Unreachable", "Authentication failed", ...
    static QString label(const TopologyNode &node);
    // "authentication failed: WRONGPASS invalid username-password pair ...". The node's own
    // address is trimmed from the core's message: the UI already says which node this is.
    static QString sentence(const TopologyNode &node);
    static QIcon icon(NodeReachability reachability);
    // True when the state deserves the user's attention (shown in the status bar).
    static bool isProblem(NodeReachability reachability);
    // The SSH fingerprint a host key error names ("SHA256:..."), or empty.
    static QString fingerprintIn(const QString &error);
};
