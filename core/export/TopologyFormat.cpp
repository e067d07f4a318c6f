#include "TopologyFormat.h"

#include "TopologyDot.h"
#include "TopologyJson.h"
#include "topology/TopologyText.h"

#include <QFileInfo>

std::optional<TopologyFormat::Format> TopologyFormat::fromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("txt"))
        return Format::Text;
    for (Format f : {Format::Json, Format::Dot, Format::Text, Format::Svg, Format::Png}) {
        if (TopologyFormat::name(f) == n)
            return f;
    }
    return std::nullopt;
}

TopologyFormat::Format TopologyFormat::fromPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("gv"))
        return Format::Dot;
    const std::optional<Format> f = fromName(suffix);
    return f ? *f : Format::Json;
}

QString TopologyFormat::name(Format format)
{
    switch (format) {
    case Format::Json: return QStringLiteral("json");
    case Format::Dot: return QStringLiteral("dot");
    case Format::Text: return QStringLiteral("text");
    case Format::Svg: return QStringLiteral("svg");
    case Format::Png: return QStringLiteral("png");
    }
    return QStringLiteral("json");
}

QString TopologyFormat::suffix(Format format)
{
    return format == Format::Text ? QStringLiteral("txt") : name(format);
}

QByteArray TopologyFormat::text(const Topology &topology, Format format)
{
    switch (format) {
    case Format::Json: return TopologyJson::toText(topology);
    case Format::Dot: return TopologyDot::toDot(topology);
    case Format::Text: return TopologyText::render(topology).toUtf8();
    case Format::Svg:
    case Format::Png: break;
    }
    return {};
}

QStringList TopologyFormat::addresses(const Topology &topology)
{
    QStringList out;
    for (const TopologyNode &n : topology.nodes)
        out << n.address;
    return out;
}
