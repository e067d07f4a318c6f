#include "TopologyImage.h"

#include "TopologyColors.h"
#include "TopologyScene.h"

#include <QApplication>
#include <QBuffer>
#include <QPainter>
#include <QScreen>
#include <QStyle>
#include <QStyleFactory>
#include <QSvgGenerator>

#include <memory>

namespace {

// A scene laid out for `topology` in the export palette; `rect` is what to draw.
struct ExportScene
{
    explicit ExportScene(const Topology &topology)
    {
        scene.setPalette(TopologyImage::palette());
        scene.setFont(QApplication::font());
        scene.setTopology(topology);
        rect = scene.contentRect();
        if (rect.isEmpty())
            rect = QRectF(0, 0, 320, 120);  // nothing to draw: a small empty canvas, not a 0x0 file
    }

    void paint(QPainter *painter)
    {
        const QRectF target(QPointF(0, 0), rect.size());
        painter->fillRect(target, TopologyColors(TopologyImage::palette()).canvas());
        scene.render(painter, target, rect);
    }

    TopologyScene scene;
    QRectF rect;
};

} // namespace

QPalette TopologyImage::palette()
{
    // Fusion's standard palette: light, and the same on every desktop.
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    return fusion ? fusion->standardPalette() : QPalette(QColor(0xef, 0xef, 0xef));
}

QByteArray TopologyImage::svg(const Topology &topology)
{
    ExportScene scene(topology);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    // Text is measured for the screen; at the generator's default 72 dpi point sizes would
    // come out a quarter smaller than the cards were laid out for.
    const QScreen *screen = QGuiApplication::primaryScreen();
    generator.setResolution(screen ? qRound(screen->logicalDotsPerInchY()) : 96);
    generator.setSize(scene.rect.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), scene.rect.size()));
    generator.setTitle(QStringLiteral("Replication topology"));
    generator.setDescription(QStringLiteral("Drawn by Tandem %1").arg(QStringLiteral(TANDEM_VERSION)));
    QPainter painter(&generator);
    scene.paint(&painter);
    painter.end();
    return buffer.data();
}

QImage TopologyImage::image(const Topology &topology, qreal scale)
{
    ExportScene scene(topology);
    QImage image((scene.rect.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    scene.paint(&painter);
    painter.end();
    return image;
}

QByteArray TopologyImage::png(const Topology &topology, qreal scale)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    image(topology, scale).save(&buffer, "PNG");
    return buffer.data();
}

QByteArray TopologyImage::render(const Topology &topology, TopologyFormat::Format format)
{
    switch (format) {
    case TopologyFormat::Format::Svg: return svg(topology);
    case TopologyFormat::Format::Png: return png(topology);
    default: break;
    }
    return {};
}
