#include "NodeCardItem.h"

#include "AnomalyMarkerItem.h"
#include "LevelOfDetail.h"
#include "TopologyColors.h"
#include "TopologyLabels.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGuiApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace {

constexpr qreal kRadius = 8;
constexpr qreal kStripe = 4;
constexpr qreal kPadLeft = kStripe + 12;
constexpr qreal kPadRight = 12;
constexpr qreal kHalo = 4;  // room outside the card for the selection ring
constexpr qreal kStatusRowY = 80;
constexpr qreal kStatusRowHeight = 16;

QFont scaled(const QFont &base, qreal factor, QFont::Weight weight)
{
    QFont f = base;
    if (base.pointSizeF() > 0)
        f.setPointSizeF(base.pointSizeF() * factor);
    else
        f.setPixelSize(qRound(base.pixelSize() * factor));
    f.setWeight(weight);
    return f;
}

} // namespace

NodeCardItem::NodeCardItem(const QString &address, const QSizeF &size, QGraphicsItem *parent)
    : QGraphicsObject(parent)
    , m_address(address)
    , m_size(size)
    , m_marker(new AnomalyMarkerItem(this))
{
    setObjectName(QStringLiteral("node:") + address);
    setData(0, address);
    setFlags(ItemIsSelectable | ItemIsFocusable);
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    setZValue(10);
    m_content.address = address;

    m_cardPath.addRoundedRect(cardRect(), kRadius, kRadius);
    QPainterPath stripeArea;
    stripeArea.addRect(QRectF(0, 0, kStripe, m_size.height()));
    m_stripePath = m_cardPath.intersected(stripeArea);
    updateMarker();
}

bool NodeCardItem::setContent(const NodeCardContent &content)
{
    if (content == m_content)
        return false;
    const bool toolTipOnly = [&] {
        NodeCardContent a = content;
        a.toolTip = m_content.toolTip;
        return a == m_content;
    }();
    m_content = content;
    setToolTip(m_content.toolTip);
    if (toolTipOnly)
        return false;
    updateMarker();
    m_linesDirty = true;
    update();
    return true;
}

void NodeCardItem::setDropHighlighted(bool on)
{
    if (on == m_dropHighlight)
        return;
    m_dropHighlight = on;
    update();
}

void NodeCardItem::setOperationNote(const QString &note, bool highlighted)
{
    if (note == m_opNote && highlighted == m_opHighlight)
        return;
    m_opNote = note;
    m_opHighlight = highlighted;
    m_linesDirty = true;
    update();
}

QFont NodeCardItem::baseFont() const
{
    return scene() ? scene()->font() : QGuiApplication::font();
}

void NodeCardItem::updateMarker()
{
    m_marker->setContent(m_content.anomalyCount, m_content.anomalySeverity, m_content.anomalyText,
                         scaled(baseFont(), 0.8, QFont::Bold));
    m_marker->setPos(m_size.width() - kPadRight - m_marker->width(), 11);
}

void NodeCardItem::setLine(Line &line, const QString &text, const QFont &font, qreal room, Qt::TextElideMode mode)
{
    if (line.source == text && line.font == font && line.room == room && line.mode == mode && line.height > 0)
        return;
    line.source = text;
    line.font = font;
    line.room = room;
    line.mode = mode;
    line.dirty = true;
}

const NodeCardItem::Line &NodeCardItem::laidOut(Line &line)
{
    if (!line.dirty)
        return line;
    line.dirty = false;
    line.text.setTextFormat(Qt::PlainText);
    line.text.setPerformanceHint(QStaticText::AggressiveCaching);
    line.text.setText(line.source);
    line.text.prepare(QTransform(), line.font);
    line.width = line.text.size().width();
    // Shaping is the expensive part: elide (and shape again) only when the text doesn't fit.
    if (line.room > 0 && line.width > line.room) {
        const QFontMetricsF fm(line.font);
        line.text.setText(fm.elidedText(line.source, line.mode, line.room));
        line.text.prepare(QTransform(), line.font);
        line.width = line.text.size().width();
    }
    line.height = QFontMetricsF(line.font).height();
    return line;
}

void NodeCardItem::updateLines()
{
    m_linesDirty = false;
    const QFont base = baseFont();
    if (!m_fontsReady || base != m_base) {
        m_fontsReady = true;
        m_base = base;
        m_badgeFont = scaled(base, 0.75, QFont::Bold);
        m_badgeFont.setLetterSpacing(QFont::AbsoluteSpacing, 0.6);
        m_addressFont = scaled(base, 1.08, QFont::DemiBold);
        m_smallFont = scaled(base, 0.9, QFont::Normal);
        updateMarker();
    }
    const qreal textWidth = m_size.width() - kPadLeft - kPadRight;
    setLine(m_badge, m_content.badge.isEmpty() ? TopologyLabels::roleBadge(m_content.role) : m_content.badge,
            m_badgeFont, 0, Qt::ElideNone);
    setLine(m_addressLine, m_content.address, m_addressFont, textWidth, Qt::ElideMiddle);
    setLine(m_meta, m_content.meta, m_smallFont, textWidth, Qt::ElideRight);
    // While syncing the status shares its row with the progress bar.
    setLine(m_status, m_opNote.isEmpty() ? m_content.status : m_opNote, m_smallFont, m_content.syncing ? textWidth * 0.5 : textWidth - 14,
            Qt::ElideRight);
}

void NodeCardItem::activate()
{
    Q_EMIT activated(m_address);
}

void NodeCardItem::requestContextMenu(const QPoint &screenPos)
{
    Q_EMIT contextMenuRequested(m_address, screenPos);
}

QRectF NodeCardItem::boundingRect() const
{
    return cardRect().adjusted(-kHalo, -kHalo, kHalo, kHalo + 2);
}

QPainterPath NodeCardItem::shape() const
{
    return m_cardPath;
}

QColor NodeCardItem::badgeColor(const TopologyColors &colors) const
{
    if (m_content.fenced)
        return colors.anomaly(Anomaly::Severity::Warning);
    if (m_content.down)
        return colors.role(NodeSnapshot::Role::Unknown);
    return colors.role(m_content.role);
}

void NodeCardItem::paintOverview(QPainter *painter, const QColor &status, const QColor &border)
{
    // Zoomed far out text is unreadable: the shape, the status and the role carry the picture.
    const TopologyColors colors(scene()->palette());
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(QPen(border, 2));
    painter->setBrush(colors.card());
    painter->drawRect(cardRect());
    painter->fillRect(QRectF(0, 0, kStripe * 3, m_size.height()), status);
    painter->fillRect(QRectF(kPadLeft, 14, 64, 16), badgeColor(colors));
    painter->fillRect(QRectF(kPadLeft, 44, m_size.width() * 0.6, 12), colors.secondaryText());
}

void NodeCardItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (!scene())
        return;
    if (m_linesDirty || !m_fontsReady || m_base != scene()->font())
        updateLines();
    const TopologyColors colors(scene()->palette());
    const QColor status = colors.status(m_content.reachability);
    const bool selected = isSelected();
    const QColor border = selected ? colors.selection()
                          : m_hovered ? TopologyColors::mix(colors.cardBorder(), colors.selection(), 0.5)
                                      : colors.cardBorder();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < LevelOfDetail::kText) {
        paintOverview(painter, status, border);
        return;
    }

    painter->setRenderHint(QPainter::Antialiasing, true);
    if (selected) {
        QColor halo = colors.selection();
        halo.setAlpha(70);
        painter->setPen(QPen(halo, 4));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(cardRect().adjusted(-2, -2, 2, 2), kRadius + 2, kRadius + 2);
    } else if (!colors.isDark()) {
        // A soft shadow lifts the white card off the light canvas.
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(16, 24, 40, 22));
        painter->drawRoundedRect(cardRect().translated(0, 1.5), kRadius, kRadius);
    }
    painter->setPen(QPen(border, selected ? 2 : 1));
    painter->setBrush(colors.card());
    painter->drawPath(m_cardPath);
    painter->setPen(Qt::NoPen);
    painter->setBrush(status);
    painter->drawPath(m_stripePath);

    paintTexts(painter, colors, lod);

    if (m_content.syncing) {
        const qreal left = kPadLeft + 14 + laidOut(m_status).width + 10;
        const QRectF track(left, kStatusRowY + kStatusRowHeight / 2 - 3, m_size.width() - kPadRight - left, 6);
        if (track.width() > 12) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(colors.track());
            painter->drawRoundedRect(track, 3, 3);
            const double progress = m_content.syncProgress >= 0 ? m_content.syncProgress : 0.0;
            if (progress > 0) {
                painter->setPen(Qt::NoPen);
                painter->setBrush(colors.linkSyncing());
                painter->drawRoundedRect(QRectF(track.topLeft(), QSizeF(qMax(6.0, track.width() * progress), 6)),
                                         3, 3);
            }
        }
    }

    if (m_opHighlight) {
        // The node an operation is promoting: a ring in the selection colour, drawn outside
        // the selection halo so both stay visible.
        painter->setPen(QPen(colors.selection(), 2, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(cardRect().adjusted(-3, -3, 3, 3), kRadius + 3, kRadius + 3);
    }

    if (m_dropHighlight) {
        // A card dragged over this one would become its replica: a solid ring and a tint.
        QColor tint = colors.selection();
        tint.setAlpha(50);
        painter->setPen(QPen(colors.selection(), 3));
        painter->setBrush(tint);
        painter->drawRoundedRect(cardRect().adjusted(-3, -3, 3, 3), kRadius + 3, kRadius + 3);
    }

    if (hasFocus() && !selected) {
        painter->setPen(QPen(colors.selection(), 1, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(cardRect().adjusted(-3, -3, 3, 3), kRadius + 3, kRadius + 3);
    }
}

void NodeCardItem::paintTexts(QPainter *painter, const TopologyColors &colors, qreal lod)
{
    auto drawLine = [painter](Line &line, qreal x, qreal rowTop, qreal rowHeight) {
        laidOut(line);
        painter->drawStaticText(QPointF(x, rowTop + (rowHeight - line.height) / 2), line.text);
    };

    const QRectF badge(kPadLeft, 12, laidOut(m_badge).width + 14, 19);
    painter->setPen(Qt::NoPen);
    painter->setBrush(badgeColor(colors));
    painter->drawRoundedRect(badge, 4, 4);
    painter->setPen(Qt::white);
    painter->setFont(m_badgeFont);
    drawLine(m_badge, badge.left() + 7, badge.top(), badge.height());

    // A down node is greyed: nothing on it is current.
    painter->setPen(m_content.down ? TopologyColors::mix(colors.secondaryText(), colors.card(), 0.35) : colors.text());
    painter->setFont(m_addressFont);
    drawLine(m_addressLine, kPadLeft, 38, 22);

    painter->setPen(Qt::NoPen);
    painter->setBrush(colors.status(m_content.reachability));
    painter->drawEllipse(QPointF(kPadLeft + 4, kStatusRowY + kStatusRowHeight / 2), 4, 4);
    // Half-way zoomed out the small print is a grey smear: leave it out, keep the address.
    if (lod < LevelOfDetail::kSmallPrint)
        return;
    painter->setFont(m_smallFont);
    painter->setPen(m_content.stale ? TopologyColors::mix(colors.secondaryText(), colors.card(), 0.35)
                                    : colors.secondaryText());
    drawLine(m_meta, kPadLeft, 60, 18);
    painter->setPen(m_opNote.isEmpty() ? colors.text() : colors.selection());
    drawLine(m_status, kPadLeft + 14, kStatusRowY, kStatusRowHeight);
}

QVariant NodeCardItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemSceneHasChanged && scene()) {
        updateMarker();
        m_linesDirty = true;
    }
    if (change == ItemSelectedHasChanged)
        update();
    return QGraphicsObject::itemChange(change, value);
}

void NodeCardItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        activate();
        event->accept();
        return;
    }
    QGraphicsObject::mouseDoubleClickEvent(event);
}

void NodeCardItem::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    // The menu acts on what the user pointed at, so that becomes the selection.
    if (scene() && !isSelected()) {
        scene()->clearSelection();
        setSelected(true);
    }
    requestContextMenu(event->screenPos());
    event->accept();
}

void NodeCardItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = true;
    update();
    QGraphicsObject::hoverEnterEvent(event);
}

void NodeCardItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = false;
    update();
    QGraphicsObject::hoverLeaveEvent(event);
}
