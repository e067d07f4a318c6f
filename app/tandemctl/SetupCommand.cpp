#include "SetupCommand.h"

#include "ops/LiveNodeProbe.h"
#include "ops/OperationRunner.h"
#include "setup/SetupPassword.h"
#include "setup/SetupPlanner.h"
#include "setup/SetupProbe.h"
#include "ssh/SshSessionPool.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

void SetupCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Sets up replication from plain Redis servers as one reviewed plan: checks (versions, data on "
        "replicas, loops, renamed commands, bind, config files), security (one group password as "
        "requirepass and masterauth on every node, or a replication ACL user), settings with their "
        "reasons, REPLICAOF, the full sync with progress, verification (links, offsets, a marker key, "
        "NOAUTH without password), then CONFIG REWRITE (or, for a node started without a config file, "
        "the file named by --config-file edited over SSH) and the files read back. Any failure before verification puts every "
        "node back. Exit 0 only when verified, 1 refused or failed, 2 usage, 3 could not connect."));
    addCommonOptions();
    m_parser.addOptions({
        {QStringLiteral("master"), QStringLiteral("The node to replicate from."), QStringLiteral("NODE")},
        {QStringLiteral("replica"), QStringLiteral("A node that becomes its replica (repeat for each)."), QStringLiteral("NODE")},
        {QStringLiteral("auth"), QStringLiteral("password (default), acl or keep."), QStringLiteral("mode"), QStringLiteral("password")},
        {QStringLiteral("acl-user"), QStringLiteral("The replication user for --auth acl."), QStringLiteral("NAME")},
        {QStringLiteral("password-file"), QStringLiteral("Read the group password from FILE (- = stdin)."), QStringLiteral("FILE")},
        {QStringLiteral("generate-password"), QStringLiteral("Generate the group password (32 random bytes, URL-safe).")},
        {QStringLiteral("password-out"), QStringLiteral("Write the generated password to FILE (mode 600, must not exist)."),
         QStringLiteral("FILE")},
        {QStringLiteral("keepalive"), QStringLiteral("tcp-keepalive seconds (default 60, never 0)."), QStringLiteral("S")},
        {QStringLiteral("persistence"), QStringLiteral("The master's persistence: aof (default, everysec), rdb or keep."),
         QStringLiteral("mode"), QStringLiteral("aof")},
        {QStringLiteral("discard-replica-data"), QStringLiteral("Let REPLICAOF replace the keys a replica holds.")},
        {QStringLiteral("repoint"), QStringLiteral("Let a replica following another master move.")},
        {QStringLiteral("min-replicas"), QStringLiteral("min-replicas-to-write on the master (default: unchanged)."), QStringLiteral("N")},
        {QStringLiteral("min-replicas-max-lag"), QStringLiteral("min-replicas-max-lag seconds (default 10)."), QStringLiteral("S")},
        {QStringLiteral("sync-timeout"), QStringLiteral("Longest a full sync may take before rollback, with its unit (default 300s)."),
         QStringLiteral("duration")},
        {QStringLiteral("config-file"), QStringLiteral("NODE=PATH: the config file of a node started without one, edited "
                                                       "over the node's SSH connection (repeat for each)."),
         QStringLiteral("NODE=PATH")},
    });
    if (!parseArguments(m_parser, args) || !readOptions() || !readPassword())
        return;
    m_audit.redact(m_options.password);
    for (const ConnectionProfile &p : std::as_const(m_profiles))
        m_audit.redact(p.password);
    for (const ConnectionProfile &p : std::as_const(m_profiles)) {
        m_audit.redact(p.ssh.password);
        m_audit.redact(p.ssh.keyPassphrase);
        if (p.ssh.enabled && !m_ssh)
            m_ssh = new SshSessionPool(this);
    }
    auto *probe = new SetupProbe(runner()->clients(), this);
    connect(probe, &SetupProbe::progress, this, [this](const QString &text) {
        if (!json())
            err() << text << "\n";
    });
    connect(probe, &SetupProbe::finished, this, [this](const SetupFacts &facts) {
        QStringList unreachable;
        for (const QString &a : QStringList{m_options.master} + m_options.replicas) {
            const SetupNodeFacts *n = facts.node(a);
            if (!n || !n->answered)
                unreachable.append(QStringLiteral("%1 (%2)").arg(a, n ? n->error : QStringLiteral("not probed")));
        }
        if (finishUnreachable(unreachable))
            return;
        const Plan plan = SetupPlanner::build(facts, m_options);
        if (!review(plan))
            return;
        if (!writePasswordOut())
            return;
        runPlan(plan);
    });
    probe->start(m_options);
}

bool SetupCommand::readOptions()
{
    if (!m_parser.positionalArguments().isEmpty()) {
        usageError(QStringLiteral("setup takes no positional argument (use --master and --replica)"));
        return false;
    }
    if (!m_parser.isSet(QStringLiteral("master")) || !m_parser.isSet(QStringLiteral("replica"))) {
        usageError(QStringLiteral("setup needs --master NODE and at least one --replica NODE"));
        return false;
    }
    QList<ConnectionProfile> nodes;
    QString error;
    if (!parseNodes(QStringList{m_parser.value(QStringLiteral("master"))} + m_parser.values(QStringLiteral("replica")), &nodes, &error)) {
        usageError(error);
        return false;
    }
    for (const ConnectionProfile &p : std::as_const(nodes))
        m_profiles.insert(p.address(), p);
    m_options.master = nodes.first().address();
    for (qsizetype i = 1; i < nodes.size(); ++i)
        m_options.replicas.append(nodes.at(i).address());
    if (!SetupOptions::parseAuth(m_parser.value(QStringLiteral("auth")), &m_options.auth)) {
        usageError(QStringLiteral("--auth takes password, acl or keep"));
        return false;
    }
    m_options.aclUser = m_parser.value(QStringLiteral("acl-user"));
    if (m_options.auth == SetupOptions::Auth::Acl && m_options.aclUser.isEmpty()) {
        usageError(QStringLiteral("--auth acl needs --acl-user NAME"));
        return false;
    }
    if (!SetupOptions::parsePersistence(m_parser.value(QStringLiteral("persistence")), &m_options.persistence)) {
        usageError(QStringLiteral("--persistence takes aof, rdb or keep"));
        return false;
    }
    if (!intOption(QStringLiteral("keepalive"), 1, &m_options.keepaliveSeconds)
        || !intOption(QStringLiteral("min-replicas"), 0, &m_options.minReplicasToWrite)
        || !intOption(QStringLiteral("min-replicas-max-lag"), 1, &m_options.minReplicasMaxLag))
        return false;
    if (!durationOption(QStringLiteral("sync-timeout"), 1000, 86400000, &m_options.syncTimeoutMs))
        return false;
    for (const QString &pair : m_parser.values(QStringLiteral("config-file"))) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        QList<ConnectionProfile> named;
        if (eq <= 0 || eq == pair.size() - 1 || !parseNodes({pair.left(eq)}, &named, &error) || named.isEmpty()) {
            usageError(QStringLiteral("--config-file takes NODE=PATH (got '%1')").arg(pair));
            return false;
        }
        const QString node = named.first().address();
        if (!m_profiles.contains(node)) {
            usageError(QStringLiteral("--config-file %1: not one of the nodes set up").arg(node));
            return false;
        }
        if (!m_profiles.value(node).ssh.enabled) {
            usageError(QStringLiteral("--config-file %1: the file is edited over SSH, and this node has no --ssh").arg(node));
            return false;
        }
        m_options.configFiles.insert(node, pair.mid(eq + 1));
    }
    m_options.discardReplicaData = m_parser.isSet(QStringLiteral("discard-replica-data"));
    m_options.repoint = m_parser.isSet(QStringLiteral("repoint"));
    return true;
}

bool SetupCommand::readPassword()
{
    const bool fromFile = m_parser.isSet(QStringLiteral("password-file"));
    const bool generate = m_parser.isSet(QStringLiteral("generate-password"));
    if (m_options.auth == SetupOptions::Auth::Keep) {
        if (fromFile || generate) {
            usageError(QStringLiteral("--auth keep changes no password: drop --password-file/--generate-password"));
            return false;
        }
        return true;
    }
    if (fromFile == generate) {
        usageError(QStringLiteral("--auth %1 needs exactly one of --password-file FILE and --generate-password")
                       .arg(SetupOptions::authName(m_options.auth)));
        return false;
    }
    if (generate) {
        if (!m_parser.isSet(QStringLiteral("password-out"))) {
            usageError(QStringLiteral("--generate-password needs --password-out FILE (the password is shown nowhere else)"));
            return false;
        }
        if (QFile::exists(m_parser.value(QStringLiteral("password-out")))) {
            usageError(QStringLiteral("--password-out %1 exists: it is written once, never overwritten")
                           .arg(m_parser.value(QStringLiteral("password-out"))));
            return false;
        }
        m_options.generatePassword = true;
        m_options.password = SetupPassword::generate();
        if (m_options.password.isEmpty()) {
            err() << "tandemctl: the random number generator failed: no password generated\n";
            finish(ExitProblem);
            return false;
        }
        return true;
    }
    const QString path = m_parser.value(QStringLiteral("password-file"));
    QFile file;
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                   : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        usageError(QStringLiteral("cannot read --password-file %1: %2").arg(path, file.errorString()));
        return false;
    }
    QByteArray text = file.readLine(4096);
    while (text.endsWith('\n') || text.endsWith('\r'))
        text.chop(1);
    m_options.password = QString::fromUtf8(text);
    text.fill('\0');
    if (m_options.password.isEmpty()) {
        usageError(QStringLiteral("--password-file %1 holds no password on its first line").arg(path));
        return false;
    }
    if (m_options.password.contains(QLatin1Char(' ')) || m_options.password.contains(QLatin1Char('"'))) {
        usageError(QStringLiteral("the password may not contain spaces or quotes (redis.conf would not read it back)"));
        return false;
    }
    return true;
}

bool SetupCommand::writePasswordOut()
{
    if (!m_options.generatePassword)
        return true;
    const QByteArray path = QFile::encodeName(m_parser.value(QStringLiteral("password-out")));
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    const QByteArray text = m_options.password.toUtf8() + '\n';
    const bool ok = fd >= 0 && ::write(fd, text.constData(), size_t(text.size())) == text.size();
    if (fd >= 0)
        ::close(fd);
    if (!ok) {
        err() << "tandemctl: cannot write --password-out " << QString::fromLocal8Bit(path)
              << ": nothing was changed\n";
        finish(ExitProblem);
        return false;
    }
    if (!json())
        err() << "Generated password written to " << QString::fromLocal8Bit(path) << " (mode 600)\n";
    return true;
}

ConnectionProfile SetupCommand::profileFor(const QString &address) const
{
    const auto it = m_profiles.constFind(address);
    if (it != m_profiles.cend())
        return *it;
    // Nodes of the master's chain are reached like the master.
    return LiveNodeProbe::lookupFor(m_profiles.value(m_options.master))(address);
}
