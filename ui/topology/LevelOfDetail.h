#pragma once

#include <QtGlobal>

// Zoom levels (painter scale) where the topology items drop detail. Below them the text would
// be a few pixels tall: unreadable, and the most expensive thing to paint in a big picture.
namespace LevelOfDetail {

constexpr qreal kText = 0.35;        // below: shapes and colours only, no text, no antialiasing
constexpr qreal kSmallPrint = 0.55;  // below: badges and addresses, but not the small print

} // namespace LevelOfDetail
