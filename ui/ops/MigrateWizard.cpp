#include "MigrateWizard.h"

#include "MigrateNodesPage.h"
#include "MigratePreflightPage.h"
#include "MigrateResultPage.h"
#include "MigrateReviewPage.h"
#include "MigrateRunPage.h"

#include "migrate/MigratePlanner.h"
#include "migrate/MigrateProbe.h"
#include "ops/OperationRunner.h"

MigrateWizard::MigrateWizard(const OperationEnvironment &env, const Topology &topology, QWidget *parent)
    : OperationWizard(env, topology, parent)
{
    setObjectName(QStringLiteral("migrateWizard"));
    setWindowTitle(tr("Migrate to a New Server"));
    setPage(NodesPage, new MigrateNodesPage(this));
    setPage(PreflightPage, new MigratePreflightPage(this));
    setPage(ReviewPage, new MigrateReviewPage(this));
    setPage(RunPage, new MigrateRunPage(this));
    setPage(ResultPage, new MigrateResultPage(this));
    // The steps' titles name both servers: wide enough for them on a 1280x800 screen.
    resize(1000, 660);
}

MigrateWizard::~MigrateWizard() = default;

void MigrateWizard::preset(const QString &source)
{
    m_options.source = source;
    if (auto *nodes = qobject_cast<MigrateNodesPage *>(page(NodesPage)))
        nodes->preset(source);
}

MigrateOptions MigrateWizard::withCredentials() const
{
    // How each side authenticates to and dials the other: as the window reaches them.
    MigrateOptions options = m_options;
    const ConnectionProfile source = profileFor(options.source);
    const ConnectionProfile target = profileFor(options.target);
    options.sourceUser = source.user;
    options.sourcePassword = source.password;
    options.targetUser = target.user;
    options.targetPassword = target.password;
    options.sourceTls = source.tls.enabled;
    options.targetTls = target.tls.enabled;
    return options;
}

void MigrateWizard::probe()
{
    if (!beginProbe())
        return;
    delete m_probe;
    m_probe = new MigrateProbe(runner()->clients(), this);
    connect(m_probe, &MigrateProbe::progress, this, &MigrateWizard::probeProgress);
    connect(m_probe, &MigrateProbe::finished, this, [this](const MigrateFacts &facts) {
        m_facts = facts;
        endProbe();
    });
    m_probe->start(withCredentials());
}

Plan MigrateWizard::plan() const
{
    return MigratePlanner::build(m_facts, withCredentials());
}
