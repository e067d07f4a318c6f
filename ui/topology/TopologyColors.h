#pragma once

#include "topology/Topology.h"

#include <QColor>
#include <QPalette>

// Every colour the topology view paints with. Surfaces and text come from the palette so the
// view follows the desktop theme; accents come in a light-theme and a dark-theme shade so that
// status, role and link colours keep their contrast on both.
class TopologyColors
{
public:
    explicit TopologyColors(const QPalette &palette);

    bool isDark() const { return m_dark; }

    QColor canvas() const;            // behind everything
    QColor card() const;              // card surface, lifted from the canvas
    QColor cardBorder() const;
    QColor groupFill() const;
    QColor groupBorder() const;
    QColor text() const;
    QColor secondaryText() const;
    QColor selection() const;         // selected card outline
    QColor track() const;             // empty part of a progress bar

    QColor status(NodeReachability reachability) const;
    QColor role(NodeSnapshot::Role role) const;   // badge fill; badge text is white on all
    QColor anomaly(Anomaly::Severity severity) const;  // marker fill; marker text is white

    QColor linkNormal() const;
    QColor linkLagging() const;
    QColor linkDown() const;
    QColor linkSyncing() const;

    // WCAG contrast ratio between two colours (1..21); tests and asserts use it.
    static double contrast(const QColor &a, const QColor &b);
    static QColor mix(const QColor &a, const QColor &b, double amountOfB);

private:
    QColor accent(QRgb light, QRgb dark) const;

    QPalette m_palette;
    bool m_dark = false;
};
