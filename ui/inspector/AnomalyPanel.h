#pragma once

#include "topology/Topology.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QVBoxLayout;

// The anomalies that concern one node, each with what is wrong and what to do about it.
// Rebuilt only when the set of anomalies or their wording changes, not on every poll.
class AnomalyPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AnomalyPanel(QWidget *parent = nullptr);

    void setAnomalies(const QList<Anomaly> &anomalies);
    int count() const { return int(m_signature.size()); }

Q_SIGNALS:
    // The button next to an anomaly's advice: the group of `node` should be failed over.
    void failoverRequested(const QString &node);
    // "Apply to Group…" next to a config drift: the group of `node` should get its master's settings.
    void applyToGroupRequested(const QString &node);

private:
    QVBoxLayout *m_list;
    QLabel *m_none;
    QStringList m_signature;
};
