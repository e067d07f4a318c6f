#include "TopologyLayout.h"

#include "TopologyLabels.h"

#include <QLineF>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <climits>
#include <cmath>

namespace {

using Metrics = TopologyLayout::Metrics;

// A subtree measured in its own coordinates (its top-left corner at 0,0).
struct Block
{
    qreal width = 0;
    qreal height = 0;
    qreal cardLeft = 0;
    qreal trunkX = 0;             // only used when the replicas wrap into several rows
    QList<QPointF> childOffsets;  // top-left of each child block
    QList<int> childRows;
    QList<qreal> rowTops;
};

// Measures subtrees bottom-up, then places them top-down; links follow the placement.
struct TreeGeometry
{
    const Metrics &m;
    const QHash<QString, QStringList> &children;
    QHash<QString, Block> blocks;

    const Block &measure(const QString &node);
    void place(const QString &node, QPointF origin, QHash<QString, QRectF> &cards,
               QHash<QString, TopologyLayout::Link> &links, QStringList &order);
};

const Block &TreeGeometry::measure(const QString &node)
{
    if (auto it = blocks.constFind(node); it != blocks.constEnd())
        return *it;
    const QStringList kids = children.value(node);
    Block b;
    b.width = m.card.width();
    b.height = m.card.height();
    if (kids.isEmpty())
        return *blocks.insert(node, b);

    QList<Block> kidBlocks;
    for (const QString &kid : kids)
        kidBlocks << measure(kid);

    // Greedy rows: up to maxColumns blocks, or as wide as maxColumns plain cards.
    const qreal maxRowWidth = m.maxColumns * (m.card.width() + m.columnGap) - m.columnGap;
    QList<QList<int>> rows{{}};
    qreal rowWidth = 0;
    for (int i = 0; i < kidBlocks.size(); ++i) {
        const qreal w = kidBlocks[i].width;
        QList<int> &row = rows.last();
        if (!row.isEmpty() && (row.size() >= m.maxColumns || rowWidth + m.columnGap + w > maxRowWidth)) {
            rows.append(QList<int>{});
            rowWidth = 0;
        }
        rowWidth += (rows.last().isEmpty() ? 0 : m.columnGap) + w;
        rows.last().append(i);
    }
    const bool wrapped = rows.size() > 1;
    // The trunk feeding later rows runs down the block's left edge; keep the cards clear of it.
    const qreal indent = wrapped ? m.columnGap / 2 : 0;

    b.childOffsets.resize(kids.size());
    b.childRows.resize(kids.size());
    qreal top = m.card.height() + m.levelGap;
    qreal childrenRight = 0;
    for (int r = 0; r < rows.size(); ++r) {
        b.rowTops << top;
        qreal x = indent;
        qreal rowHeight = 0;
        for (int i : rows[r]) {
            b.childOffsets[i] = QPointF(x, top);
            b.childRows[i] = r;
            x += kidBlocks[i].width + m.columnGap;
            rowHeight = qMax(rowHeight, kidBlocks[i].height);
        }
        childrenRight = qMax(childrenRight, x - m.columnGap);
        top += rowHeight + (r + 1 < rows.size() ? m.levelGap : 0);
    }

    // Centre the master over its first row of replicas (their cards, not their blocks).
    const QList<int> &first = rows.first();
    const qreal firstCentre = b.childOffsets[first.first()].x() + kidBlocks[first.first()].cardLeft
                              + m.card.width() / 2;
    const qreal lastCentre = b.childOffsets[first.last()].x() + kidBlocks[first.last()].cardLeft
                             + m.card.width() / 2;
    b.cardLeft = (firstCentre + lastCentre) / 2 - m.card.width() / 2;
    const qreal shift = qMax<qreal>(0, -b.cardLeft);
    b.cardLeft += shift;
    for (QPointF &offset : b.childOffsets)
        offset.rx() += shift;
    b.trunkX = shift;
    b.width = qMax(b.cardLeft + m.card.width(), childrenRight + shift);
    b.height = top;
    return *blocks.insert(node, b);
}

QPolygonF simplified(const QPolygonF &points)
{
    QPolygonF out;
    for (const QPointF &p : points) {
        if (!out.isEmpty() && QLineF(out.last(), p).length() < 0.5)
            continue;
        // Drop the middle of three points on one straight axis-aligned run.
        if (out.size() >= 2) {
            const QPointF &a = out[out.size() - 2];
            const QPointF &b = out.last();
            const bool vertical = qFuzzyCompare(a.x() + 1, b.x() + 1) && qFuzzyCompare(b.x() + 1, p.x() + 1);
            const bool horizontal = qFuzzyCompare(a.y() + 1, b.y() + 1) && qFuzzyCompare(b.y() + 1, p.y() + 1);
            if (vertical || horizontal)
                out.removeLast();
        }
        out << p;
    }
    return out;
}

void TreeGeometry::place(const QString &node, QPointF origin, QHash<QString, QRectF> &cards,
                         QHash<QString, TopologyLayout::Link> &links, QStringList &order)
{
    const Block b = measure(node);  // a copy: placing children must not invalidate it
    const QRectF card(origin.x() + b.cardLeft, origin.y(), m.card.width(), m.card.height());
    cards.insert(node, card);
    order << node;
    const QStringList kids = children.value(node);
    const QPointF start(card.center().x(), card.bottom());
    const qreal firstBus = card.bottom() + m.busDrop;
    for (int i = 0; i < kids.size(); ++i) {
        place(kids[i], origin + b.childOffsets[i], cards, links, order);
        const QRectF kidCard = cards.value(kids[i]);
        const qreal x = kidCard.center().x();
        const int row = b.childRows[i];
        const qreal bus = origin.y() + b.rowTops[row] - m.levelGap + m.busDrop;
        // Siblings share the stub below the master, the bus and the trunk; from the turn above
        // the replica on, the link is its own.
        QPolygonF shared{start, QPointF(start.x(), firstBus)};
        if (row > 0) {
            const qreal trunk = origin.x() + b.trunkX;
            shared << QPointF(trunk, firstBus) << QPointF(trunk, bus);
        }
        shared << QPointF(x, bus);
        shared = simplified(shared);
        TopologyLayout::Link link;
        link.master = node;
        link.replica = kids[i];
        link.route = shared;
        link.route << QPointF(x, kidCard.top());
        link.ownFrom = kids.size() > 1 ? int(shared.size()) - 1 : 0;
        link.labelAnchor = QPointF(x, (bus + kidCard.top()) / 2);
        link.inTree = true;
        links.insert(kids[i], link);
    }
}

// A link outside the trees (a replica claimed by two masters): straight, between the
// facing sides of the two cards.
TopologyLayout::Link crossLink(const QString &master, const QString &replica, const QRectF &from,
                               const QRectF &to)
{
    QPointF a;
    QPointF b;
    if (to.top() >= from.bottom()) {
        a = QPointF(from.center().x(), from.bottom());
        b = QPointF(to.center().x(), to.top());
    } else if (to.bottom() <= from.top()) {
        a = QPointF(from.center().x(), from.top());
        b = QPointF(to.center().x(), to.bottom());
    } else if (to.left() >= from.right()) {
        a = QPointF(from.right(), from.center().y());
        b = QPointF(to.left(), to.center().y());
    } else {
        a = QPointF(from.left(), from.center().y());
        b = QPointF(to.right(), to.center().y());
    }
    TopologyLayout::Link link;
    link.master = master;
    link.replica = replica;
    link.route = QPolygonF{a, b};
    link.labelAnchor = (a + b) / 2;
    return link;
}

struct Cluster
{
    int group = -1;
    QStringList roots;
    QStringList sentinels;
    qreal forestWidth = 0;
    QSizeF content;
    QRectF frame;
};

} // namespace

bool TopologyLayout::naturalLess(const QString &a, const QString &b)
{
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            int ei = i;
            int ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            // Compare digit runs by value: longer (without leading zeros) is larger.
            QStringView da = QStringView(a).mid(i, ei - i);
            QStringView db = QStringView(b).mid(j, ej - j);
            while (da.size() > 1 && da.front() == QLatin1Char('0'))
                da = da.mid(1);
            while (db.size() > 1 && db.front() == QLatin1Char('0'))
                db = db.mid(1);
            if (da.size() != db.size())
                return da.size() < db.size();
            if (const int c = da.compare(db); c != 0)
                return c < 0;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j])
            return a[i] < b[j];
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j))
        return (a.size() - i) < (b.size() - j);
    return a < b;  // equal by value ("01" vs "1"): still a strict, total order
}

void TopologyLayout::compute(const Topology &topology)
{
    m_cards.clear();
    m_links.clear();
    m_groups.clear();
    m_order.clear();
    m_bounds = QRectF();
    const Metrics &m = m_metrics;

    // Addresses, with aliases resolving to the node's own address.
    QHash<QString, const TopologyNode *> byAddress;
    QHash<QString, QString> canonical;
    for (const TopologyNode &node : topology.nodes) {
        byAddress.insert(node.address, &node);
        canonical.insert(node.address, node.address);
    }
    for (const TopologyNode &node : topology.nodes) {
        for (const QString &alias : node.aliases) {
            if (!canonical.contains(alias))
                canonical.insert(alias, node.address);
        }
    }
    QStringList addresses = byAddress.keys();
    std::sort(addresses.begin(), addresses.end(), naturalLess);
    QSet<QString> sentinels;
    for (const QString &a : std::as_const(addresses)) {
        if (TopologyLabels::role(*byAddress.value(a)) == NodeSnapshot::Role::Sentinel)
            sentinels.insert(a);
    }

    // Parents: what the replica says first, then what the links say; never a cycle.
    QHash<QString, QString> parent;
    auto adopt = [&](const QString &replica, const QString &master) {
        if (replica.isEmpty() || master.isEmpty() || replica == master || parent.contains(replica)
            || sentinels.contains(replica) || sentinels.contains(master))
            return;
        for (QString p = master; !p.isEmpty(); p = parent.value(p)) {
            if (p == replica)
                return;
        }
        parent.insert(replica, master);
    };
    for (const QString &a : std::as_const(addresses)) {
        const TopologyNode *node = byAddress.value(a);
        if (!node->masterAddress.isEmpty())
            adopt(a, canonical.value(node->masterAddress));
    }
    struct EdgeKey
    {
        QString master;
        QString replica;
        int index;
    };
    QList<EdgeKey> edgeKeys;  // resolved, sorted, one per (master, replica)
    for (int i = 0; i < topology.edges.size(); ++i) {
        const QString master = canonical.value(topology.edges[i].master);
        const QString replica = canonical.value(topology.edges[i].replica);
        if (!master.isEmpty() && !replica.isEmpty() && master != replica)
            edgeKeys.append({master, replica, i});
    }
    std::stable_sort(edgeKeys.begin(), edgeKeys.end(), [](const EdgeKey &x, const EdgeKey &y) {
        if (x.replica != y.replica)
            return naturalLess(x.replica, y.replica);
        return naturalLess(x.master, y.master);
    });
    edgeKeys.erase(std::unique(edgeKeys.begin(), edgeKeys.end(),
                               [](const EdgeKey &x, const EdgeKey &y) {
                                   return x.master == y.master && x.replica == y.replica;
                               }),
                   edgeKeys.end());
    for (const EdgeKey &e : std::as_const(edgeKeys))
        adopt(e.replica, e.master);

    QHash<QString, QStringList> children;
    for (const QString &a : std::as_const(addresses)) {  // sorted, so children come out sorted
        if (parent.contains(a))
            children[parent.value(a)].append(a);
    }

    // Clusters: one per group, in group order; nodes in no group share a last one.
    const int groupCount = int(topology.groups.size());
    auto clusterKey = [&](int group) { return group >= 0 && group < groupCount ? group : INT_MAX; };
    QMap<int, Cluster> clusters;
    for (const QString &a : std::as_const(addresses)) {
        if (sentinels.contains(a) || parent.contains(a))
            continue;
        const int key = clusterKey(byAddress.value(a)->group);
        clusters[key].group = key == INT_MAX ? -1 : key;
        clusters[key].roots.append(a);
    }
    QSet<QString> claimed;
    for (int g = 0; g < groupCount; ++g) {
        for (const QString &s : topology.groups[g].sentinels) {
            const QString a = canonical.value(s);
            if (sentinels.contains(a) && !claimed.contains(a)) {
                claimed.insert(a);
                clusters[g].group = g;
                clusters[g].sentinels.append(a);
            }
        }
    }
    for (const QString &a : std::as_const(addresses)) {
        if (sentinels.contains(a) && !claimed.contains(a)) {
            const int key = clusterKey(byAddress.value(a)->group);
            clusters[key].group = key == INT_MAX ? -1 : key;
            clusters[key].sentinels.append(a);
        }
    }

    TreeGeometry trees{m, children, {}};
    qreal widest = 0;
    qreal area = 0;
    for (Cluster &c : clusters) {
        // The group's master leads; other roots (replicas of a master nobody reaches) follow.
        const QString master = c.group >= 0 ? canonical.value(topology.groups[c.group].master) : QString();
        std::stable_sort(c.roots.begin(), c.roots.end(), [&](const QString &x, const QString &y) {
            return (x == master) > (y == master);
        });
        std::sort(c.sentinels.begin(), c.sentinels.end(), naturalLess);
        qreal forestHeight = 0;
        for (const QString &root : std::as_const(c.roots)) {
            const Block &b = trees.measure(root);
            c.forestWidth += (c.forestWidth > 0 ? m.columnGap : 0) + b.width;
            forestHeight = qMax(forestHeight, b.height);
        }
        const qreal sentinelHeight = c.sentinels.isEmpty()
            ? 0 : c.sentinels.size() * (m.card.height() + m.sentinelGap) - m.sentinelGap;
        const qreal width = c.forestWidth + (c.sentinels.isEmpty() ? 0 : m.card.width())
                            + (c.forestWidth > 0 && !c.sentinels.isEmpty() ? m.columnGap : 0);
        c.content = QSizeF(width, qMax(forestHeight, sentinelHeight));
        c.frame.setSize(QSizeF(width + 2 * m.groupPadding,
                               c.content.height() + 2 * m.groupPadding + m.captionHeight));
        widest = qMax(widest, c.frame.width());
        area += (c.frame.width() + m.groupGap) * (c.frame.height() + m.groupGap);
    }

    // Groups side by side, wrapping into rows only when the picture gets far wider than tall.
    const qreal rowLimit = std::max({widest, m.minRowWidth, std::sqrt(area * m.aspect)});
    qreal x = 0;
    qreal y = 0;
    qreal rowHeight = 0;
    QHash<QString, Link> treeLinks;
    for (Cluster &c : clusters) {
        if (x > 0 && x + c.frame.width() > rowLimit) {
            x = 0;
            y += rowHeight + m.groupGap;
            rowHeight = 0;
        }
        c.frame.moveTopLeft(QPointF(x, y));
        x += c.frame.width() + m.groupGap;
        rowHeight = qMax(rowHeight, c.frame.height());

        const QPointF content = c.frame.topLeft() + QPointF(m.groupPadding, m.groupPadding + m.captionHeight);
        Group group;
        group.index = c.group;
        group.frame = c.frame;
        qreal rootX = 0;
        for (const QString &root : std::as_const(c.roots)) {
            trees.place(root, content + QPointF(rootX, 0), m_cards, treeLinks, group.nodes);
            rootX += trees.measure(root).width + m.columnGap;
        }
        const qreal sentinelX = c.forestWidth > 0 ? c.forestWidth + m.columnGap : 0;
        for (int i = 0; i < c.sentinels.size(); ++i) {
            const QPointF at = content + QPointF(sentinelX, i * (m.card.height() + m.sentinelGap));
            m_cards.insert(c.sentinels[i], QRectF(at, m.card));
        }
        group.sentinels = c.sentinels;
        m_order << group.nodes << group.sentinels;
        m_bounds = m_bounds.united(c.frame);
        m_groups << group;
    }

    for (const EdgeKey &e : std::as_const(edgeKeys)) {
        if (!m_cards.contains(e.master) || !m_cards.contains(e.replica))
            continue;
        Link link = parent.value(e.replica) == e.master && treeLinks.contains(e.replica)
            ? treeLinks.value(e.replica)
            : crossLink(e.master, e.replica, m_cards.value(e.master), m_cards.value(e.replica));
        link.edge = e.index;
        m_links << link;
    }
}

QString TopologyLayout::neighbour(const QString &from, Qt::ArrowType direction) const
{
    if (!m_cards.contains(from))
        return {};
    const QPointF origin = m_cards.value(from).center();
    QString best;
    qreal bestScore = 0;
    for (auto it = m_cards.constBegin(); it != m_cards.constEnd(); ++it) {
        if (it.key() == from)
            continue;
        const QPointF d = it.value().center() - origin;
        qreal along = 0;
        qreal across = 0;
        switch (direction) {
        case Qt::LeftArrow: along = -d.x(); across = d.y(); break;
        case Qt::RightArrow: along = d.x(); across = d.y(); break;
        case Qt::UpArrow: along = -d.y(); across = d.x(); break;
        case Qt::DownArrow: along = d.y(); across = d.x(); break;
        default: return {};
        }
        if (along < 1)
            continue;
        // Straying sideways costs more than going far: arrows follow rows and columns.
        const qreal score = along + 2 * std::abs(across);
        if (best.isEmpty() || score < bestScore || (score == bestScore && naturalLess(it.key(), best))) {
            best = it.key();
            bestScore = score;
        }
    }
    return best;
}
