#pragma once

#include "topology/Topology.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QSizeF>
#include <QStringList>

// Where every card, link and group frame of a Topology goes. Pure geometry (no scene), and
// deterministic: the same topology always gives the same picture, whatever order its lists
// arrive in.
//
// Each group is a tree: master on top, replicas a level below, chained replicas deeper;
// sentinels stand in a column beside their group. A master with many replicas wraps them into
// rows, fed by a trunk that runs down the left edge, so wide groups stay compact. Groups sit
// side by side and wrap into rows of groups once the picture gets much wider than tall.
class TopologyLayout
{
public:
    struct Metrics
    {
        QSizeF card = QSizeF(232, 104);
        qreal columnGap = 40;      // between neighbouring cards
        qreal levelGap = 88;       // between a master and its replicas; holds the link labels
        qreal busDrop = 22;        // where connectors turn horizontal below a master
        qreal sentinelGap = 14;    // between stacked sentinel cards
        qreal groupPadding = 22;
        qreal captionHeight = 30;  // above the cards, inside the group frame
        qreal groupGap = 56;
        int maxColumns = 6;        // replicas side by side before wrapping into rows
        qreal minRowWidth = 3200;  // groups never wrap below this width
        qreal aspect = 2.0;        // width:height the group rows aim for beyond it
    };

    struct Link
    {
        QString master;
        QString replica;
        QPolygonF route;           // master's card edge to replica's card edge
        int ownFrom = 0;           // route[0..ownFrom] is shared with sibling links (trunk, bus)
        QPointF labelAnchor;       // centre of the link label
        bool inTree = false;       // false: a cross link drawn straight (e.g. a split brain)
        int edge = -1;             // index into Topology::edges
    };

    struct Group
    {
        int index = -1;            // into Topology::groups; -1 for nodes in no group
        QRectF frame;              // padding and caption included
        QStringList nodes;         // tree nodes in reading order
        QStringList sentinels;
    };

    TopologyLayout() = default;
    explicit TopologyLayout(const Metrics &metrics) : m_metrics(metrics) {}

    void compute(const Topology &topology);

    const Metrics &metrics() const { return m_metrics; }
    bool contains(const QString &address) const { return m_cards.contains(address); }
    QRectF cardRect(const QString &address) const { return m_cards.value(address); }
    const QHash<QString, QRectF> &cards() const { return m_cards; }
    const QList<Link> &links() const { return m_links; }
    const QList<Group> &groups() const { return m_groups; }
    QRectF bounds() const { return m_bounds; }
    // Tree nodes of each group (depth first: a master, then each replica with its own
    // replicas), then that group's sentinels, group after group.
    const QStringList &readingOrder() const { return m_order; }

    // The card nearest to `from` in a direction, preferring cards roughly in line with it;
    // empty when there is none.
    QString neighbour(const QString &from, Qt::ArrowType direction) const;

    // Natural order for addresses: "10.0.0.2:6379" before "10.0.0.10:6379".
    static bool naturalLess(const QString &a, const QString &b);

private:
    Metrics m_metrics;
    QHash<QString, QRectF> m_cards;
    QList<Link> m_links;
    QList<Group> m_groups;
    QStringList m_order;
    QRectF m_bounds;
};
