#include "SafetyDialogs.h"

#include "PlanRunDialog.h"

#include "ops/MasterFence.h"
#include "ops/MinReplicasPlanner.h"
#include "ops/SshFencePlanner.h"
#include "topology/TopologyBuilder.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QWidget>

QString SafetyDialogs::fencedTo(const OperationEnvironment &env, const QString &address)
{
    if (!env.fence)
        return {};
    for (const MasterFence::Entry &e : env.fence->entries()) {
        if (TopologyBuilder::looselyEqual(e.oldMaster, address))
            return e.newMaster;
    }
    return {};
}

bool SafetyDialogs::canFenceNow(const OperationEnvironment &env, const Topology &topology, const QString &address)
{
    const TopologyNode *n = topology.node(address);
    return n && !n->isUp() && !fencedTo(env, address).isEmpty();
}

PlanRunDialog *SafetyDialogs::fenceNow(const OperationEnvironment &env, const Topology &topology, const QString &address,
                                       QWidget *parent)
{
    const QString newMaster = fencedTo(env, address);
    const ConnectionProfile profile = env.profileFor ? env.profileFor(address) : ConnectionProfile();
    const SshFenceTarget known = SshFenceTarget::of(topology, profile, address);
    const ConnectionProfile group = env.profileFor ? env.profileFor(newMaster) : ConnectionProfile();

    auto *form = new QWidget;
    auto *layout = new QFormLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *host = new QLabel(profile.ssh.enabled ? SshFenceTarget{profile.ssh, QString()}.describe()
                                                : QObject::tr("none: give the node SSH settings in its connection"));
    host->setObjectName(QStringLiteral("fenceNowHostLabel"));
    auto *path = new QLineEdit(known.path);
    path->setObjectName(QStringLiteral("fenceNowPathEdit"));
    path->setPlaceholderText(QObject::tr("/etc/redis/redis.conf"));
    layout->addRow(QObject::tr("SSH host:"), host);
    layout->addRow(QObject::tr("redis.conf:"), path);

    auto build = [env, address, newMaster, profile, group, path] {
        SshFenceTarget target{profile.ssh, path->text().trimmed()};
        SshFenceSettings settings;
        settings.newMaster = newMaster;
        settings.masterUser = group.user;
        settings.masterPassword = group.password;
        return SshFencePlanner::plan(env.ssh, address, target, settings);
    };
    auto *dialog = new PlanRunDialog(env, build, parent);
    dialog->setObjectName(QStringLiteral("fenceNowDialog"));
    dialog->addField(form);
    QObject::connect(path, &QLineEdit::textChanged, dialog, &PlanRunDialog::rebuild);
    return dialog;
}

PlanRunDialog *SafetyDialogs::minReplicas(const OperationEnvironment &env, const Topology &topology,
                                          const QString &address, QWidget *parent)
{
    auto *lag = new QSpinBox;
    lag->setObjectName(QStringLiteral("minReplicasLagSpin"));
    lag->setRange(1, 3600);
    lag->setValue(MinReplicasPlanner::kDefaultMaxLagSeconds);
    lag->setSuffix(QObject::tr(" s"));
    auto *form = new QWidget;
    auto *layout = new QFormLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addRow(QObject::tr("min-replicas-max-lag:"), lag);
    auto *dialog = new PlanRunDialog(env, [topology, address, lag] {
        return MinReplicasPlanner::plan(topology, address, lag->value());
    }, parent);
    dialog->setObjectName(QStringLiteral("minReplicasDialog"));
    dialog->addField(form);
    QObject::connect(lag, &QSpinBox::valueChanged, dialog, &PlanRunDialog::rebuild);
    return dialog;
}
