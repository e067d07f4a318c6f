#pragma once

#include "topology/NodeMonitor.h"

#include <QCoreApplication>
#include <QIcon>
#include <QString>

// How a node's status reads in the UI: short labels for the table, sentences for the status
// bar, and an icon whose colour and shape stay readable on light and dark palettes.
class NodeStatusText
{
    Q_DECLARE_TR_FUNCTIONS(NodeStatusText)

public:
    // "Up", "Unreachable (timed out)", "Authentication failed", ...
    static QString label(NodeMonitor::Status status, const NetError &error);
    // "authentication failed: WRONGPASS invalid username-password pair ...". `who` is the
    // node's address as the core names it in messages; it is trimmed from the reason because
    // the UI already says which node this is.
    static QString sentence(NodeMonitor::Status status, const NetError &error,
                            const QString &who = QString());
    static QIcon icon(NodeMonitor::Status status);
    // True when the status deserves the user's attention (shown in the status bar).
    static bool isProblem(NodeMonitor::Status status);

private:
    static QString shortReason(const NetError &error);
};
