#include "SetupWizard.h"

#include "SetupNodesPage.h"
#include "SetupPreflightPage.h"
#include "SetupResultPage.h"
#include "SetupReviewPage.h"
#include "SetupRunPage.h"
#include "SetupSecurityPage.h"
#include "SetupSettingsPage.h"

#include "ops/OperationRunner.h"
#include "setup/SetupPlanner.h"
#include "setup/SetupProbe.h"

SetupWizard::SetupWizard(const OperationEnvironment &env, const Topology &topology, ProfileStore *profiles,
                         QWidget *parent)
    : QWizard(parent)
    , m_env(env)
    , m_topology(topology)
    , m_profiles(profiles)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("Set Up Replication"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(NodesPage, new SetupNodesPage(this));
    setPage(PreflightPage, new SetupPreflightPage(this));
    setPage(SecurityPage, new SetupSecurityPage(this));
    setPage(SettingsPage, new SetupSettingsPage(this));
    setPage(ReviewPage, new SetupReviewPage(this));
    setPage(RunPage, new SetupRunPage(this));
    setPage(ResultPage, new SetupResultPage(this));
    resize(760, 600);
}

SetupWizard::~SetupWizard()
{
    // The password lives in memory only as long as the wizard.
    m_options.password.fill(QLatin1Char('\0'));
}

void SetupWizard::preset(const QString &master, const QStringList &replicas)
{
    m_options.master = master;
    m_options.replicas = replicas;
    if (auto *nodes = qobject_cast<SetupNodesPage *>(page(NodesPage)))
        nodes->preset(master, replicas);
}

void SetupWizard::addConnection(const ConnectionProfile &profile)
{
    const QString address = profile.address();
    if (!m_added.contains(address))
        m_added.append(address);
    Q_EMIT connectionAdded(profile);
}

OperationRunner *SetupWizard::runner()
{
    if (!m_runner) {
        m_runner = m_env.newRunner(this);
    }
    return m_runner;
}

void SetupWizard::probe()
{
    if (m_probing || m_running || m_hasReport)
        return;
    m_probing = true;
    m_hasFacts = false;
    delete m_probe;
    m_probe = new SetupProbe(runner()->clients(), this);
    connect(m_probe, &SetupProbe::progress, this, &SetupWizard::probeProgress);
    connect(m_probe, &SetupProbe::finished, this, [this](const SetupFacts &facts) {
        m_facts = facts;
        m_probing = false;
        m_hasFacts = true;
        Q_EMIT probeFinished();
    });
    m_probe->start(m_options);
}

Plan SetupWizard::plan(bool placeholderPassword) const
{
    SetupOptions options = m_options;
    if (placeholderPassword && options.auth != SetupOptions::Auth::Keep && options.password.isEmpty())
        options.password = QStringLiteral("preflight-only-placeholder");
    return SetupPlanner::build(m_facts, options);
}

void SetupWizard::setTopology(const Topology &topology)
{
    if (m_running || m_hasReport)
        return;
    m_topology = topology;
    Q_EMIT topologyUpdated();
}

void SetupWizard::run()
{
    if (m_running || m_hasReport)
        return;
    m_plan = plan();
    m_running = true;
    OperationRunner *r = runner();
    connect(r, &OperationRunner::stepStarted, this, &SetupWizard::stepStarted);
    connect(r, &OperationRunner::stepFinished, this, [this](int index, const StepRecord &record) {
        if (!record.compensation && record.status == StepRecord::Status::Succeeded && index >= 0
            && index < m_plan.steps.size() && m_plan.steps.at(index).pointOfNoReturn)
            m_pastNoReturn = true;
        Q_EMIT stepFinished(index, record);
    });
    connect(r, &OperationRunner::stepProgress, this, &SetupWizard::stepProgress);
    connect(r, &OperationRunner::finished, this, [this](const ExecutionReport &report) {
        m_running = false;
        m_hasReport = true;
        m_report = report;
        Q_EMIT finished(report);
    });
    Q_EMIT started(m_plan, r);
    r->run(m_plan);
}

void SetupWizard::reject()
{
    // The run page stays until the run ends: cancel asks the run to stop (before the point of
    // no return the steps' compensations put every node back).
    if (m_running) {
        if (!m_pastNoReturn)
            m_runner->cancel();
        return;
    }
    QWizard::reject();
}
