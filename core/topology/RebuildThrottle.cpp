#include "RebuildThrottle.h"

#include <algorithm>

namespace {

constexpr int kQuietMs = 10;
constexpr int kMaxDelayMs = 50;

} // namespace

RebuildThrottle::RebuildThrottle(std::function<void()> rebuild, QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, std::move(rebuild));
}

void RebuildThrottle::request()
{
    if (!m_pendingSince.isValid())
        m_pendingSince.start();
    const qint64 waited = m_pendingSince.elapsed();
    m_timer.start(int(std::clamp<qint64>(kMaxDelayMs - waited, 0, kQuietMs)));
}

void RebuildThrottle::rebuilding()
{
    m_timer.stop();
    m_pendingSince.invalidate();
    m_sinceRebuild.start();
}
