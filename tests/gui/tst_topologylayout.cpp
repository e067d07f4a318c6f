// TopologyLayout: pure geometry, checked without a scene. Trees read top-down, nothing
// overlaps, links run between cards rather than through them, and the same topology always
// gives the same picture.
#include "TestRegistry.h"
#include "TopologyFactory.h"
#include "topology/TopologyLayout.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

namespace {

const QString kMaster = QStringLiteral("10.0.0.1:6379");
const QString kR2 = QStringLiteral("10.0.0.2:6379");
const QString kR3 = QStringLiteral("10.0.0.3:6379");
const QString kR4 = QStringLiteral("10.0.0.4:6379");
const QString kR5 = QStringLiteral("10.0.0.5:6379");

TopologyLayout laidOut(const Topology &topology)
{
    TopologyLayout layout;
    layout.compute(topology);
    return layout;
}

// True when the axis-aligned segment a-b crosses the inside of `rect`.
bool segmentCrosses(QPointF a, QPointF b, const QRectF &rect)
{
    const QRectF inside = rect.adjusted(1, 1, -1, -1);
    const QRectF span = QRectF(a, b).normalized().adjusted(-0.01, -0.01, 0.01, 0.01);
    return inside.intersects(span);
}

QString overlapReport(const TopologyLayout &layout)
{
    const QList<QString> keys = layout.cards().keys();
    for (int i = 0; i < keys.size(); ++i) {
        for (int j = i + 1; j < keys.size(); ++j) {
            if (layout.cardRect(keys[i]).intersects(layout.cardRect(keys[j])))
                return keys[i] + QStringLiteral(" overlaps ") + keys[j];
        }
    }
    return {};
}

} // namespace

class tst_TopologyLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyTopology();
    void singleNode();
    void treeReadsTopDown();
    void linksRunBetweenCards();
    void twoGroupsSideBySide();
    void sentinelsStandBesideTheirGroup();
    void wideFanOutWraps();
    void twoHundredNodesDoNotOverlap();
    void deterministic();
    void naturalOrder();
    void arrowNeighbours();
    void cyclesAndSplitBrainAreSafe();
};

void tst_TopologyLayout::emptyTopology()
{
    const TopologyLayout layout = laidOut(Topology());
    QVERIFY(layout.cards().isEmpty());
    QVERIFY(layout.links().isEmpty());
    QVERIFY(layout.bounds().isEmpty());
}

void tst_TopologyLayout::singleNode()
{
    TopologyFactory f;
    f.addMaster(kMaster);
    const TopologyLayout layout = laidOut(f.topology());
    QCOMPARE(layout.cards().size(), 1);
    QVERIFY(layout.bounds().contains(layout.cardRect(kMaster)));
    QCOMPARE(layout.readingOrder(), QStringList{kMaster});
}

void tst_TopologyLayout::treeReadsTopDown()
{
    const TopologyLayout layout = laidOut(TopologyFactory::sample().topology());
    QCOMPARE(layout.cards().size(), 5);
    const QRectF master = layout.cardRect(kMaster);
    for (const QString &r : {kR2, kR3, kR4})
        QVERIFY2(layout.cardRect(r).top() > master.bottom(), qPrintable(r));
    // Replicas share a row, left to right in address order, master centred above them.
    QCOMPARE(layout.cardRect(kR2).top(), layout.cardRect(kR4).top());
    QVERIFY(layout.cardRect(kR2).left() < layout.cardRect(kR3).left());
    QVERIFY(layout.cardRect(kR3).left() < layout.cardRect(kR4).left());
    QCOMPARE(master.center().x(), layout.cardRect(kR3).center().x());
    // The chained replica sits right below its own master.
    QVERIFY(layout.cardRect(kR5).top() > layout.cardRect(kR3).bottom());
    QCOMPARE(layout.cardRect(kR5).center().x(), layout.cardRect(kR3).center().x());
    QCOMPARE(overlapReport(layout), QString());
    QCOMPARE(layout.readingOrder(), (QStringList{kMaster, kR2, kR3, kR5, kR4}));
}

void tst_TopologyLayout::linksRunBetweenCards()
{
    const TopologyLayout layout = laidOut(TopologyFactory::sample().topology());
    QCOMPARE(layout.links().size(), 4);
    for (const TopologyLayout::Link &link : layout.links()) {
        QVERIFY(link.inTree);
        QVERIFY(link.edge >= 0);
        const QRectF from = layout.cardRect(link.master);
        const QRectF to = layout.cardRect(link.replica);
        QCOMPARE(link.route.first(), QPointF(from.center().x(), from.bottom()));
        QCOMPARE(link.route.last(), QPointF(to.center().x(), to.top()));
        // The label sits above the replica, between the cards.
        QVERIFY(link.labelAnchor.y() < to.top() && link.labelAnchor.y() > from.bottom());
    }
}

void tst_TopologyLayout::twoGroupsSideBySide()
{
    TopologyFactory f;
    const QString a = f.addMaster(QStringLiteral("10.1.0.1:6379"));
    f.addReplica(QStringLiteral("10.1.0.2:6379"), a);
    const QString b = f.addMaster(QStringLiteral("10.2.0.1:6379"));
    f.addReplica(QStringLiteral("10.2.0.2:6379"), b);
    f.addReplica(QStringLiteral("10.2.0.3:6379"), b);
    const TopologyLayout layout = laidOut(f.topology());
    QCOMPARE(layout.groups().size(), 2);
    const QRectF first = layout.groups()[0].frame;
    const QRectF second = layout.groups()[1].frame;
    QCOMPARE(layout.groups()[0].index, 0);
    QVERIFY(second.left() > first.right());
    QCOMPARE(second.top(), first.top());
    QVERIFY(first.contains(layout.cardRect(a)));
    QVERIFY(second.contains(layout.cardRect(b)));
    QCOMPARE(overlapReport(layout), QString());
}

void tst_TopologyLayout::sentinelsStandBesideTheirGroup()
{
    TopologyFactory f = TopologyFactory::sample();
    f.node(kMaster).group = 0;
    const QString s1 = f.addSentinel(QStringLiteral("10.0.1.1:26379"), 0);
    const QString s2 = f.addSentinel(QStringLiteral("10.0.1.2:26379"), 0);
    const TopologyLayout layout = laidOut(f.topology());
    QCOMPARE(layout.groups().size(), 1);
    QCOMPARE(layout.groups()[0].sentinels, (QStringList{s1, s2}));
    qreal treeRight = 0;
    for (const QString &n : layout.groups()[0].nodes)
        treeRight = qMax(treeRight, layout.cardRect(n).right());
    QVERIFY(layout.cardRect(s1).left() > treeRight);
    QCOMPARE(layout.cardRect(s1).top(), layout.cardRect(kMaster).top());
    QVERIFY(layout.cardRect(s2).top() > layout.cardRect(s1).bottom());
    QVERIFY(layout.groups()[0].frame.contains(layout.cardRect(s2)));
    QCOMPARE(layout.links().size(), 4);  // sentinels have no replication links
    QCOMPARE(overlapReport(layout), QString());
}

void tst_TopologyLayout::wideFanOutWraps()
{
    TopologyFactory f;
    const QString master = f.addMaster(kMaster);
    for (int i = 2; i <= 31; ++i)
        f.addReplica(QStringLiteral("10.0.0.%1:6379").arg(i), master);
    const TopologyLayout layout = laidOut(f.topology());
    const TopologyLayout::Metrics &m = layout.metrics();
    QVERIFY(layout.bounds().width() < (m.maxColumns + 1) * (m.card.width() + m.columnGap));
    QCOMPARE(overlapReport(layout), QString());
    QSet<qreal> rows;
    for (const TopologyLayout::Link &link : layout.links())
        rows.insert(layout.cardRect(link.replica).top());
    QCOMPARE(rows.size(), 5);  // 30 replicas, 6 per row
}

void tst_TopologyLayout::twoHundredNodesDoNotOverlap()
{
    const Topology topology = TopologyFactory::large(10, 20).topology();
    const TopologyLayout layout = laidOut(topology);
    QCOMPARE(layout.cards().size(), topology.nodes.size());
    QCOMPARE(layout.links().size(), topology.edges.size());
    QCOMPARE(overlapReport(layout), QString());

    for (int i = 0; i < layout.groups().size(); ++i) {
        const TopologyLayout::Group &g = layout.groups()[i];
        for (const QString &n : g.nodes + g.sentinels)
            QVERIFY2(g.frame.contains(layout.cardRect(n)), qPrintable(n));
        for (int j = i + 1; j < layout.groups().size(); ++j)
            QVERIFY(!g.frame.intersects(layout.groups()[j].frame));
    }

    // Links and their labels run through the gaps, never across another card.
    const QList<QString> keys = layout.cards().keys();
    for (const TopologyLayout::Link &link : layout.links()) {
        const QRectF label(link.labelAnchor - QPointF(50, 9), QSizeF(100, 18));
        for (const QString &k : keys) {
            const QRectF card = layout.cardRect(k);
            QVERIFY2(!label.intersects(card), qPrintable(link.replica + QStringLiteral(" label on ") + k));
            if (k == link.master || k == link.replica)
                continue;
            for (int p = 1; p < link.route.size(); ++p)
                QVERIFY2(!segmentCrosses(link.route[p - 1], link.route[p], card),
                         qPrintable(link.master + QStringLiteral("->") + link.replica + QStringLiteral(" crosses ") + k));
        }
    }

    // Ten groups wrap into rows rather than one endless strip.
    const QRectF b = layout.bounds();
    QVERIFY2(b.width() / b.height() < 4.0, qPrintable(QString::number(b.width() / b.height())));
}

void tst_TopologyLayout::deterministic()
{
    const Topology topology = TopologyFactory::large(10, 20).topology();
    const TopologyLayout first = laidOut(topology);
    const TopologyLayout again = laidOut(topology);
    QCOMPARE(again.cards(), first.cards());
    QCOMPARE(again.readingOrder(), first.readingOrder());

    // The order lists arrive in does not matter.
    Topology shuffled = topology;
    QRandomGenerator random(42);
    std::shuffle(shuffled.nodes.begin(), shuffled.nodes.end(), random);
    std::shuffle(shuffled.edges.begin(), shuffled.edges.end(), random);
    const TopologyLayout other = laidOut(shuffled);
    QCOMPARE(other.cards(), first.cards());
    QCOMPARE(other.readingOrder(), first.readingOrder());
    QCOMPARE(other.links().size(), first.links().size());
    for (int i = 0; i < first.links().size(); ++i) {
        QCOMPARE(other.links()[i].replica, first.links()[i].replica);
        QCOMPARE(other.links()[i].route, first.links()[i].route);
    }
}

void tst_TopologyLayout::naturalOrder()
{
    QVERIFY(TopologyLayout::naturalLess(QStringLiteral("10.0.0.2:6379"), QStringLiteral("10.0.0.10:6379")));
    QVERIFY(!TopologyLayout::naturalLess(QStringLiteral("10.0.0.10:6379"), QStringLiteral("10.0.0.2:6379")));
    QVERIFY(TopologyLayout::naturalLess(QStringLiteral("host:6379"), QStringLiteral("host:16379")));
    QVERIFY(TopologyLayout::naturalLess(QStringLiteral("a"), QStringLiteral("b")));
    QVERIFY(!TopologyLayout::naturalLess(QStringLiteral("a1"), QStringLiteral("a1")));
    QVERIFY(TopologyLayout::naturalLess(QStringLiteral("a01"), QStringLiteral("a1"))
            != TopologyLayout::naturalLess(QStringLiteral("a1"), QStringLiteral("a01")));
}

void tst_TopologyLayout::arrowNeighbours()
{
    const TopologyLayout layout = laidOut(TopologyFactory::sample().topology());
    QCOMPARE(layout.neighbour(kMaster, Qt::DownArrow), kR3);
    QCOMPARE(layout.neighbour(kR3, Qt::UpArrow), kMaster);
    QCOMPARE(layout.neighbour(kR3, Qt::RightArrow), kR4);
    QCOMPARE(layout.neighbour(kR3, Qt::LeftArrow), kR2);
    QCOMPARE(layout.neighbour(kR3, Qt::DownArrow), kR5);
    QCOMPARE(layout.neighbour(kR2, Qt::LeftArrow), QString());
    QCOMPARE(layout.neighbour(QStringLiteral("nowhere:1"), Qt::LeftArrow), QString());
}

void tst_TopologyLayout::cyclesAndSplitBrainAreSafe()
{
    TopologyFactory f = TopologyFactory::sample();
    // Two nodes that each claim the other as master, and a second master claiming .2.
    f.node(kR4).masterAddress = kR5;
    f.node(kR5).masterAddress = kR4;
    TopologyEdge loop;
    loop.master = kR5;
    loop.replica = kR4;
    Topology t = f.topology();
    t.edges << loop;
    TopologyNode rogue = t.nodes.first();
    rogue.address = QStringLiteral("10.0.0.9:6379");
    rogue.group = -1;
    t.nodes << rogue;
    TopologyEdge split;
    split.master = rogue.address;
    split.replica = kR2;
    split.linkUp = true;
    t.edges << split;

    const TopologyLayout layout = laidOut(t);
    QCOMPARE(layout.cards().size(), 6);
    QCOMPARE(overlapReport(layout), QString());
    const auto cross = std::find_if(layout.links().cbegin(), layout.links().cend(),
                                    [&](const TopologyLayout::Link &l) { return l.master == rogue.address; });
    QVERIFY(cross != layout.links().cend());
    QVERIFY(!cross->inTree);
    QCOMPARE(cross->route.size(), 2);
}

TANDEM_TEST_GUILESS_MAIN(tst_TopologyLayout)
#include "tst_topologylayout.moc"
