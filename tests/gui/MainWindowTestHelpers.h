#pragma once

// What the GUI tests that drive the real main window share: a shown window polling fast, a
// private settings/data directory, and the operations lab (a master with two replicas and
// one that must never be promoted).

#include "MainWindow.h"
#include "ReplicationLab.h"
#include "TestEnv.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <memory>

namespace GuiTest {

// A MainWindow shown at a size where the docks and the topology fit, polling every pollMs;
// null when the window was never exposed.
inline std::unique_ptr<MainWindow> shownMainWindow(int pollMs = 250)
{
    auto window = std::make_unique<MainWindow>();
    window->setPollInterval(pollMs);
    window->resize(1400, 900);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

// The topology has exactly `nodes` nodes and every one answers with a snapshot.
inline bool everyNodeAnswers(const Topology &t, qsizetype nodes)
{
    if (t.nodes.size() != nodes)
        return false;
    return std::all_of(t.nodes.cbegin(), t.nodes.cend(), [](const TopologyNode &n) { return n.isUp() && n.hasSnapshot; });
}

// Settings and the audit log / fences in `dir`, so a test never sees the user's.
inline void isolateSettings(const QTemporaryDir &dir)
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    qputenv("TANDEM_DATA_DIR", dir.filePath(QStringLiteral("data")).toUtf8());
}

// m -> r1, r2, r0 (replica-priority 0). False (with the lab's error) when it could not start;
// a missing redis-server fails the test through TestEnv::requireBinary.
inline bool startOperationsLab(ReplicationLab &lab, int replicas = 2, bool withPriorityZero = true)
{
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return false;
    if (!lab.addMaster(QStringLiteral("m")))
        return false;
    for (int i = 1; i <= replicas; ++i) {
        if (!lab.addReplica(QStringLiteral("r%1").arg(i), QStringLiteral("m")))
            return false;
    }
    if (withPriorityZero
        && !lab.addReplica(QStringLiteral("r0"), QStringLiteral("m"),
                           {QStringLiteral("--replica-priority"), QStringLiteral("0")}))
        return false;
    return lab.waitLinked();
}

} // namespace GuiTest
