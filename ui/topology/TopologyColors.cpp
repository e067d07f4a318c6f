#include "TopologyColors.h"

#include <QtMath>

namespace {

double channel(double c)
{
    c /= 255.0;
    return c <= 0.03928 ? c / 12.92 : qPow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

} // namespace

TopologyColors::TopologyColors(const QPalette &palette)
    : m_palette(palette)
    // Judge by the surface the cards sit on, not the window: some themes pair a light window
    // with dark views.
    , m_dark(luminance(palette.color(QPalette::Base)) < 0.2)
{
}

QColor TopologyColors::accent(QRgb light, QRgb dark) const
{
    return QColor::fromRgb(m_dark ? dark : light);
}

QColor TopologyColors::mix(const QColor &a, const QColor &b, double amountOfB)
{
    const double t = qBound(0.0, amountOfB, 1.0);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

double TopologyColors::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

// Light themes: a faintly tinted canvas with white cards. Dark themes: the base colour as
// canvas and cards a step lighter, the way raised surfaces read in the dark.
QColor TopologyColors::canvas() const
{
    const QColor base = m_palette.color(QPalette::Base);
    return m_dark ? base : mix(base, QColor(0x5b, 0x6b, 0x80), 0.07);
}

QColor TopologyColors::card() const
{
    const QColor base = m_palette.color(QPalette::Base);
    return m_dark ? mix(base, m_palette.color(QPalette::Text), 0.08) : base;
}

QColor TopologyColors::cardBorder() const
{
    return mix(card(), text(), m_dark ? 0.22 : 0.18);
}

QColor TopologyColors::groupFill() const
{
    return mix(canvas(), text(), m_dark ? 0.035 : 0.03);
}

QColor TopologyColors::groupBorder() const
{
    return mix(canvas(), text(), m_dark ? 0.14 : 0.12);
}

QColor TopologyColors::text() const
{
    return m_palette.color(QPalette::Text);
}

QColor TopologyColors::secondaryText() const
{
    return mix(text(), card(), 0.38);
}

QColor TopologyColors::selection() const
{
    const QColor highlight = m_palette.color(QPalette::Highlight);
    // A washed-out highlight would vanish against the card; fall back to the accent blue.
    return contrast(highlight, card()) >= 2.0 ? highlight : accent(0x0969da, 0x4493f8);
}

QColor TopologyColors::track() const
{
    return mix(card(), text(), 0.12);
}

QColor TopologyColors::status(NodeReachability reachability) const
{
    switch (reachability) {
    case NodeReachability::Up: return accent(0x1a7f37, 0x3fb950);
    case NodeReachability::Connecting: return accent(0x8c959f, 0x8b949e);
    case NodeReachability::Loading: return accent(0x0969da, 0x4493f8);
    case NodeReachability::Unreachable:
    case NodeReachability::Error: return accent(0xcf222e, 0xf85149);
    case NodeReachability::AuthFailed:
    case NodeReachability::HostKeyUnknown:
    case NodeReachability::HostKeyChanged: return accent(0xbc4c00, 0xf0883e);
    }
    return secondaryText();
}

QColor TopologyColors::role(NodeSnapshot::Role role) const
{
    // Dark enough for white badge text on either theme.
    switch (role) {
    case NodeSnapshot::Role::Master: return accent(0x0b5cc9, 0x1f6feb);
    case NodeSnapshot::Role::Replica: return accent(0x0a7468, 0x1b7c72);
    case NodeSnapshot::Role::Sentinel: return accent(0x7a3fc9, 0x8250df);
    case NodeSnapshot::Role::Unknown: break;
    }
    return accent(0x6e7781, 0x6e7681);
}

QColor TopologyColors::anomaly(Anomaly::Severity severity) const
{
    // Fills under white text: dark enough for it on both themes.
    switch (severity) {
    case Anomaly::Severity::Info: return accent(0x0969da, 0x1f6feb);
    case Anomaly::Severity::Warning: return accent(0x9a6700, 0x9e6a03);
    case Anomaly::Severity::Critical: return accent(0xcf222e, 0xda3633);
    }
    return secondaryText();
}

QColor TopologyColors::linkNormal() const
{
    return mix(text(), canvas(), 0.5);
}

QColor TopologyColors::linkLagging() const
{
    return accent(0x9a6700, 0xd29922);
}

QColor TopologyColors::linkDown() const
{
    return accent(0xcf222e, 0xf85149);
}

QColor TopologyColors::linkSyncing() const
{
    return accent(0x0969da, 0x4493f8);
}
