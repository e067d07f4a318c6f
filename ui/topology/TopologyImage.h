#pragma once

#include "export/TopologyFormat.h"
#include "topology/Topology.h"

#include <QByteArray>
#include <QImage>
#include <QPalette>

// The topology as a picture, drawn by the topology view's own scene (same cards, links, frames
// and anomaly markers as in the window), whole, with the view's margin, in a light palette so
// an export looks the same whatever the desktop theme. Used by "Export Topology…" and by
// `tandem --render-topology` (which `tandemctl export topology --format svg|png` runs).
// Needs a QApplication (the scene is Qt Widgets); works on the offscreen platform.
class TopologyImage
{
public:
    static constexpr qreal kPngScale = 2.0;  // PNG pixels per scene unit: sharp on HiDPI screens

    static QPalette palette();
    // SVG 1.2 Tiny; text stays text (addresses can be searched and selected).
    static QByteArray svg(const Topology &topology);
    static QImage image(const Topology &topology, qreal scale = kPngScale);
    static QByteArray png(const Topology &topology, qreal scale = kPngScale);
    // svg() or png() for an image format; empty for the others.
    static QByteArray render(const Topology &topology, TopologyFormat::Format format);
};
