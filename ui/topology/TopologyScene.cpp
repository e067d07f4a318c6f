#include "TopologyScene.h"

#include "CardLinkDrag.h"
#include "GroupFrameItem.h"
#include "NodeCardContent.h"
#include "NodeCardItem.h"

#include <QApplication>
#include <QEvent>
#include <QGraphicsSceneMouseEvent>
#include <QKeyEvent>
#include <QSet>

#include <algorithm>

namespace {

constexpr qreal kMargin = 32;  // around the content, so fitted cards don't touch the edges

QString edgeKey(const QString &master, const QString &replica)
{
    return master + QLatin1Char('\n') + replica;
}

} // namespace

TopologyScene::TopologyScene(QObject *parent)
    : QGraphicsScene(parent)
    , m_drag(new CardLinkDrag(this))
{
    setObjectName(QStringLiteral("topologyScene"));
    connect(m_drag, &CardLinkDrag::dropped, this, &TopologyScene::nodeDropped);
    connect(this, &QGraphicsScene::selectionChanged, this, &TopologyScene::emitSelectionIfChanged);
}

TopologyScene::~TopologyScene()
{
    // ~QGraphicsScene deletes the items after our members are gone; a selected card would
    // report its deselection into them.
    disconnect(this, &QGraphicsScene::selectionChanged, this, &TopologyScene::emitSelectionIfChanged);
    m_drag->cancel();
    clear();
}

void TopologyScene::setTopology(const Topology &topology)
{
    m_topology = topology;
    const QHash<QString, QRectF> before = m_layout.cards();
    m_layout.compute(m_topology);
    bool added = false;
    updateCards(added);
    updateEdges();
    updateFrames();
    const QRectF rect = contentRect();
    if (rect != sceneRect())
        setSceneRect(rect);
    emitSelectionIfChanged();
    if (added || before != m_layout.cards())
        Q_EMIT layoutChanged();
}

void TopologyScene::setFences(const NodeFences &fences)
{
    if (fences == m_fences)
        return;
    m_fences = fences;
    bool moved = false;
    updateCards(moved);
}

void TopologyScene::updateCards(bool &layoutMoved)
{
    QHash<QString, QList<const Anomaly *>> anomalies;
    for (const Anomaly &a : std::as_const(m_topology.anomalies)) {
        QSet<QString> seen;
        for (const QString &address : a.nodes) {
            if (!seen.contains(address)) {
                seen.insert(address);
                anomalies[address].append(&a);
            }
        }
    }
    // The link that feeds each replica: the one drawn in the tree, else any.
    QHash<QString, const TopologyEdge *> incoming;
    for (const TopologyLayout::Link &link : m_layout.links()) {
        if (link.edge >= 0 && (link.inTree || !incoming.contains(link.replica)))
            incoming.insert(link.replica, &m_topology.edges[link.edge]);
    }

    for (auto it = m_cards.begin(); it != m_cards.end();) {
        if (m_layout.contains(it.key())) {
            ++it;
            continue;
        }
        delete it.value();  // leaves the scene; a selected card takes the selection with it
        it = m_cards.erase(it);
        layoutMoved = true;
    }

    const QDateTime takenAt = m_topology.takenAt;
    for (const TopologyNode &node : std::as_const(m_topology.nodes)) {
        if (!m_layout.contains(node.address))
            continue;
        NodeCardItem *card = m_cards.value(node.address);
        if (!card) {
            card = new NodeCardItem(node.address, m_layout.metrics().card);
            connect(card, &NodeCardItem::activated, this, &TopologyScene::nodeActivated);
            connect(card, &NodeCardItem::contextMenuRequested, this, &TopologyScene::nodeContextMenuRequested);
            addItem(card);
            m_cards.insert(node.address, card);
            layoutMoved = true;
        }
        card->setContent(NodeCardContent::from(node, incoming.value(node.address),
                                               anomalies.value(node.address), takenAt, m_fences.of(node)));
        card->setPos(m_layout.cardRect(node.address).topLeft());
    }
}

void TopologyScene::updateEdges()
{
    QSet<QString> live;
    for (const TopologyLayout::Link &link : m_layout.links()) {
        if (link.edge < 0)
            continue;
        const QString key = edgeKey(link.master, link.replica);
        live.insert(key);
        EdgeItem *item = m_edges.value(key);
        if (!item) {
            item = new EdgeItem(link.master, link.replica);
            addItem(item);
            m_edges.insert(key, item);
        }
        item->setRoute(link.route, link.ownFrom, link.labelAnchor);
        item->setEdge(m_topology.edges[link.edge], m_thresholds);
    }
    for (auto it = m_edges.begin(); it != m_edges.end();) {
        if (live.contains(it.key())) {
            ++it;
        } else {
            delete it.value();
            it = m_edges.erase(it);
        }
    }
}

QString TopologyScene::captionFor(const TopologyLayout::Group &group) const
{
    QStringList parts;
    if (group.index >= 0 && group.index < m_topology.groups.size()) {
        const TopologyGroup &g = m_topology.groups[group.index];
        parts << (g.sentinelName.isEmpty() ? tr("Replication group %1").arg(group.index + 1) : g.sentinelName);
    } else {
        parts << tr("Not in a replication group");
    }
    // Spelled out per count: without a loaded translation "%n node(s)" would show literally.
    const int nodes = int(group.nodes.size());
    const int sentinels = int(group.sentinels.size());
    if (nodes > 0)
        parts << (nodes == 1 ? tr("1 node") : tr("%1 nodes").arg(nodes));
    if (sentinels > 0)
        parts << (sentinels == 1 ? tr("1 sentinel") : tr("%1 sentinels").arg(sentinels));
    return parts.join(QStringLiteral(" · "));
}

void TopologyScene::updateFrames()
{
    QSet<int> live;
    const QList<TopologyLayout::Group> &groups = m_layout.groups();
    for (const TopologyLayout::Group &group : groups) {
        // A lone node that belongs to no group needs no frame around it.
        if (group.index < 0 && groups.size() == 1)
            continue;
        live.insert(group.index);
        GroupFrameItem *frame = m_frames.value(group.index);
        if (!frame) {
            frame = new GroupFrameItem;
            addItem(frame);
            m_frames.insert(group.index, frame);
        }
        frame->setFrame(group.frame, m_layout.metrics().captionHeight);
        frame->setCaption(captionFor(group));
    }
    for (auto it = m_frames.begin(); it != m_frames.end();) {
        if (live.contains(it.key())) {
            ++it;
        } else {
            delete it.value();
            it = m_frames.erase(it);
        }
    }
}

EdgeItem *TopologyScene::edge(const QString &master, const QString &replica) const
{
    return m_edges.value(edgeKey(master, replica));
}

QRectF TopologyScene::contentRect() const
{
    const QRectF bounds = m_layout.bounds();
    return bounds.isEmpty() ? QRectF() : bounds.adjusted(-kMargin, -kMargin, kMargin, kMargin);
}

void TopologyScene::setLagThresholds(const EdgeItem::Thresholds &thresholds)
{
    m_thresholds = thresholds;
    updateEdges();
}

QString TopologyScene::selectedAddress() const
{
    QString first;
    int firstIndex = -1;
    const QList<QGraphicsItem *> items = selectedItems();
    for (QGraphicsItem *item : items) {
        if (item->type() != NodeCardItem::Type)
            continue;
        const QString address = static_cast<NodeCardItem *>(item)->address();
        // With several selected (Ctrl+click), the first in reading order speaks for them.
        const int index = int(m_layout.readingOrder().indexOf(address));
        if (first.isEmpty() || index < firstIndex) {
            first = address;
            firstIndex = index;
        }
    }
    return first;
}

void TopologyScene::selectAddress(const QString &address)
{
    NodeCardItem *target = m_cards.value(address);
    // One nodeSelected for the whole change, not one for clearing and one for selecting.
    m_selecting = true;
    clearSelection();
    if (target) {
        target->setSelected(true);
        target->setFocus(Qt::OtherFocusReason);
    }
    m_selecting = false;
    emitSelectionIfChanged();
}

void TopologyScene::emitSelectionIfChanged()
{
    if (m_selecting)
        return;
    const QString current = selectedAddress();
    if (current == m_lastSelected)
        return;
    m_lastSelected = current;
    Q_EMIT nodeSelected(current);
}

void TopologyScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    m_pressed.clear();
    if (event->button() == Qt::LeftButton) {
        for (QGraphicsItem *item : items(event->scenePos())) {
            if (item->type() != NodeCardItem::Type)
                continue;
            const QString address = static_cast<NodeCardItem *>(item)->address();
            if (m_drag->canStartFrom(address)) {
                m_pressed = address;
                m_pressPos = event->screenPos();
            }
            break;
        }
    }
    QGraphicsScene::mousePressEvent(event);
}

void TopologyScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_drag->isActive()) {
        m_drag->move(event->scenePos());
        event->accept();
        return;
    }
    if (!m_pressed.isEmpty() && (event->buttons() & Qt::LeftButton)
        && (event->screenPos() - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        m_drag->begin(m_pressed, event->scenePos());
        m_pressed.clear();
        event->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void TopologyScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    m_pressed.clear();
    if (m_drag->isActive() && event->button() == Qt::LeftButton)
        m_drag->drop(event->scenePos());
    // Always: the card under the press holds the mouse grab until it sees the release.
    QGraphicsScene::mouseReleaseEvent(event);
}

void TopologyScene::keyPressEvent(QKeyEvent *event)
{
    if (m_drag->isActive() && event->key() == Qt::Key_Escape) {
        m_drag->cancel();
        event->accept();
        return;
    }
    QGraphicsScene::keyPressEvent(event);
}

bool TopologyScene::event(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        // Items take their colours and fonts from the scene when they paint; cached pixmaps and
        // label sizes must follow.
        for (EdgeItem *edge : std::as_const(m_edges))
            edge->refreshGeometry();
        const QList<QGraphicsItem *> all = items();
        for (QGraphicsItem *item : all)
            item->update();
    }
    return QGraphicsScene::event(event);
}
