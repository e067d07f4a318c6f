#pragma once

#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QString>

class NodeCardItem;
class QGraphicsLineItem;
class TopologyScene;

// Dragging a standalone node's card onto a master's card asks to make it that master's
// replica: while dragging, a dashed line follows the pointer and the master under it is
// highlighted; releasing there reports (replica, master), anywhere else or Escape cancels.
// Nothing changes on a server here: the drop only opens Set Up Replication, prefilled.
class CardLinkDrag : public QObject
{
    Q_OBJECT
public:
    explicit CardLinkDrag(TopologyScene *scene);

    // A node that may be dragged: it answers and is a master without replicas.
    bool canStartFrom(const QString &address) const;
    // A node it may be dropped on: another node that answers and is a master.
    bool canDropOn(const QString &source, const QString &target) const;

    bool begin(const QString &source, const QPointF &scenePos);
    void move(const QPointF &scenePos);
    // Ends the drag; returns the master it was dropped on (empty: nothing).
    QString drop(const QPointF &scenePos);
    void cancel();

    bool isActive() const { return !m_source.isEmpty(); }
    QString source() const { return m_source; }
    // The master currently highlighted under the pointer.
    QString target() const { return m_target; }

Q_SIGNALS:
    void dropped(const QString &replica, const QString &master);

private:
    QString targetAt(const QPointF &scenePos) const;
    void highlight(const QString &address);

    TopologyScene *m_scene;
    QString m_source;
    QString m_target;
    QGraphicsLineItem *m_line = nullptr;
};
