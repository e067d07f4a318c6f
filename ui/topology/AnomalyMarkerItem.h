#pragma once

#include "topology/Topology.h"

#include <QFont>
#include <QGraphicsItem>

// The warning pill in a card's corner: how many anomalies involve the node, coloured by the
// worst one; its tooltip lists them. A child item so it has a tooltip of its own.
class AnomalyMarkerItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 103 };

    explicit AnomalyMarkerItem(QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    // Returns true when the marker's looks changed.
    bool setContent(int count, Anomaly::Severity severity, const QString &toolTipText, const QFont &font);
    int count() const { return m_count; }
    qreal width() const { return m_size.width(); }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    int m_count = 0;
    Anomaly::Severity m_severity = Anomaly::Severity::Info;
    QFont m_font;
    QSizeF m_size;
};
