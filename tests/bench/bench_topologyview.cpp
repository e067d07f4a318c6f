// Frame times of the topology view with 200 nodes, offscreen: the first layout, the 1 Hz poll
// that changes every node's numbers, zoom and pan steps. Each frame is a full repaint of the
// viewport into an image, as ratios against a 5-node frame measured in the same run.
// Target: no frame over 50 ms.
#include "TopologyFactory.h"
#include "topology/LevelOfDetail.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QTextStream>

#include <algorithm>
#include <functional>

namespace {

QTextStream out(stdout);
constexpr double kTargetMs = 50.0;

struct Stats
{
    double median = 0;
    double max = 0;
};

Stats statsOf(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.last()};
}

// A frame: whatever changes the picture, then the viewport repainted in full.
double frame(TopologyView &view, QImage &target, const std::function<void()> &change)
{
    QElapsedTimer timer;
    timer.start();
    change();
    target.fill(Qt::transparent);
    view.viewport()->render(&target);
    return double(timer.nsecsElapsed()) / 1e6;
}

QList<double> polls(TopologyView &view, QImage &target, TopologyFactory &factory, int frames)
{
    QList<double> ms;
    for (int i = 1; i <= frames; ++i) {
        factory.tick(i);
        const Topology t = factory.topology();
        ms << frame(view, target, [&] { view.setTopology(t); });
    }
    return ms;
}

void report(const QString &name, const QList<double> &ms, double baseline, double *worst)
{
    const Stats s = statsOf(ms);
    *worst = qMax(*worst, s.max);
    out << QStringLiteral("%1  frames %2  median %3 ms  max %4 ms  median/baseline %5x\n")
               .arg(name, -34)
               .arg(ms.size(), 3)
               .arg(s.median, 7, 'f', 2)
               .arg(s.max, 7, 'f', 2)
               .arg(s.median / baseline, 6, 'f', 1);
    out.flush();
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QSize size(1600, 1000);
    QImage target(size, QImage::Format_ARGB32_Premultiplied);

    // Baseline: the 5-node sample, polled.
    double baseline = 0;
    {
        TopologyView view;
        view.resize(size);
        view.show();
        TopologyFactory small = TopologyFactory::sample();
        view.setTopology(small.topology());
        polls(view, target, small, 5);  // warm up fonts and caches
        baseline = statsOf(polls(view, target, small, 60)).median;
        out << QStringLiteral("baseline: 5-node poll frame, median %1 ms\n").arg(baseline, 0, 'f', 2);
    }

    TopologyFactory large = TopologyFactory::large(10, 20);
    const Topology first = large.topology();
    out << QStringLiteral("large: %1 nodes, %2 links, %3 groups, viewport %4x%5\n")
               .arg(first.nodes.size()).arg(first.edges.size()).arg(first.groups.size())
               .arg(size.width()).arg(size.height());
    double worst = 0;

    QList<double> initial;
    for (int run = 0; run < 8; ++run) {
        TopologyView view;
        view.resize(size);
        view.show();
        initial << frame(view, target, [&] { view.setTopology(first); });
    }
    report(QStringLiteral("initial layout (fit)"), initial, baseline, &worst);

    TopologyView view;
    view.resize(size);
    view.show();
    view.setTopology(first);
    report(QStringLiteral("poll, all nodes change (fit)"), polls(view, target, large, 60), baseline, &worst);
    QList<double> updateOnly;
    for (int i = 100; i < 160; ++i) {
        large.tick(i);
        const Topology t = large.topology();
        QElapsedTimer timer;
        timer.start();
        view.setTopology(t);
        updateOnly << double(timer.nsecsElapsed()) / 1e6;
    }
    const Stats u = statsOf(updateOnly);
    out << QStringLiteral("  of which setTopology (no paint): median %1 ms, max %2 ms\n")
               .arg(u.median, 0, 'f', 2).arg(u.max, 0, 'f', 2);

    QList<double> zoom;
    for (int i = 0; i < 16 && view.zoom() < 1.5; ++i)
        zoom << frame(view, target, [&] { view.zoomIn(); });
    for (int i = 0; i < 16 && view.zoom() > 0.12; ++i)
        zoom << frame(view, target, [&] { view.zoomOut(); });
    report(QStringLiteral("zoom steps (fit .. 150 %)"), zoom, baseline, &worst);

    // The hardest zoom for painting: the smallest that still draws text, so the most cards
    // with text are visible at once.
    view.fitToContent();
    while (view.zoom() < LevelOfDetail::kText)
        view.zoomIn();
    report(QStringLiteral("poll at %1 % zoom").arg(qRound(view.zoom() * 100)),
           polls(view, target, large, 60), baseline, &worst);
    QList<double> pan;
    for (int i = 0; i < 30; ++i) {
        pan << frame(view, target, [&] {
            view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + (i < 15 ? 60 : -60));
            view.verticalScrollBar()->setValue(view.verticalScrollBar()->value() + (i < 15 ? 40 : -40));
        });
    }
    report(QStringLiteral("pan steps at %1 % zoom").arg(qRound(view.zoom() * 100)), pan, baseline, &worst);

    view.resetZoom();
    view.centerOn(view.topologyScene()->contentRect().center());
    report(QStringLiteral("poll at 100 % zoom"), polls(view, target, large, 60), baseline, &worst);
    pan.clear();
    for (int i = 0; i < 30; ++i)
        pan << frame(view, target, [&] { view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + 80); });
    report(QStringLiteral("pan steps at 100 % zoom"), pan, baseline, &worst);

    out << QStringLiteral("worst frame %1 ms: %2 (target %3 ms)\n")
               .arg(worst, 0, 'f', 2)
               .arg(worst <= kTargetMs ? QStringLiteral("within target") : QStringLiteral("OVER TARGET"))
               .arg(kTargetMs);
    out.flush();
    return 0;
}
