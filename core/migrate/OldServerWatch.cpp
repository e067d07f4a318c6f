// Placeholder until the watch lands: it reports that it cannot watch.
#include "OldServerWatch.h"
#include <QTimer>
OldServerWatch::OldServerWatch(const ConnectionProfile &oldServer, SshSessionPool *ssh, QObject *parent)
    : QObject(parent), m_profile(oldServer), m_ssh(ssh) {}
OldServerWatch::~OldServerWatch() = default;
void OldServerWatch::start(int) { QTimer::singleShot(0, this, [this] { Q_EMIT unreachable(QStringLiteral("not available in this build")); }); }
void OldServerWatch::stop() {}
void OldServerWatch::poll() {}
