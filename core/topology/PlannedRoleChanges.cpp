#include "PlannedRoleChanges.h"

#include <QDateTime>

void PlannedRoleChanges::expect(const QStringList &nodes, const QString &why, int forMs)
{
    const qint64 until = QDateTime::currentMSecsSinceEpoch() + forMs;
    for (const QString &n : nodes)
        m_expected.insert(n, {why, until});
}

void PlannedRoleChanges::mark(QList<TopologyEvent> *events) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (TopologyEvent &e : *events) {
        if (e.kind != TopologyEvent::Kind::RoleChanged)
            continue;
        const auto it = m_expected.constFind(e.node);
        if (it == m_expected.constEnd() || it->untilMs < now)
            continue;
        e.severity = Anomaly::Severity::Info;
        e.message += QStringLiteral(" (planned: %1)").arg(it->why);
    }
}
