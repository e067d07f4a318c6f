#pragma once

#include "NodeCardContent.h"

#include <QFont>
#include <QGraphicsObject>
#include <QPainterPath>
#include <QStaticText>

class AnomalyMarkerItem;
class TopologyColors;

// One node in the topology picture: role badge, address, version, memory, ops/s, status colour,
// anomaly marker and, during a full sync, a progress bar. Selectable and focusable; the scene
// keeps one card per address alive across updates and only repaints it when its content changes.
class NodeCardItem : public QGraphicsObject
{
    Q_OBJECT

public:
    enum { Type = UserType + 101 };

    NodeCardItem(const QString &address, const QSizeF &size, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QString address() const { return m_address; }
    const NodeCardContent &content() const { return m_content; }
    AnomalyMarkerItem *anomalyMarker() const { return m_marker; }

    // Returns true when the card looks different afterwards.
    bool setContent(const NodeCardContent &content);

    // While an operation runs: what it is doing to this node ("pausing writes…"), shown in
    // place of the status line, and a ring around the card it is promoting. Empty clears.
    void setOperationNote(const QString &note, bool highlighted = false);
    QString operationNote() const { return m_opNote; }
    bool isOperationHighlighted() const { return m_opHighlight; }

    // While a card is dragged over this one: "drop here to make it a replica of this node".
    void setDropHighlighted(bool on);
    bool isDropHighlighted() const { return m_dropHighlight; }

    // What the keyboard and the mouse both end up doing.
    void activate();
    void requestContextMenu(const QPoint &screenPos);

    QRectF cardRect() const { return QRectF(QPointF(0, 0), m_size); }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

Q_SIGNALS:
    void activated(const QString &address);
    void contextMenuRequested(const QString &address, const QPoint &screenPos);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    // A line of text laid out once and redrawn from cache: on the 1 s poll most strings don't
    // change, and shaping text on every paint is what makes big pictures slow.
    struct Line
    {
        QString source;       // what should show; `text` may be elided
        QFont font;
        qreal room = 0;       // 0: never elide
        Qt::TextElideMode mode = Qt::ElideRight;
        bool dirty = true;
        QStaticText text;
        qreal width = 0;
        qreal height = 0;
    };

    QFont baseFont() const;
    void updateMarker();
    // Fonts and strings per line. Lines are laid out lazily when painted, so cards scrolled out
    // of sight (or too small to show the small print) cost nothing when their numbers change.
    void updateLines();
    static void setLine(Line &line, const QString &text, const QFont &font, qreal room, Qt::TextElideMode mode);
    static const Line &laidOut(Line &line);
    void paintOverview(QPainter *painter, const QColor &status, const QColor &border);
    QColor badgeColor(const TopologyColors &colors) const;
    void paintTexts(QPainter *painter, const TopologyColors &colors, qreal lod);

    QString m_address;
    QSizeF m_size;
    NodeCardContent m_content;
    AnomalyMarkerItem *m_marker = nullptr;
    QPainterPath m_cardPath;
    QPainterPath m_stripePath;
    bool m_hovered = false;
    QString m_opNote;
    bool m_opHighlight = false;
    bool m_dropHighlight = false;

    bool m_linesDirty = true;
    bool m_fontsReady = false;
    QFont m_base;
    QFont m_badgeFont;
    QFont m_addressFont;
    QFont m_smallFont;
    Line m_badge;
    Line m_addressLine;
    Line m_meta;
    Line m_status;
};
