#pragma once

#include "ops/ExecutionReport.h"
#include "ops/Plan.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

class OperationRunner;
class TopologyScene;

// Shows a running plan on the topology itself: each card the current step acts on says what
// is happening to it ("pausing writes…", "promoting…", "following new master") and the
// candidate is ringed. The notes stay a few seconds after the run, then clear.
class OperationProgress : public QObject
{
    Q_OBJECT
public:
    explicit OperationProgress(TopologyScene *scene, QObject *parent = nullptr);

    void track(const Plan &plan, OperationRunner *runner, const QString &candidate);
    QString noteOf(const QString &address) const { return m_notes.value(address); }
    QString candidate() const { return m_candidate; }
    // How long the last notes stay after the run (default 5 s).
    void setLingerMs(int ms) { m_clear.setInterval(ms); }

    // The nodes a step acts on: its node, else the addresses its commands name ("a: CMD").
    static QStringList nodesOf(const PlanStep &step);
    // What a card says while the step with this id runs, and once it succeeded (empty: keep).
    static QString runningNote(const QString &stepId);
    static QString doneNote(const QString &stepId);

private:
    void onStarted(int index, const StepRecord &record);
    void onFinished(int index, const StepRecord &record);
    void setNote(const QStringList &nodes, const QString &note);
    void apply();
    void clear();

    QPointer<TopologyScene> m_scene;
    QPointer<OperationRunner> m_runner;
    Plan m_plan;
    QString m_candidate;
    QHash<QString, QString> m_notes;
    QHash<QString, QString> m_settled;   // what each node became (survives later checks)
    QStringList m_touched;   // cards that carry a note, to clear them later
    QTimer m_clear;
};
