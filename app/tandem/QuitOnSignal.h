#pragma once

class QCoreApplication;

// Turns SIGINT/SIGTERM into a normal QCoreApplication::quit(), so destructors run: a local
// lab started by this process is stopped instead of being left running in the background.
void quitOnSignals(QCoreApplication *app);
