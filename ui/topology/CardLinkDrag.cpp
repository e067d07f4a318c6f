#include "CardLinkDrag.h"

#include "NodeCardItem.h"
#include "TopologyColors.h"
#include "TopologyScene.h"

#include <QGraphicsLineItem>
#include <QPen>

CardLinkDrag::CardLinkDrag(TopologyScene *scene)
    : QObject(scene)
    , m_scene(scene)
{
}

bool CardLinkDrag::canStartFrom(const QString &address) const
{
    const Topology &topology = m_scene->topology();
    const TopologyNode *n = topology.node(address);
    if (!n || !n->isUp() || n->placeholder)
        return false;
    const NodeSnapshot::Role role = n->hasSnapshot ? n->snapshot.role : n->role;
    const TopologyGroup *group = topology.groupOf(address);
    return role == NodeSnapshot::Role::Master && (!group || group->nodes.size() <= 1);
}

bool CardLinkDrag::canDropOn(const QString &source, const QString &target) const
{
    if (target.isEmpty() || target == source)
        return false;
    const TopologyNode *n = m_scene->topology().node(target);
    if (!n || !n->isUp() || n->placeholder)
        return false;
    const NodeSnapshot::Role role = n->hasSnapshot ? n->snapshot.role : n->role;
    return role == NodeSnapshot::Role::Master;
}

bool CardLinkDrag::begin(const QString &source, const QPointF &scenePos)
{
    NodeCardItem *card = m_scene->card(source);
    if (!card || !canStartFrom(source))
        return false;
    cancel();
    m_source = source;
    m_line = new QGraphicsLineItem;
    QPen pen(TopologyColors(m_scene->palette()).selection(), 2, Qt::DashLine);
    m_line->setPen(pen);
    m_line->setZValue(20);
    m_scene->addItem(m_line);
    m_line->setLine(QLineF(card->sceneBoundingRect().center(), scenePos));
    move(scenePos);
    return true;
}

void CardLinkDrag::move(const QPointF &scenePos)
{
    if (!isActive())
        return;
    if (NodeCardItem *card = m_scene->card(m_source))
        m_line->setLine(QLineF(card->sceneBoundingRect().center(), scenePos));
    highlight(targetAt(scenePos));
}

QString CardLinkDrag::drop(const QPointF &scenePos)
{
    if (!isActive())
        return {};
    const QString source = m_source;
    const QString target = targetAt(scenePos);
    cancel();
    if (!target.isEmpty())
        Q_EMIT dropped(source, target);
    return target;
}

void CardLinkDrag::cancel()
{
    highlight(QString());
    delete m_line;
    m_line = nullptr;
    m_source.clear();
}

QString CardLinkDrag::targetAt(const QPointF &scenePos) const
{
    const QList<QGraphicsItem *> under = m_scene->items(scenePos);
    for (QGraphicsItem *item : under) {
        if (item->type() != NodeCardItem::Type)
            continue;
        const QString address = static_cast<NodeCardItem *>(item)->address();
        if (canDropOn(m_source, address))
            return address;
    }
    return {};
}

void CardLinkDrag::highlight(const QString &address)
{
    if (address == m_target)
        return;
    if (NodeCardItem *old = m_scene->card(m_target))
        old->setDropHighlighted(false);
    m_target = address;
    if (NodeCardItem *now = m_scene->card(address))
        now->setDropHighlighted(true);
}
