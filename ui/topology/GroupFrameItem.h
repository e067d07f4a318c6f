#pragma once

#include <QFont>
#include <QGraphicsItem>

// The quiet backdrop that holds one replication group together, with a caption such as
// "mymaster · 3 sentinels". Purely decorative: not selectable, never in the way of clicks.
class GroupFrameItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 104 };

    explicit GroupFrameItem(QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QString caption() const { return m_caption; }
    // Both return true when the frame looks different afterwards.
    bool setFrame(const QRectF &rect, qreal captionHeight);
    bool setCaption(const QString &caption);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF m_rect;
    qreal m_captionHeight = 0;
    QString m_caption;
};
