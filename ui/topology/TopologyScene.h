#pragma once

#include "EdgeItem.h"
#include "NodeFences.h"
#include "TopologyLayout.h"
#include "topology/Topology.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPoint>

class CardLinkDrag;
class GroupFrameItem;
class NodeCardItem;

// The topology as a scene: one card per node, one edge item per replication link, one frame
// per group. setTopology() updates in place: cards and links are keyed by address, so a poll
// that only changes numbers repaints the items whose text changed and creates nothing; only
// nodes and links that appear or vanish create or destroy items. Selection is by address.
class TopologyScene : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit TopologyScene(QObject *parent = nullptr);
    ~TopologyScene() override;

    void setTopology(const Topology &topology);
    const Topology &topology() const { return m_topology; }
    const TopologyLayout &layout() const { return m_layout; }

    QString selectedAddress() const;
    // Selects and focuses the card of `address`; an empty or unknown address clears the selection.
    void selectAddress(const QString &address);

    NodeCardItem *card(const QString &address) const { return m_cards.value(address); }
    EdgeItem *edge(const QString &master, const QString &replica) const;
    int cardCount() const { return int(m_cards.size()); }
    // The rectangle worth showing: every card, link and frame.
    QRectF contentRect() const;

    // The window's fences: fenced nodes say so on their cards.
    void setFences(const NodeFences &fences);
    void setLagThresholds(const EdgeItem::Thresholds &thresholds);
    EdgeItem::Thresholds lagThresholds() const { return m_thresholds; }
    // Dragging a standalone node's card onto a master (the mouse drives it; tests may too).
    CardLinkDrag *linkDrag() const { return m_drag; }

Q_SIGNALS:
    // The selected node changed; empty when nothing is selected any more.
    void nodeSelected(const QString &address);
    // Double click or Enter on a card.
    void nodeActivated(const QString &address);
    // Right click, the Menu key or Shift+F10 on a card; `screenPos` is where to open the menu.
    void nodeContextMenuRequested(const QString &address, const QPoint &screenPos);
    // Cards were added, removed or moved: views that fit the content refit.
    void layoutChanged();
    // A standalone node's card was dropped on a master's card: make it that master's replica?
    void nodeDropped(const QString &replica, const QString &master);

protected:
    bool event(QEvent *event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateCards(bool &layoutMoved);
    void updateEdges();
    void updateFrames();
    void emitSelectionIfChanged();
    NodeFences m_fences;
    QString captionFor(const TopologyLayout::Group &group) const;

    Topology m_topology;
    TopologyLayout m_layout;
    EdgeItem::Thresholds m_thresholds;
    QHash<QString, NodeCardItem *> m_cards;
    QHash<QString, EdgeItem *> m_edges;          // "master\nreplica"
    QHash<int, GroupFrameItem *> m_frames;       // by group index, -1 for the ungrouped
    QString m_lastSelected;
    bool m_selecting = false;
    CardLinkDrag *m_drag;
    QString m_pressed;        // a draggable card under a left press, until the drag starts
    QPointF m_pressPos;
};
