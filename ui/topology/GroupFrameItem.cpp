#include "GroupFrameItem.h"

#include "LevelOfDetail.h"
#include "TopologyColors.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

GroupFrameItem::GroupFrameItem(QGraphicsItem *parent)
    : QGraphicsItem(parent)
{
    setZValue(-10);
    setAcceptedMouseButtons(Qt::NoButton);
}

bool GroupFrameItem::setFrame(const QRectF &rect, qreal captionHeight)
{
    if (rect == m_rect && captionHeight == m_captionHeight)
        return false;
    prepareGeometryChange();
    m_rect = rect;
    m_captionHeight = captionHeight;
    return true;
}

bool GroupFrameItem::setCaption(const QString &caption)
{
    if (caption == m_caption)
        return false;
    m_caption = caption;
    update();
    return true;
}

QRectF GroupFrameItem::boundingRect() const
{
    return m_rect.adjusted(-1, -1, 1, 1);
}

void GroupFrameItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (!scene())
        return;
    const TopologyColors colors(scene()->palette());
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing, lod >= LevelOfDetail::kText);
    painter->setPen(QPen(colors.groupBorder(), 1));
    painter->setBrush(colors.groupFill());
    painter->drawRoundedRect(m_rect, 12, 12);
    if (lod < LevelOfDetail::kText || m_caption.isEmpty())
        return;
    QFont font = scene()->font();
    font.setBold(true);
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.9);
    painter->setFont(font);
    painter->setPen(colors.secondaryText());
    const QRectF text(m_rect.left() + 16, m_rect.top() + 8, m_rect.width() - 32, m_captionHeight);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(font).elidedText(m_caption, Qt::ElideRight, text.width()));
}
