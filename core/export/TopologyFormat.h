#pragma once

#include "topology/Topology.h"

#include <QByteArray>
#include <QString>

#include <optional>

// The forms a topology is exported in, named alike by tandemctl (--format), the GUI's export
// dialog (file suffix) and `tandem --render-topology`. JSON, DOT and text are made here;
// SVG and PNG are drawn by the topology view's renderer (ui, TopologyImage).
class TopologyFormat
{
public:
    enum class Format { Json, Dot, Text, Svg, Png };

    // "json", "dot", "text" (or "txt"), "svg", "png"; nullopt for anything else.
    static std::optional<Format> fromName(const QString &name);
    // By file suffix: .dot/.gv DOT, .txt/.text text, .svg, .png; anything else JSON.
    static Format fromPath(const QString &path);
    static QString name(Format format);    // "json", "dot", "text", "svg", "png"
    static QString suffix(Format format);  // "json", "dot", "txt", "svg", "png"
    static bool isImage(Format format) { return format == Format::Svg || format == Format::Png; }

    // JSON (TopologyJson, indented), DOT (TopologyDot) or text (TopologyText); empty for images.
    static QByteArray text(const Topology &topology, Format format);
    // Every node's address, for the audit entry's sources.
    static QStringList addresses(const Topology &topology);
};
