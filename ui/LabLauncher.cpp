#include "LabLauncher.h"

#include "lab/LocalLab.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

LabLauncher::LabLauncher(QObject *parent)
    : QObject(parent)
{
}

LabLauncher::~LabLauncher()
{
    // Stop the servers before the temporary directory is removed under them.
    m_lab.reset();
    m_dir.reset();
}

QString LabLauncher::directory() const
{
    return m_dir ? m_dir->path() : QString();
}

void LabLauncher::fail(const QString &reason)
{
    // Always asynchronous, so callers can connect after start() and never re-enter.
    QTimer::singleShot(0, this, [this, reason] { Q_EMIT failed(reason); });
}

bool LabLauncher::prepare()
{
    if (m_lab)
        return false;
    const LabSpec defaults;
    if (QStandardPaths::findExecutable(defaults.redisServer).isEmpty()) {
        fail(tr("redis-server is not installed (on Debian: apt install redis-server)."));
        return false;
    }
    const QString base = QStandardPaths::writableLocation(QStandardPaths::TempLocation);
    m_dir = std::make_unique<QTemporaryDir>(QDir(base).filePath(QStringLiteral("tandem-lab-XXXXXX")));
    if (!m_dir->isValid()) {
        fail(tr("Cannot create a directory for the lab: %1").arg(m_dir->errorString()));
        return false;
    }
    return true;
}

void LabLauncher::launch(const LabSpec &spec)
{
    m_lab = std::make_unique<LocalLab>(m_dir->path());
    m_lab->setStopOnDestroy(true);
    connect(m_lab.get(), &LocalLab::progress, this, &LabLauncher::progress);
    connect(m_lab.get(), &LocalLab::failed, this, &LabLauncher::failed);
    connect(m_lab.get(), &LocalLab::started, this, [this] {
        QList<ConnectionProfile> profiles;
        const QList<LabNode> nodes = m_lab->nodes();
        for (const LabNode &node : nodes) {
            ConnectionProfile profile = m_lab->profileFor(node);
            if (profile.name.isEmpty())
                profile.name = node.name;
            profiles.append(profile);
        }
        Q_EMIT started(profiles);
    });
    m_lab->start(spec);
}

void LabLauncher::start(int replicas, int chainedReplicas)
{
    if (!prepare())
        return;
    LabSpec spec;
    spec.replicas = qBound(0, replicas, 16);
    spec.chainedReplicas = spec.replicas > 0 ? qBound(0, chainedReplicas, 8) : 0;
    Q_EMIT progress(spec.replicas == 1
                        ? tr("Starting a local lab: a master and one replica…")
                        : tr("Starting a local lab: a master and %1 replicas…").arg(spec.replicas));
    launch(spec);
}

void LabLauncher::startStandalone(int servers)
{
    if (!prepare())
        return;
    LabSpec spec;
    spec.standalone = qBound(1, servers, 16);
    Q_EMIT progress(tr("Starting a local lab: %n unlinked server(s)…", nullptr, spec.standalone));
    launch(spec);
}
