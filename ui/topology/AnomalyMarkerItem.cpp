#include "AnomalyMarkerItem.h"

#include "TopologyColors.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPath>

AnomalyMarkerItem::AnomalyMarkerItem(QGraphicsItem *parent)
    : QGraphicsItem(parent)
{
    setAcceptHoverEvents(true);  // tooltips need hover
    setVisible(false);
}

bool AnomalyMarkerItem::setContent(int count, Anomaly::Severity severity, const QString &toolTipText,
                                   const QFont &font)
{
    if (toolTip() != toolTipText)
        setToolTip(toolTipText);
    if (count == m_count && severity == m_severity && font == m_font)
        return false;
    prepareGeometryChange();
    m_count = count;
    m_severity = severity;
    m_font = font;
    const QFontMetricsF fm(m_font);
    const qreal height = 20;
    m_size = QSizeF(24 + fm.horizontalAdvance(QString::number(count)) + 8, height);
    setVisible(count > 0);
    update();
    return true;
}

QRectF AnomalyMarkerItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size);
}

void AnomalyMarkerItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const TopologyColors colors(scene() ? scene()->palette() : QPalette());
    const QColor fill = colors.anomaly(m_severity);
    const QRectF r = boundingRect();
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(r, r.height() / 2, r.height() / 2);

    // A white warning triangle with the exclamation mark cut out in the fill colour.
    const QPointF c(8 + 6, r.height() / 2 + 0.5);
    QPainterPath triangle;
    triangle.moveTo(c.x(), c.y() - 6);
    triangle.lineTo(c.x() + 6.5, c.y() + 5);
    triangle.lineTo(c.x() - 6.5, c.y() + 5);
    triangle.closeSubpath();
    painter->setBrush(Qt::white);
    painter->drawPath(triangle);
    painter->setPen(QPen(fill, 1.6, Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(QPointF(c.x(), c.y() - 2.5), QPointF(c.x(), c.y() + 1));
    painter->drawPoint(QPointF(c.x(), c.y() + 3.2));

    painter->setPen(Qt::white);
    painter->setFont(m_font);
    painter->drawText(r.adjusted(23, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft, QString::number(m_count));
}
