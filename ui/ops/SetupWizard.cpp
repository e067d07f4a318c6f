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
    : OperationWizard(env, topology, parent)
    , m_profiles(profiles)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("Set Up Replication"));
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

void SetupWizard::probe()
{
    if (!beginProbe())
        return;
    delete m_probe;
    m_probe = new SetupProbe(runner()->clients(), this);
    connect(m_probe, &SetupProbe::progress, this, &SetupWizard::probeProgress);
    connect(m_probe, &SetupProbe::finished, this, [this](const SetupFacts &facts) {
        m_facts = facts;
        endProbe();
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
