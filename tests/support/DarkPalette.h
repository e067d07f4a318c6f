#pragma once

// A dark palette for GUI tests and screenshots: checks that widgets take their colours from
// the palette (and pick readable accents) instead of assuming a light background.

#include <QColor>
#include <QPalette>

namespace TestPalette {

inline QPalette dark()
{
    QPalette p;
    const QColor window(0x22, 0x27, 0x2e), base(0x0d, 0x11, 0x17), alt(0x16, 0x1b, 0x22);
    const QColor text(0xe6, 0xed, 0xf3), dim(0x8b, 0x94, 0x9e), disabled(0x6e, 0x76, 0x81);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alt);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x30, 0x36, 0x3d));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x1f, 0x6f, 0xeb));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, dim);
    p.setColor(QPalette::Link, QColor(0x58, 0xa6, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xbc, 0x8c, 0xff));
    p.setColor(QPalette::ToolTipBase, alt);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Light, QColor(0x48, 0x4f, 0x58));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x40, 0x48));
    p.setColor(QPalette::Mid, QColor(0x30, 0x36, 0x3d));
    p.setColor(QPalette::Dark, QColor(0x01, 0x04, 0x09));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace TestPalette
