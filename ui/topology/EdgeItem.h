#pragma once

#include "topology/Topology.h"

#include <QFont>
#include <QGraphicsItem>
#include <QPainterPath>
#include <QPolygonF>
#include <QStaticText>

// A replication link, master -> replica: a routed connector ending in an arrow at the replica,
// and a label with the link state and lag. Down links are dashed red, lagging links amber,
// links in full sync blue.
class EdgeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 102 };
    enum class State { Up, Lagging, Down, Syncing };

    // Lag beyond either threshold makes an up link amber.
    struct Thresholds
    {
        qint64 lagBytes = 1024 * 1024;
        qint64 lagSeconds = 10;
    };

    EdgeItem(const QString &master, const QString &replica, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QString master() const { return m_master; }
    QString replica() const { return m_replica; }
    QString labelText() const { return m_label; }
    State state() const { return m_state; }
    QPolygonF route() const { return m_route; }

    // Both return true when the item looks different afterwards.
    bool setEdge(const TopologyEdge &edge, const Thresholds &thresholds);
    // route[0..ownFrom] is shared with sibling links and drawn neutral, so one link's state
    // colour never paints over its siblings' common trunk.
    bool setRoute(const QPolygonF &route, int ownFrom, const QPointF &labelAnchor);

    // Recomputes the geometry, e.g. after the scene font changed.
    void refreshGeometry();

    QRectF boundingRect() const override;
    QPainterPath shape() const override;  // the line and its label: tooltips only there
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    static State stateOf(const TopologyEdge &edge, const Thresholds &thresholds);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    void layoutLabel();  // lazily, when painted


    QString m_master;
    QString m_replica;
    QString m_label;
    State m_state = State::Up;
    QPolygonF m_route;
    int m_ownFrom = 0;
    QPointF m_labelAnchor;
    QFont m_font;
    QPainterPath m_sharedPath;
    QPainterPath m_ownPath;
    QPolygonF m_arrow;
    QRectF m_labelRect;
    QStaticText m_labelText;
    QPointF m_labelTextOffset;
    bool m_labelDirty = true;
    QRectF m_bounds;
};
