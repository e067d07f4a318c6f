#include "EdgeItem.h"

#include "LevelOfDetail.h"
#include "TopologyColors.h"
#include "TopologyLabels.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include <algorithm>

namespace {

constexpr qreal kArrowLength = 9;
constexpr qreal kArrowHalfWidth = 4.5;
constexpr qreal kCorner = 8;  // radius of the connector's bends
// Labels sit between two cards' centres: they never get wider than the gap allows.
constexpr qreal kMaxLabelWidth = 200;
constexpr qreal kMaxLabelHeight = 26;

// The polyline with its corners rounded, split at corner `splitAt` (0: no shared part): the
// turn at that corner already belongs to the link's own part.
void roundedPaths(const QPolygonF &points, int splitAt, QPainterPath &shared, QPainterPath &own)
{
    shared = QPainterPath();
    own = QPainterPath();
    if (points.size() < 2)
        return;
    QPainterPath *current = splitAt > 0 ? &shared : &own;
    current->moveTo(points.first());
    for (int i = 1; i + 1 < points.size(); ++i) {
        const QPointF prev = points[i - 1];
        const QPointF corner = points[i];
        const QPointF next = points[i + 1];
        const qreal inLen = QLineF(prev, corner).length();
        const qreal outLen = QLineF(corner, next).length();
        const qreal r = std::min({kCorner, inLen / 2, outLen / 2});
        const QPointF a = r < 0.5 ? corner : corner + (prev - corner) * (r / inLen);
        const QPointF b = r < 0.5 ? corner : corner + (next - corner) * (r / outLen);
        current->lineTo(a);
        if (i == splitAt) {
            own.moveTo(a);
            current = &own;
        }
        current->quadTo(corner, b);
    }
    current->lineTo(points.last());
}

} // namespace

EdgeItem::EdgeItem(const QString &master, const QString &replica, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_master(master)
    , m_replica(replica)
{
    setData(0, QString(master + QLatin1String("->") + replica));
    setAcceptHoverEvents(true);  // for the tooltip
    setZValue(0);
}

EdgeItem::State EdgeItem::stateOf(const TopologyEdge &edge, const Thresholds &thresholds)
{
    if (edge.syncInProgress)
        return State::Syncing;
    if (!edge.linkUp)
        return State::Down;
    if ((edge.lagBytes && *edge.lagBytes > thresholds.lagBytes)
        || (edge.lagSeconds && *edge.lagSeconds > thresholds.lagSeconds))
        return State::Lagging;
    return State::Up;
}

bool EdgeItem::setEdge(const TopologyEdge &edge, const Thresholds &thresholds)
{
    const QString tip = TopologyLabels::linkToolTip(edge);
    if (toolTip() != tip)
        setToolTip(tip);
    const QString label = TopologyLabels::linkLabel(edge);
    const State state = stateOf(edge, thresholds);
    if (label == m_label && state == m_state)
        return false;
    m_label = label;
    m_state = state;
    m_labelDirty = true;  // measured when next painted: off-screen links cost nothing
    update();
    return true;
}

bool EdgeItem::setRoute(const QPolygonF &route, int ownFrom, const QPointF &labelAnchor)
{
    if (route == m_route && ownFrom == m_ownFrom && labelAnchor == m_labelAnchor)
        return false;
    m_route = route;
    m_ownFrom = ownFrom;
    m_labelAnchor = labelAnchor;
    refreshGeometry();
    return true;
}

void EdgeItem::refreshGeometry()
{
    prepareGeometryChange();
    m_labelDirty = true;
    m_sharedPath = QPainterPath();
    m_ownPath = QPainterPath();
    m_arrow.clear();
    if (m_route.size() >= 2) {
        // The line stops at the arrow's base so the round cap doesn't poke through its tip.
        const QPointF tip = m_route.last();
        const QPointF from = m_route[m_route.size() - 2];
        const QLineF last(from, tip);
        const qreal len = last.length();
        QPolygonF shortened = m_route;
        if (len > kArrowLength)
            shortened.last() = tip + (from - tip) * ((kArrowLength - 1) / len);
        roundedPaths(shortened, m_ownFrom, m_sharedPath, m_ownPath);
        const QPointF dir = len > 0 ? (tip - from) / len : QPointF(0, 1);
        const QPointF normal(-dir.y(), dir.x());
        const QPointF base = tip - dir * kArrowLength;
        m_arrow << tip << base + normal * kArrowHalfWidth << base - normal * kArrowHalfWidth;
    }
    // Room for the widest label, so a new label never changes the geometry.
    const QRectF labelRoom(m_labelAnchor - QPointF(kMaxLabelWidth / 2, kMaxLabelHeight / 2),
                           QSizeF(kMaxLabelWidth, kMaxLabelHeight));
    m_bounds = m_sharedPath.boundingRect()
                   .united(m_ownPath.boundingRect())
                   .united(m_arrow.boundingRect())
                   .united(labelRoom)
                   .adjusted(-3, -3, 3, 3);
}

void EdgeItem::layoutLabel()
{
    m_labelDirty = false;
    m_font = scene() ? scene()->font() : QGuiApplication::font();
    if (m_font.pointSizeF() > 0)
        m_font.setPointSizeF(m_font.pointSizeF() * 0.85);
    m_font.setBold(m_state == State::Down);  // a broken link should stand out
    const QFontMetricsF fm(m_font);
    const QString shown = fm.elidedText(m_label, Qt::ElideRight, kMaxLabelWidth - 14);
    m_labelText.setText(shown);
    m_labelText.setTextFormat(Qt::PlainText);
    m_labelText.setPerformanceHint(QStaticText::AggressiveCaching);
    m_labelText.prepare(QTransform(), m_font);
    const QSizeF box(fm.horizontalAdvance(shown) + 14, qMin(fm.height() + 4, kMaxLabelHeight));
    m_labelRect = shown.isEmpty() ? QRectF() : QRectF(m_labelAnchor - QPointF(box.width() / 2, box.height() / 2), box);
    m_labelTextOffset = QPointF(7, (box.height() - fm.height()) / 2);
}

QRectF EdgeItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    QPainterPath path = stroker.createStroke(m_sharedPath);
    path.addPath(stroker.createStroke(m_ownPath));
    path.addPolygon(m_arrow);
    if (!m_labelRect.isEmpty())
        path.addRect(m_labelRect);
    return path;
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (!scene() || m_route.size() < 2)
        return;
    const TopologyColors colors(scene()->palette());
    QColor line;
    switch (m_state) {
    case State::Up: line = colors.linkNormal(); break;
    case State::Lagging: line = colors.linkLagging(); break;
    case State::Down: line = colors.linkDown(); break;
    case State::Syncing: line = colors.linkSyncing(); break;
    }
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing, lod >= LevelOfDetail::kText);

    QPen pen(line, m_state == State::Up ? 1.5 : 2.0);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    if (m_state == State::Down)
        pen.setDashPattern({4.0, 3.0});
    painter->setBrush(Qt::NoBrush);
    if (!m_sharedPath.isEmpty()) {
        QPen neutral(colors.linkNormal(), 1.5);
        neutral.setCapStyle(Qt::RoundCap);
        neutral.setJoinStyle(Qt::RoundJoin);
        painter->setPen(neutral);
        painter->drawPath(m_sharedPath);
    }
    painter->setPen(pen);
    painter->drawPath(m_ownPath);
    painter->setPen(Qt::NoPen);
    painter->setBrush(line);
    painter->drawPolygon(m_arrow);

    if (lod < LevelOfDetail::kText)
        return;
    if (m_labelDirty)
        layoutLabel();
    if (m_labelRect.isEmpty())
        return;
    // The label sits on the line like a pill; the canvas fill hides the line behind it.
    const QColor labelText = m_state == State::Up ? colors.secondaryText() : line;
    QColor labelBorder = line;
    labelBorder.setAlpha(m_state == State::Up ? 90 : 160);
    painter->setPen(QPen(labelBorder, 1));
    painter->setBrush(colors.card());
    painter->drawRoundedRect(m_labelRect, m_labelRect.height() / 2, m_labelRect.height() / 2);
    painter->setPen(labelText);
    painter->setFont(m_font);
    painter->drawStaticText(m_labelRect.topLeft() + m_labelTextOffset, m_labelText);
}

QVariant EdgeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemSceneHasChanged && scene())
        refreshGeometry();
    return QGraphicsItem::itemChange(change, value);
}
