#include "TopologyView.h"

#include "NodeCardItem.h"
#include "TopologyColors.h"
#include "TopologyScene.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QGestureEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QNativeGestureEvent>
#include <QPinchGesture>
#include <QScrollBar>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QtMath>

namespace {

constexpr qreal kZoomStep = 1.25;

bool isArrow(int key)
{
    return key == Qt::Key_Left || key == Qt::Key_Right || key == Qt::Key_Up || key == Qt::Key_Down;
}

Qt::ArrowType arrowOf(int key)
{
    switch (key) {
    case Qt::Key_Left: return Qt::LeftArrow;
    case Qt::Key_Right: return Qt::RightArrow;
    case Qt::Key_Up: return Qt::UpArrow;
    default: return Qt::DownArrow;
    }
}

} // namespace

TopologyView::TopologyView(QWidget *parent)
    : QGraphicsView(parent)
    , m_scene(new TopologyScene(this))
{
    setObjectName(QStringLiteral("topologyView"));
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    // Only what changed is repainted: a poll that changes a few numbers repaints a few cards.
    setViewportUpdateMode(QGraphicsView::MinimalViewportUpdate);
    setOptimizationFlag(QGraphicsView::DontAdjustForAntialiasing, true);  // items pad their bounds
    setCacheMode(QGraphicsView::CacheBackground);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Replication topology"));
    viewport()->setAttribute(Qt::WA_AcceptTouchEvents);
    viewport()->grabGesture(Qt::PinchGesture);

    m_empty = new QWidget(viewport());
    m_empty->setObjectName(QStringLiteral("topologyEmptyState"));
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    auto *layout = new QVBoxLayout(m_empty);
    layout->addStretch();
    m_emptyTitle = new QLabel(tr("Connect to a node or start a lab"), m_empty);
    m_emptyTitle->setAlignment(Qt::AlignCenter);
    QFont title = m_emptyTitle->font();
    title.setPointSizeF(title.pointSizeF() * 1.35);
    m_emptyTitle->setFont(title);
    m_emptyHint = new QLabel(tr("Masters, replicas and sentinels appear here as Tandem discovers them."), m_empty);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    // Inside the viewport labels would inherit its Text role; applyPalette() sets WindowText.
    m_emptyTitle->setForegroundRole(QPalette::WindowText);
    m_emptyHint->setForegroundRole(QPalette::WindowText);
    layout->addWidget(m_emptyTitle);
    layout->addWidget(m_emptyHint);
    layout->addStretch();

    auto action = [this](const char *icon, const QString &text, const QString &name,
                         const QList<QKeySequence> &keys) {
        auto *a = new QAction(QIcon(QLatin1String(icon)), text, this);
        a->setObjectName(name);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WidgetShortcut);
        return a;
    };
    m_zoomInAction = action(":/icons/zoom-in.svg", tr("Zoom &In"), QStringLiteral("topologyZoomIn"),
                            {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence::ZoomIn});
    m_zoomOutAction = action(":/icons/zoom-out.svg", tr("Zoom &Out"), QStringLiteral("topologyZoomOut"),
                             {QKeySequence(Qt::CTRL | Qt::Key_Minus), QKeySequence::ZoomOut});
    m_fitAction = action(":/icons/zoom-fit.svg", tr("&Fit Topology"), QStringLiteral("topologyFit"),
                         {QKeySequence(Qt::Key_F), QKeySequence(Qt::CTRL | Qt::Key_0)});
    m_zoomInAction->setToolTip(tr("Zoom in (Ctrl+wheel)"));
    m_zoomOutAction->setToolTip(tr("Zoom out (Ctrl+wheel)"));
    m_fitAction->setToolTip(tr("Fit the whole topology in the view"));
    connect(m_zoomInAction, &QAction::triggered, this, &TopologyView::zoomIn);
    connect(m_zoomOutAction, &QAction::triggered, this, &TopologyView::zoomOut);
    connect(m_fitAction, &QAction::triggered, this, &TopologyView::fitToContent);
    connect(this, &TopologyView::zoomChanged, this, &TopologyView::updateActions);

    connect(m_scene, &TopologyScene::layoutChanged, this, &TopologyView::onLayoutChanged);
    applyPalette();
    updateEmptyState();
}

void TopologyView::updateActions()
{
    m_zoomInAction->setEnabled(zoom() < kMaxZoom);
    m_zoomOutAction->setEnabled(zoom() > kMinZoom);
}

void TopologyView::setTopology(const Topology &topology)
{
    m_scene->setTopology(topology);
}

qreal TopologyView::zoom() const
{
    return transform().m11();
}

void TopologyView::onLayoutChanged()
{
    updateEmptyState();
    if (m_autoFit)
        fit();
}

void TopologyView::updateEmptyState()
{
    m_empty->setVisible(m_scene->cardCount() == 0);
    m_empty->setGeometry(viewport()->rect());
}

void TopologyView::fitToContent()
{
    m_autoFit = true;
    fit();
}

void TopologyView::fit()
{
    const QRectF content = m_scene->contentRect();
    const QSize room = viewport()->size();
    if (content.isEmpty() || room.width() < 2 || room.height() < 2) {
        setZoom(1.0);
        return;
    }
    // Never magnify: one node at 400 % looks like a bug, not a picture. A pixel of slack keeps
    // rounding from summoning scroll bars.
    const qreal scale = qMin((room.width() - 2) / content.width(), (room.height() - 2) / content.height());
    setZoom(qBound(kMinZoom, scale, 1.0));
    centerOn(content.center());
}

void TopologyView::setZoom(qreal zoom)
{
    const qreal clamped = qBound(kMinZoom, zoom, kMaxZoom);
    if (qFuzzyCompare(clamped, this->zoom()))
        return;
    setTransform(QTransform::fromScale(clamped, clamped));
    Q_EMIT zoomChanged(clamped);
}

void TopologyView::zoomBy(qreal factor, ViewportAnchor anchor)
{
    m_autoFit = false;
    const ViewportAnchor previous = transformationAnchor();
    setTransformationAnchor(anchor);
    setZoom(zoom() * factor);
    setTransformationAnchor(previous);
}

void TopologyView::zoomIn()
{
    zoomBy(kZoomStep, AnchorViewCenter);
}

void TopologyView::zoomOut()
{
    zoomBy(1 / kZoomStep, AnchorViewCenter);
}

void TopologyView::resetZoom()
{
    zoomBy(1 / zoom(), AnchorViewCenter);
}

void TopologyView::select(const QString &address)
{
    m_scene->selectAddress(address);
    if (NodeCardItem *card = m_scene->card(address))
        ensureVisible(card, 48, 48);
}

bool TopologyView::moveInReadingOrder(bool forward)
{
    const QStringList &order = m_scene->layout().readingOrder();
    if (order.isEmpty())
        return false;
    const qsizetype at = order.indexOf(m_scene->selectedAddress());
    qsizetype next = 0;
    if (at < 0)
        next = forward ? 0 : order.size() - 1;
    else
        next = forward ? at + 1 : at - 1;
    if (next < 0 || next >= order.size())
        return false;
    select(order[next]);
    return true;
}

bool TopologyView::moveSelection(Qt::ArrowType direction)
{
    const QString next = m_scene->layout().neighbour(m_scene->selectedAddress(), direction);
    if (next.isEmpty())
        return false;
    select(next);
    return true;
}

void TopologyView::openContextMenuForSelection()
{
    NodeCardItem *card = m_scene->card(m_scene->selectedAddress());
    if (!card)
        return;
    ensureVisible(card, 48, 48);
    // Where a right click would plausibly have been: inside the card, below its address.
    const QPointF inCard(qMin<qreal>(48, card->cardRect().width() / 2), card->cardRect().height() * 0.6);
    card->requestContextMenu(viewport()->mapToGlobal(mapFromScene(card->mapToScene(inCard))));
}

bool TopologyView::isViewKey(const QKeyEvent *event) const
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    if (event->matches(QKeySequence::ZoomIn) || event->matches(QKeySequence::ZoomOut))
        return true;
    if (mods == Qt::ControlModifier)
        return key == Qt::Key_Equal || key == Qt::Key_Plus || key == Qt::Key_Minus || key == Qt::Key_0
               || isArrow(key);
    if (mods == Qt::ShiftModifier)
        return key == Qt::Key_F10;
    if (mods == Qt::NoModifier)
        return key == Qt::Key_F || key == Qt::Key_Menu || key == Qt::Key_Return || key == Qt::Key_Enter
               || key == Qt::Key_Escape || isArrow(key);
    return false;
}

bool TopologyView::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // Our keys win over window-wide shortcuts while the view has focus.
        auto *key = static_cast<QKeyEvent *>(event);
        if (isViewKey(key)) {
            event->accept();
            return true;
        }
    }
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const bool tab = key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab;
        if (tab && !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
            // Tab walks the cards in reading order, then leaves the view like any widget.
            const bool forward = key->key() == Qt::Key_Tab && !(key->modifiers() & Qt::ShiftModifier);
            if (!moveInReadingOrder(forward))
                QWidget::focusNextPrevChild(forward);
            event->accept();
            return true;
        }
    }
    return QGraphicsView::event(event);
}

void TopologyView::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    const bool selected = !m_scene->selectedAddress().isEmpty();
    if (event->matches(QKeySequence::ZoomIn)
        || (mods == Qt::ControlModifier && (key == Qt::Key_Equal || key == Qt::Key_Plus))) {
        zoomIn();
    } else if (event->matches(QKeySequence::ZoomOut) || (mods == Qt::ControlModifier && key == Qt::Key_Minus)) {
        zoomOut();
    } else if ((mods == Qt::ControlModifier && key == Qt::Key_0) || (mods == Qt::NoModifier && key == Qt::Key_F)) {
        fitToContent();
    } else if ((mods == Qt::NoModifier && key == Qt::Key_Menu) || (mods == Qt::ShiftModifier && key == Qt::Key_F10)) {
        openContextMenuForSelection();
    } else if (mods == Qt::NoModifier && (key == Qt::Key_Return || key == Qt::Key_Enter) && selected) {
        m_scene->card(m_scene->selectedAddress())->activate();
    } else if (mods == Qt::NoModifier && key == Qt::Key_Escape && selected) {
        m_scene->selectAddress(QString());
    } else if (mods == Qt::NoModifier && isArrow(key) && selected) {
        moveSelection(arrowOf(key));  // at the edge of the picture the selection stays put
    } else if ((mods == Qt::NoModifier || mods == Qt::ControlModifier) && isArrow(key)) {
        m_autoFit = false;
        QScrollBar *bar = (key == Qt::Key_Left || key == Qt::Key_Right) ? horizontalScrollBar() : verticalScrollBar();
        const bool add = key == Qt::Key_Right || key == Qt::Key_Down;
        bar->triggerAction(add ? QAbstractSlider::SliderSingleStepAdd : QAbstractSlider::SliderSingleStepSub);
    } else {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TopologyView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        // 120 units = one notch = 25 %; touchpads send smaller steps for smooth zooming.
        const qreal notches = event->angleDelta().y() / 120.0;
        if (notches != 0)
            zoomBy(qPow(kZoomStep, notches), AnchorUnderMouse);
        event->accept();
        return;
    }
    m_autoFit = false;
    QGraphicsView::wheelEvent(event);
}

bool TopologyView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::NativeGesture) {
        auto *gesture = static_cast<QNativeGestureEvent *>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomBy(1 + gesture->value(), AnchorUnderMouse);
            return true;
        }
    }
    if (event->type() == QEvent::Gesture) {
        auto *gestures = static_cast<QGestureEvent *>(event);
        if (auto *pinch = static_cast<QPinchGesture *>(gestures->gesture(Qt::PinchGesture))) {
            if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged)
                zoomBy(pinch->scaleFactor(), AnchorUnderMouse);
            gestures->accept(pinch);
            return true;
        }
    }
    return QGraphicsView::viewportEvent(event);
}

void TopologyView::mousePressEvent(QMouseEvent *event)
{
    QGraphicsItem *item = itemAt(event->position().toPoint());
    m_pressOnBackground = !item || item->type() != NodeCardItem::Type;
    QGraphicsView::mousePressEvent(event);
}

void TopologyView::mouseMoveEvent(QMouseEvent *event)
{
    if ((event->buttons() & Qt::LeftButton) && m_pressOnBackground)
        m_autoFit = false;  // the user is panning: stop refitting under their hand
    QGraphicsView::mouseMoveEvent(event);
}

void TopologyView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    m_empty->setGeometry(viewport()->rect());
    if (m_autoFit)
        fit();
}

void TopologyView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    if (event->type() == QEvent::FontChange)
        m_scene->setFont(font());
    QGraphicsView::changeEvent(event);
}

void TopologyView::applyPalette()
{
    m_scene->setPalette(palette());
    const TopologyColors colors(palette());
    setBackgroundBrush(colors.canvas());
    QPalette hint = m_empty->palette();
    hint.setColor(QPalette::WindowText, colors.secondaryText());
    m_emptyHint->setPalette(hint);
    hint.setColor(QPalette::WindowText, TopologyColors::mix(colors.text(), colors.canvas(), 0.2));
    m_emptyTitle->setPalette(hint);
    resetCachedContent();
}

void TopologyView::focusInEvent(QFocusEvent *event)
{
    QGraphicsView::focusInEvent(event);
    // Tabbing into the view lands on a card, so the keyboard has something to act on.
    if (m_scene->selectedAddress().isEmpty()
        && (event->reason() == Qt::TabFocusReason || event->reason() == Qt::BacktabFocusReason))
        moveInReadingOrder(event->reason() == Qt::TabFocusReason);
}

void TopologyView::contextMenuEvent(QContextMenuEvent *event)
{
    if (event->reason() == QContextMenuEvent::Keyboard) {
        openContextMenuForSelection();
        event->accept();
        return;
    }
    QGraphicsView::contextMenuEvent(event);
}
