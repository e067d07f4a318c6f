#pragma once

#include <QCommandLineOption>
#include <QList>

class QCommandLineParser;

// `tandem --render-topology IN.json [--format svg|png] --out FILE|-`: draws a topology JSON
// document (tandemctl topology --json) with the topology view's renderer and exits, with no
// window and no display (the offscreen platform). tandemctl's `export topology --format
// svg|png` runs it, so the server-side CLI needs no Qt Widgets.
class TopologyRenderMode
{
public:
    static QList<QCommandLineOption> options();
    // True when the command line asks for this mode; call before creating the application so
    // the offscreen platform can be forced.
    static bool requested(int argc, char **argv);
    static void forceOffscreen();
    // Needs a QApplication. Exit code: 0 written, 1 unreadable input or unwritable output, 2 usage.
    static int run(const QCommandLineParser &parser);
};
