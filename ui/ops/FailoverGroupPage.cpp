#include "FailoverGroupPage.h"

#include "FailoverWizard.h"
#include "HumanFormat.h"
#include "inspector/ReplicationText.h"

#include <QLabel>
#include <QVBoxLayout>

FailoverGroupPage::FailoverGroupPage(FailoverWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("The master is down"));
    m_reason = new QLabel(this);
    m_reason->setObjectName(QStringLiteral("failoverReasonLabel"));
    m_reason->setWordWrap(true);
    m_reason->setTextFormat(Qt::RichText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addStretch();
    connect(wizard, &FailoverWizard::topologyUpdated, this, &FailoverGroupPage::refresh);
}

void FailoverGroupPage::initializePage()
{
    refresh();
}

bool FailoverGroupPage::isComplete() const
{
    return m_down;
}

void FailoverGroupPage::refresh()
{
    const Topology &t = m_wizard->topology();
    const QString master = m_wizard->deadMaster();
    const TopologyNode *node = t.node(master);
    const TopologyGroup *group = t.groupOf(m_wizard->seed());
    const bool wasDown = m_down;
    m_down = !master.isEmpty() && (!node || !node->isUp());
    if (master.isEmpty()) {
        m_reason->setText(tr("%1 belongs to no replication group with a master.").arg(m_wizard->seed().toHtmlEscaped()));
    } else if (!m_down) {
        m_reason->setText(tr("The master <b>%1</b> answers: nothing to fail over. To move the master role to a "
                             "replica, use <i>Promote to master</i> on it.").arg(master.toHtmlEscaped()));
    } else {
        QString since = tr("never seen up");
        if (node && node->lastSeen.isValid()) {
            const qint64 ago = node->lastSeen.secsTo(t.takenAt.isValid() ? t.takenAt : QDateTime::currentDateTimeUtc());
            since = tr("unreachable since %1 (%2 ago)")
                        .arg(node->lastSeen.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                             HumanFormat::duration(qMax<qint64>(0, ago)));
        }
        QString text = tr("<p>The master of this group, <b>%1</b>, is %2: %3.</p>")
                           .arg(master.toHtmlEscaped(), node ? ReplicationText::reachability(node->reachability).toHtmlEscaped()
                                                             : tr("unknown"),
                                since.toHtmlEscaped());
        if (node && !node->error.isEmpty())
            text += tr("<p>Last error: %1</p>").arg(node->error.toHtmlEscaped());
        const int replicas = group ? int(group->nodes.size()) - 1 : 0;
        text += tr("<p>Its %1 replica(s) cannot take writes. A failover promotes the best replica and points the "
                   "others at it. Writes only the old master had are lost; the next page shows how much.</p>")
                    .arg(replicas);
        if (group && !group->sentinels.isEmpty())
            text += tr("<p><b>Sentinels watch this group</b> (%1): they may fail over on their own. Check them "
                       "before going on.</p>").arg(group->sentinels.join(QStringLiteral(", ")).toHtmlEscaped());
        m_reason->setText(text);
    }
    if (wasDown != m_down)
        Q_EMIT completeChanged();
}
