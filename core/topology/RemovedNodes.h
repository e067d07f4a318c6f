#pragma once

#include "net/ConnectionProfile.h"

#include <QHash>
#include <QStringList>

// Nodes the user removed from the view. Discovery does not bring them back while another
// node still names them; a new connection to one, or restoring them all, does. Each is kept
// with how it was reached, so a restore connects as before.
class RemovedNodes
{
public:
    struct Node
    {
        ConnectionProfile profile;
        ConnectionProfile inheritable;  // what nodes found through it inherit
        bool seed = false;
    };

    void remember(const QString &address, const Node &node) { m_nodes.insert(address, node); }
    bool contains(const QString &address) const { return m_nodes.contains(address); }
    void forget(const QString &address) { m_nodes.remove(address); }
    void clear() { m_nodes.clear(); }
    QStringList addresses() const;
    // Every removed node, leaving none.
    QHash<QString, Node> takeAll();

private:
    QHash<QString, Node> m_nodes;
};
