// The topology view as a user meets it: cards and links for a hand-built Topology, updates
// in place on every poll, selection by mouse and keyboard, zoom and fit, both palettes.
#include "GuiTestHelpers.h"
#include "TestRegistry.h"
#include "TopologyFactory.h"
#include "topology/EdgeItem.h"
#include "topology/GroupFrameItem.h"
#include "topology/NodeCardItem.h"
#include "topology/AnomalyMarkerItem.h"
#include "topology/TopologyColors.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QLabel>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <memory>

namespace {

const QString kMaster = QStringLiteral("10.0.0.1:6379");
const QString kR2 = QStringLiteral("10.0.0.2:6379");
const QString kR3 = QStringLiteral("10.0.0.3:6379");
const QString kR4 = QStringLiteral("10.0.0.4:6379");
const QString kR5 = QStringLiteral("10.0.0.5:6379");

template<class T>
QList<T *> itemsOf(const QGraphicsScene *scene)
{
    QList<T *> out;
    const QList<QGraphicsItem *> all = scene->items();
    for (QGraphicsItem *item : all) {
        if (item->type() == T::Type)
            out << static_cast<T *>(item);
    }
    return out;
}

QRectF cardRectInScene(const NodeCardItem *card)
{
    return card->mapRectToScene(card->cardRect());
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x27, 0x2b));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    return p;
}

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf7, 0xf7));
    p.setColor(QPalette::Text, QColor(0x1f, 0x23, 0x28));
    p.setColor(QPalette::Button, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::ButtonText, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    return p;
}

// The sample with everything an operator should notice: a lagging link, an unreachable
// replica whose link is down, a replica in full sync, an anomaly.
TopologyFactory eventfulSample()
{
    TopologyFactory f = TopologyFactory::sample();
    f.edge(kMaster, kR3).lagBytes = 12595;
    f.edge(kMaster, kR3).lagSeconds = 2;
    TopologyNode &down = f.node(kR4);
    down.reachability = NodeReachability::Unreachable;
    down.error = QStringLiteral("connection refused");
    f.edge(kMaster, kR4).linkUp = false;
    f.edge(kMaster, kR4).linkDownSeconds = 35;
    f.edge(kMaster, kR4).lagBytes.reset();
    TopologyEdge &sync = f.edge(kMaster, kR2);
    sync.syncInProgress = true;
    sync.syncPercent = 42.0;
    sync.syncLeftBytes = 3 * 1024 * 1024;
    sync.state = QStringLiteral("send_bulk");
    f.node(kR2).snapshot.masterSyncInProgress = true;
    f.addAnomaly(QStringLiteral("link_down"), Anomaly::Severity::Critical, {kR4, kMaster},
                 QStringLiteral("10.0.0.4:6379 has not answered for 35 s; its link to the master is down."),
                 QStringLiteral("Check that the server is running and reachable."));
    return f;
}

} // namespace

class tst_TopologyView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sceneHasOneItemPerNodeAndLink();
    void updatesKeepTheSameItems();
    void linkLabelsAndStates();
    void cardsShowStatusSyncAndAnomalies();
    void removingANodeRemovesItsItems();
    void groupsStandSideBySide();
    void selectionSignals();
    void mouseSelectsActivatesAndAsksForMenus();
    void keyboardNavigation();
    void zoomAndFit();
    void emptyState();
    void bothPalettesRenderReadably_data();
    void bothPalettesRenderReadably();
    void largeTopologyFits();

private:
    std::unique_ptr<TopologyView> m_view;
    TopologyScene *scene() const { return m_view->topologyScene(); }
};

void tst_TopologyView::init()
{
    m_view = std::make_unique<TopologyView>();
    m_view->resize(1000, 700);
}

void tst_TopologyView::cleanup()
{
    m_view.reset();
}

void tst_TopologyView::sceneHasOneItemPerNodeAndLink()
{
    m_view->setTopology(TopologyFactory::sample().topology());
    QCOMPARE(m_view->objectName(), QStringLiteral("topologyView"));
    QCOMPARE(itemsOf<NodeCardItem>(scene()).size(), 5);
    QCOMPARE(itemsOf<EdgeItem>(scene()).size(), 4);

    const QRectF master = cardRectInScene(scene()->card(kMaster));
    for (const QString &r : {kR2, kR3, kR4})
        QVERIFY(cardRectInScene(scene()->card(r)).top() > master.bottom());
    QVERIFY(cardRectInScene(scene()->card(kR5)).top() > cardRectInScene(scene()->card(kR3)).bottom());

    const QList<NodeCardItem *> cards = itemsOf<NodeCardItem>(scene());
    for (int i = 0; i < cards.size(); ++i) {
        QCOMPARE(cards[i]->objectName(), QStringLiteral("node:") + cards[i]->address());
        for (int j = i + 1; j < cards.size(); ++j)
            QVERIFY(!cardRectInScene(cards[i]).intersects(cardRectInScene(cards[j])));
    }
    // Each link ends at its replica's card.
    EdgeItem *chain = scene()->edge(kR3, kR5);
    QVERIFY(chain);
    QCOMPARE(chain->route().last(), QPointF(cardRectInScene(scene()->card(kR5)).center().x(),
                                            cardRectInScene(scene()->card(kR5)).top()));
}

void tst_TopologyView::updatesKeepTheSameItems()
{
    TopologyFactory f = TopologyFactory::sample();
    m_view->setTopology(f.topology());
    const QList<NodeCardItem *> cards = itemsOf<NodeCardItem>(scene());
    const QList<EdgeItem *> edges = itemsOf<EdgeItem>(scene());
    EdgeItem *link = scene()->edge(kMaster, kR3);
    QCOMPARE(link->labelText(), QStringLiteral("up · 0 B"));
    QSignalSpy layoutChanged(scene(), &TopologyScene::layoutChanged);

    f.tick(1);
    f.edge(kMaster, kR3).lagBytes = 12595;
    f.edge(kMaster, kR3).lagSeconds = 2;
    m_view->setTopology(f.topology());

    QCOMPARE(scene()->edge(kMaster, kR3), link);
    QCOMPARE(link->labelText(), QStringLiteral("up · 12.3 KiB / 2 s"));
    QCOMPARE(itemsOf<NodeCardItem>(scene()), cards);
    QCOMPARE(itemsOf<EdgeItem>(scene()), edges);
    QCOMPARE(layoutChanged.size(), 0);  // numbers changed, nothing moved
    QVERIFY(scene()->card(kMaster)->content().meta.contains(QStringLiteral("ops/s")));
}

void tst_TopologyView::linkLabelsAndStates()
{
    TopologyFactory f = TopologyFactory::sample();
    TopologyEdge &e = f.edge(kMaster, kR2);
    m_view->setTopology(f.topology());
    EdgeItem *item = scene()->edge(kMaster, kR2);
    QCOMPARE(item->state(), EdgeItem::State::Up);

    e.lagBytes = 5 * 1024 * 1024;
    m_view->setTopology(f.topology());
    QCOMPARE(item->labelText(), QStringLiteral("up · 5.0 MiB"));
    QCOMPARE(item->state(), EdgeItem::State::Lagging);

    e.linkUp = false;
    e.linkDownSeconds = 35;
    m_view->setTopology(f.topology());
    QCOMPARE(item->labelText(), QStringLiteral("DOWN 35 s"));
    QCOMPARE(item->state(), EdgeItem::State::Down);

    e.syncInProgress = true;
    e.syncPercent = 42.7;
    m_view->setTopology(f.topology());
    QCOMPARE(item->labelText(), QStringLiteral("sync 42%"));
    QCOMPARE(item->state(), EdgeItem::State::Syncing);
    QVERIFY(item->toolTip().contains(kR2));
    QCOMPARE(scene()->edge(kMaster, kR2), item);
}

void tst_TopologyView::cardsShowStatusSyncAndAnomalies()
{
    m_view->setTopology(eventfulSample().topology());
    const NodeCardContent &master = scene()->card(kMaster)->content();
    QCOMPARE(master.role, NodeSnapshot::Role::Master);
    QCOMPARE(master.meta, QStringLiteral("v7.2.4 · 1.2 MiB · 1,234 ops/s"));
    QCOMPARE(master.status, QStringLiteral("Up · 3 replicas"));

    const NodeCardContent &down = scene()->card(kR4)->content();
    QCOMPARE(down.reachability, NodeReachability::Unreachable);
    // Down, not its last role: the age of what the card still shows, and why.
    QCOMPARE(down.badge, QStringLiteral("DOWN"));
    QVERIFY(down.down);
    QVERIFY2(down.status.startsWith(QStringLiteral("Down · data stale (")), qPrintable(down.status));
    QVERIFY(down.status.endsWith(QStringLiteral(" · connection refused")));
    QVERIFY(down.stale);
    QCOMPARE(down.anomalyCount, 1);
    AnomalyMarkerItem *marker = scene()->card(kR4)->anomalyMarker();
    QVERIFY(marker->isVisible());
    QVERIFY(marker->toolTip().contains(QStringLiteral("link to the master is down")));
    QVERIFY(!scene()->card(kR3)->anomalyMarker()->isVisible());

    const NodeCardContent &syncing = scene()->card(kR2)->content();
    QVERIFY(syncing.syncing);
    QCOMPARE(syncing.syncProgress, 0.42);
    QCOMPARE(syncing.status, QStringLiteral("Full sync 42%"));
    QVERIFY(scene()->card(kR2)->toolTip().contains(kR2));

    const TopologyColors colors(m_view->palette());
    QVERIFY(colors.status(NodeReachability::Up) != colors.status(NodeReachability::Unreachable));
}

void tst_TopologyView::removingANodeRemovesItsItems()
{
    TopologyFactory f = TopologyFactory::sample();
    m_view->setTopology(f.topology());
    QPointer<NodeCardItem> gone = scene()->card(kR3);
    NodeCardItem *kept = scene()->card(kR2);
    QSignalSpy layoutChanged(scene(), &TopologyScene::layoutChanged);

    f.removeNode(kR3);
    m_view->setTopology(f.topology());
    QVERIFY(gone.isNull());
    QCOMPARE(scene()->card(kR2), kept);
    QCOMPARE(itemsOf<NodeCardItem>(scene()).size(), 4);
    QCOMPARE(itemsOf<EdgeItem>(scene()).size(), 2);
    QVERIFY(!scene()->edge(kMaster, kR3));
    QVERIFY(!scene()->edge(kR3, kR5));
    QCOMPARE(layoutChanged.size(), 1);
}

void tst_TopologyView::groupsStandSideBySide()
{
    TopologyFactory f;
    const QString a = f.addMaster(QStringLiteral("10.1.0.1:6379"), QStringLiteral("orders"));
    f.addReplica(QStringLiteral("10.1.0.2:6379"), a);
    const QString b = f.addMaster(QStringLiteral("10.2.0.1:6379"), QStringLiteral("sessions"));
    f.addReplica(QStringLiteral("10.2.0.2:6379"), b);
    f.addSentinel(QStringLiteral("10.2.1.1:26379"), 1);
    m_view->setTopology(f.topology());

    const QList<GroupFrameItem *> frames = itemsOf<GroupFrameItem>(scene());
    QCOMPARE(frames.size(), 2);
    const QRectF ra = cardRectInScene(scene()->card(a));
    const QRectF rb = cardRectInScene(scene()->card(b));
    QCOMPARE(ra.top(), rb.top());
    QVERIFY(rb.left() > ra.right());
    QStringList captions;
    for (GroupFrameItem *frame : frames)
        captions << frame->caption();
    captions.sort();
    QCOMPARE(captions, (QStringList{QStringLiteral("orders · 2 nodes"),
                                    QStringLiteral("sessions · 2 nodes · 1 sentinel")}));
    QCOMPARE(scene()->card(QStringLiteral("10.2.1.1:26379"))->content().role, NodeSnapshot::Role::Sentinel);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    GuiTest::screenshot(m_view.get(), QStringLiteral("topology-groups"));
}

void tst_TopologyView::selectionSignals()
{
    TopologyFactory f = TopologyFactory::sample();
    m_view->setTopology(f.topology());
    QSignalSpy selected(scene(), &TopologyScene::nodeSelected);

    scene()->selectAddress(kR2);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.takeFirst().at(0).toString(), kR2);
    QCOMPARE(scene()->selectedAddress(), kR2);
    QVERIFY(scene()->card(kR2)->isSelected());

    scene()->selectAddress(kR3);
    QCOMPARE(selected.size(), 1);  // one signal for the switch, not a clear and a select
    QCOMPARE(selected.takeFirst().at(0).toString(), kR3);

    // Selection survives a poll, and follows the node out when it disappears.
    f.tick(2);
    m_view->setTopology(f.topology());
    QCOMPARE(scene()->selectedAddress(), kR3);
    QCOMPARE(selected.size(), 0);
    f.removeNode(kR3);
    m_view->setTopology(f.topology());
    QCOMPARE(scene()->selectedAddress(), QString());
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.takeFirst().at(0).toString(), QString());

    scene()->selectAddress(QStringLiteral("unknown:1"));
    QCOMPARE(selected.size(), 0);
}

void tst_TopologyView::mouseSelectsActivatesAndAsksForMenus()
{
    m_view->setTopology(TopologyFactory::sample().topology());
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QSignalSpy selected(scene(), &TopologyScene::nodeSelected);
    QSignalSpy activated(scene(), &TopologyScene::nodeActivated);
    QSignalSpy menu(scene(), &TopologyScene::nodeContextMenuRequested);

    const QPoint onR4 = m_view->mapFromScene(cardRectInScene(scene()->card(kR4)).center());
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, onR4);
    QCOMPARE(scene()->selectedAddress(), kR4);
    QCOMPARE(selected.size(), 1);

    QTest::mouseDClick(m_view->viewport(), Qt::LeftButton, {}, onR4);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), kR4);

    const QPoint onR5 = m_view->mapFromScene(cardRectInScene(scene()->card(kR5)).center());
    QContextMenuEvent rightClick(QContextMenuEvent::Mouse, onR5, m_view->viewport()->mapToGlobal(onR5));
    QApplication::sendEvent(m_view->viewport(), &rightClick);
    QCOMPARE(menu.size(), 1);
    QCOMPARE(menu.first().at(0).toString(), kR5);
    QCOMPARE(menu.first().at(1).toPoint(), m_view->viewport()->mapToGlobal(onR5));
    QCOMPARE(scene()->selectedAddress(), kR5);  // the menu acts on what was pointed at

    // A click on the empty canvas clears the selection.
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, QPoint(3, 3));
    QCOMPARE(scene()->selectedAddress(), QString());
    QCOMPARE(selected.last().at(0).toString(), QString());
}

void tst_TopologyView::keyboardNavigation()
{
    m_view->setTopology(TopologyFactory::sample().topology());
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QSignalSpy activated(scene(), &TopologyScene::nodeActivated);
    QSignalSpy menu(scene(), &TopologyScene::nodeContextMenuRequested);

    // Tab walks the reading order: master, then each replica with its own replicas.
    QTest::keyClick(m_view.get(), Qt::Key_Tab);
    QCOMPARE(scene()->selectedAddress(), kMaster);
    QTest::keyClick(m_view.get(), Qt::Key_Tab);
    QCOMPARE(scene()->selectedAddress(), kR2);
    QTest::keyClick(m_view.get(), Qt::Key_Tab);
    QCOMPARE(scene()->selectedAddress(), kR3);
    QTest::keyClick(m_view.get(), Qt::Key_Tab);
    QCOMPARE(scene()->selectedAddress(), kR5);
    QTest::keyClick(m_view.get(), Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(scene()->selectedAddress(), kR3);

    // Arrows move spatially.
    QTest::keyClick(m_view.get(), Qt::Key_Up);
    QCOMPARE(scene()->selectedAddress(), kMaster);
    QTest::keyClick(m_view.get(), Qt::Key_Down);
    QCOMPARE(scene()->selectedAddress(), kR3);
    QTest::keyClick(m_view.get(), Qt::Key_Right);
    QCOMPARE(scene()->selectedAddress(), kR4);
    QTest::keyClick(m_view.get(), Qt::Key_Right);  // nothing further right: stays
    QCOMPARE(scene()->selectedAddress(), kR4);
    QTest::keyClick(m_view.get(), Qt::Key_Left);
    QTest::keyClick(m_view.get(), Qt::Key_Down);
    QCOMPARE(scene()->selectedAddress(), kR5);
    QVERIFY(scene()->card(kR5)->hasFocus() || !scene()->isActive());

    QTest::keyClick(m_view.get(), Qt::Key_Return);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), kR5);

    QTest::keyClick(m_view.get(), Qt::Key_Menu);
    QCOMPARE(menu.size(), 1);
    QCOMPARE(menu.first().at(0).toString(), kR5);
    const QRect cardOnScreen(m_view->viewport()->mapToGlobal(m_view->mapFromScene(cardRectInScene(scene()->card(kR5)).topLeft())),
                             m_view->viewport()->mapToGlobal(m_view->mapFromScene(cardRectInScene(scene()->card(kR5)).bottomRight())));
    QVERIFY(cardOnScreen.contains(menu.first().at(1).toPoint()));
    QTest::keyClick(m_view.get(), Qt::Key_F10, Qt::ShiftModifier);
    QCOMPARE(menu.size(), 2);

    QTest::keyClick(m_view.get(), Qt::Key_Escape);
    QCOMPARE(scene()->selectedAddress(), QString());
    QTest::keyClick(m_view.get(), Qt::Key_Return);
    QCOMPARE(activated.size(), 1);
}

void tst_TopologyView::zoomAndFit()
{
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QVERIFY(m_view->isAutoFit());
    m_view->setTopology(TopologyFactory::sample().topology());
    // The first nodes arrive: the picture fits (never magnified beyond 100 %).
    const qreal fitted = m_view->zoom();
    QVERIFY(fitted > 0 && fitted <= 1.0);
    const QRect visible = m_view->mapFromScene(scene()->contentRect()).boundingRect();
    QVERIFY2(m_view->viewport()->rect().adjusted(-2, -2, 2, 2).contains(visible), "content not fitted");

    QSignalSpy zoomed(m_view.get(), &TopologyView::zoomChanged);
    QTest::keyClick(m_view.get(), Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(m_view->zoom(), fitted * 1.25);
    QVERIFY(!m_view->isAutoFit());
    QCOMPARE(zoomed.size(), 1);
    QTest::keyClick(m_view.get(), Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(m_view.get(), Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(qAbs(m_view->zoom() - fitted / 1.25) < 1e-9);

    // Once the user zoomed, new nodes no longer refit under their hand.
    const QTransform userTransform = m_view->transform();
    TopologyFactory more = TopologyFactory::sample();
    more.addReplica(QStringLiteral("10.0.0.6:6379"), kR5);
    m_view->setTopology(more.topology());
    QCOMPARE(m_view->transform(), userTransform);

    const QPoint centre = m_view->viewport()->rect().center();
    QWheelEvent wheel(centre, m_view->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    const qreal beforeWheel = m_view->zoom();
    QApplication::sendEvent(m_view->viewport(), &wheel);
    QVERIFY(qAbs(m_view->zoom() - beforeWheel * 1.25) < 1e-9);

    QTest::keyClick(m_view.get(), Qt::Key_F);
    QVERIFY(m_view->isAutoFit());
    const qreal refitted = m_view->zoom();
    QVERIFY(refitted <= 1.0);
    QVERIFY(m_view->viewport()->rect().adjusted(-2, -2, 2, 2)
                .contains(m_view->mapFromScene(scene()->contentRect()).boundingRect()));
    m_view->zoomIn();
    QTest::keyClick(m_view.get(), Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(m_view->zoom(), refitted);

    // Zoom is bounded both ways.
    for (int i = 0; i < 40; ++i)
        m_view->zoomIn();
    QCOMPARE(m_view->zoom(), TopologyView::kMaxZoom);
    QVERIFY(!m_view->zoomInAction()->isEnabled());
    for (int i = 0; i < 80; ++i)
        m_view->zoomOutAction()->trigger();
    QCOMPARE(m_view->zoom(), TopologyView::kMinZoom);
    QVERIFY(!m_view->zoomOutAction()->isEnabled());
    QVERIFY(m_view->zoomInAction()->isEnabled());
    QVERIFY(!m_view->fitAction()->icon().isNull());
    m_view->fitAction()->trigger();
    QCOMPARE(m_view->zoom(), refitted);
}

void tst_TopologyView::emptyState()
{
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QWidget *empty = m_view->findChild<QWidget *>(QStringLiteral("topologyEmptyState"));
    QVERIFY(empty);
    QVERIFY(empty->isVisible());
    bool saysWhatToDo = false;
    const TopologyColors colors(m_view->palette());
    for (QLabel *label : empty->findChildren<QLabel *>()) {
        saysWhatToDo |= label->text() == QStringLiteral("Connect to a node or start a lab");
        // Quieter than the text on cards, yet readable on the canvas.
        const QColor ink = label->palette().color(label->foregroundRole());
        QVERIFY(ink != colors.text());
        QVERIFY(TopologyColors::contrast(ink, colors.canvas()) >= 3.0);
    }
    QVERIFY(saysWhatToDo);
    GuiTest::screenshot(m_view.get(), QStringLiteral("topology-empty"));

    m_view->setTopology(TopologyFactory::sample().topology());
    QVERIFY(!empty->isVisible());
    m_view->setTopology(Topology());
    QVERIFY(empty->isVisible());
    QCOMPARE(itemsOf<NodeCardItem>(scene()).size(), 0);
    QCOMPARE(itemsOf<EdgeItem>(scene()).size(), 0);
}

void tst_TopologyView::bothPalettesRenderReadably_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::addColumn<QString>("name");
    QTest::newRow("light") << lightPalette() << QStringLiteral("light");
    QTest::newRow("dark") << darkPalette() << QStringLiteral("dark");
}

void tst_TopologyView::bothPalettesRenderReadably()
{
    QFETCH(QPalette, palette);
    QFETCH(QString, name);
    m_view->setPalette(palette);
    m_view->resize(1100, 640);
    m_view->setTopology(eventfulSample().topology());
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    scene()->selectAddress(kR3);

    const TopologyColors colors(palette);
    QCOMPARE(colors.isDark(), name == QStringLiteral("dark"));
    QVERIFY(TopologyColors::contrast(colors.text(), colors.card()) >= 7.0);
    QVERIFY(TopologyColors::contrast(colors.secondaryText(), colors.card()) >= 4.5);
    for (auto role : {NodeSnapshot::Role::Master, NodeSnapshot::Role::Replica, NodeSnapshot::Role::Sentinel,
                      NodeSnapshot::Role::Unknown})
        QVERIFY(TopologyColors::contrast(Qt::white, colors.role(role)) >= 4.5);
    for (const QColor &c : {colors.linkDown(), colors.linkLagging(), colors.linkSyncing()})
        QVERIFY(TopologyColors::contrast(c, colors.canvas()) >= 4.0);

    const QImage image = m_view->grab().toImage();
    QVERIFY(!image.isNull());
    GuiTest::screenshot(m_view.get(), QStringLiteral("topology-") + name);

    // What was painted: the card surface is the card colour, and the address on it is drawn in
    // a colour that stands out from it.
    const NodeCardItem *card = scene()->card(kMaster);
    const QRect onScreen = m_view->mapFromScene(cardRectInScene(card)).boundingRect();
    const qreal ratio = image.devicePixelRatio();
    auto pixel = [&](QPoint p) { return image.pixelColor(QPoint(int(p.x() * ratio), int(p.y() * ratio))); };
    const QColor surface = pixel(onScreen.bottomRight() - QPoint(6, 6));
    QVERIFY2(TopologyColors::contrast(surface, colors.card()) < 1.1, qPrintable(surface.name()));
    qreal best = 1;
    const qreal z = m_view->zoom();
    const QRect addressRow(onScreen.left() + int(16 * z), onScreen.top() + int(40 * z), int(150 * z), int(18 * z));
    for (int y = addressRow.top(); y <= addressRow.bottom(); ++y) {
        for (int x = addressRow.left(); x <= addressRow.right(); ++x)
            best = qMax(best, TopologyColors::contrast(pixel(QPoint(x, y)), surface));
    }
    QVERIFY2(best >= 4.5, qPrintable(QString::number(best)));
    // The canvas is not the card colour: cards stand out from the background.
    const QColor canvas = pixel(QPoint(2, 2));
    QVERIFY(canvas != surface);
}

void tst_TopologyView::largeTopologyFits()
{
    m_view->resize(1280, 800);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    TopologyFactory f = TopologyFactory::large(10, 20);
    m_view->setTopology(f.topology());
    QVERIFY(itemsOf<NodeCardItem>(scene()).size() >= 200);
    QVERIFY(m_view->zoom() < 1.0);
    QVERIFY(m_view->viewport()->rect().adjusted(-2, -2, 2, 2)
                .contains(m_view->mapFromScene(scene()->contentRect()).boundingRect()));
    GuiTest::screenshot(m_view.get(), QStringLiteral("topology-200"));
    while (m_view->zoom() < 0.45)
        m_view->zoomIn();
    GuiTest::screenshot(m_view.get(), QStringLiteral("topology-200-mid"));
    m_view->resetZoom();
    m_view->centerOn(scene()->card(QStringLiteral("10.1.0.1:6379")));
    GuiTest::screenshot(m_view.get(), QStringLiteral("topology-200-zoomed"));
}

TANDEM_TEST_MAIN(tst_TopologyView)
#include "tst_topologyview.moc"
