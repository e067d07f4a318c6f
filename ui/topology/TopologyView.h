#pragma once

#include "topology/Topology.h"

#include <QGraphicsView>

class QAction;
class QLabel;
class QWidget;
class TopologyScene;

// The topology picture an operator lives in: zoom (Ctrl+wheel, Ctrl+= / Ctrl+-, pinch), pan
// (drag the background, Ctrl+arrows, arrows when nothing is selected), fit (F or Ctrl+0, and
// by itself as nodes arrive until the user zooms or pans), keyboard selection (Tab / arrows
// between cards, Enter activates, Menu or Shift+F10 asks for the context menu). Shows a hint
// while there is nothing to draw. Owns its TopologyScene; connect to the scene's signals.
class TopologyView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit TopologyView(QWidget *parent = nullptr);

    TopologyScene *topologyScene() const { return m_scene; }
    // For the window's View menu and toolbar. They show the shortcuts, but the keys themselves
    // are handled by the view while it has focus (so "F" doesn't fit while typing elsewhere).
    QAction *zoomInAction() const { return m_zoomInAction; }
    QAction *zoomOutAction() const { return m_zoomOutAction; }
    QAction *fitAction() const { return m_fitAction; }
    qreal zoom() const;              // 1.0 = 100 %
    bool isAutoFit() const { return m_autoFit; }

    static constexpr qreal kMinZoom = 0.05;
    static constexpr qreal kMaxZoom = 4.0;

public Q_SLOTS:
    void setTopology(const Topology &topology);
    void zoomIn();
    void zoomOut();
    void resetZoom();                // 100 %
    void fitToContent();             // and keep fitting as nodes come and go, until the user zooms

Q_SIGNALS:
    void zoomChanged(qreal zoom);

protected:
    bool event(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void onLayoutChanged();
    void fit();
    void zoomBy(qreal factor, ViewportAnchor anchor);
    void setZoom(qreal zoom);
    bool moveInReadingOrder(bool forward);
    bool moveSelection(Qt::ArrowType direction);
    void select(const QString &address);
    void openContextMenuForSelection();
    void updateEmptyState();
    void applyPalette();
    void updateActions();
    bool isViewKey(const QKeyEvent *event) const;

    TopologyScene *m_scene = nullptr;
    QWidget *m_empty = nullptr;
    QLabel *m_emptyTitle = nullptr;
    QLabel *m_emptyHint = nullptr;
    QAction *m_zoomInAction = nullptr;
    QAction *m_zoomOutAction = nullptr;
    QAction *m_fitAction = nullptr;
    bool m_autoFit = true;
    bool m_pressOnBackground = false;
};
