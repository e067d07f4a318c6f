#include "ConfigAdvisor.h"

#include "LiveConfig.h"

#include "ConfigSchema.h"

#include <QStringList>

#include <cmath>
#include <optional>

namespace {

using Severity = ConfigDiagnostic::Severity;

constexpr qint64 kMiB = 1024 * 1024;
// 7.0 defaults, used when the file does not say (FACTS.md, config.c).
constexpr qint64 kDefaultBacklog = kMiB;
constexpr qint64 kDefaultReplicaHard = 256 * kMiB;
constexpr qint64 kDefaultReplicaSoft = 64 * kMiB;
constexpr qint64 kDefaultReplicaSoftSeconds = 60;
// How long a replica may be away and still resume with a partial sync: one minute covers a
// restart, a network blip or a failover without forcing a full copy of the dataset.
constexpr double kBacklogSeconds = 60.0;
// Redis does not rate-limit AUTH: a password must resist offline-speed guessing.
constexpr qsizetype kMinPasswordLength = 16;

// Matches `canonical` and its old alias (replicaof/slaveof, ...): the file may use either and
// the validator already complains about the old name, so we only care about the value.
bool isNamed(const ConfigLine &line, const QByteArray &canonical)
{
    const QByteArray lower = line.lowerName();
    if (lower == canonical)
        return true;
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(lower);
    return d && QByteArray(d->name) == canonical;
}

QList<const ConfigLine *> allOf(const ConfigDocument &doc, const QByteArray &canonical)
{
    QList<const ConfigLine *> out;
    for (const ConfigLine &l : doc.lines()) {
        if (l.kind == ConfigLine::Kind::Directive && isNamed(l, canonical))
            out.append(&l);
    }
    return out;
}

// The occurrence redis-server ends up using (the last one wins), or nullptr.
const ConfigLine *lastOf(const ConfigDocument &doc, const QByteArray &canonical)
{
    const QList<const ConfigLine *> all = allOf(doc, canonical);
    return all.isEmpty() ? nullptr : all.last();
}

// First argument of the effective occurrence, else the schema default.
QByteArray valueOf(const ConfigDocument &doc, const QByteArray &canonical)
{
    if (const ConfigLine *l = lastOf(doc, canonical); l && !l->args.isEmpty())
        return l->args.first();
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(canonical);
    return d && d->defaultValue ? QByteArray(d->defaultValue) : QByteArray();
}

std::optional<qint64> parseMemory(const QByteArray &s)
{
    qsizetype u = 0;
    while (u < s.size() && s.at(u) >= '0' && s.at(u) <= '9')
        ++u;
    if (u == 0 || u > 18)
        return std::nullopt;
    const QByteArray unit = s.mid(u).toLower();
    qint64 mul = 1;
    if (unit == "k")
        mul = 1000;
    else if (unit == "kb")
        mul = 1024;
    else if (unit == "m")
        mul = 1000 * 1000;
    else if (unit == "mb")
        mul = kMiB;
    else if (unit == "g")
        mul = 1000 * 1000 * 1000;
    else if (unit == "gb")
        mul = 1024 * kMiB;
    else if (!unit.isEmpty() && unit != "b")
        return std::nullopt;
    return s.left(u).toLongLong() * mul;
}

QString megabytes(double bytes)
{
    const qint64 mb = std::max<qint64>(1, static_cast<qint64>(std::ceil(bytes / kMiB)));
    return QString::number(mb) + QStringLiteral("mb");
}

class Advisor
{
public:
    Advisor(const ConfigDocument &doc, const ConfigAdvisorContext &ctx) : m_doc(doc), m_ctx(ctx)
    {
        const ConfigLine *r = lastOf(doc, "replicaof");
        m_replicaofLine = r;
        m_isReplica = r && r->args.size() >= 2
                      && !(r->args.at(0).toLower() == "no" && r->args.at(1).toLower() == "one");
        if (!m_isReplica && ctx.live && ctx.live->role == NodeSnapshot::Role::Replica)
            m_isReplica = true;
    }

    QList<ConfigDiagnostic> run()
    {
        checkMasterAuth();
        checkOpenToNetwork();
        checkWeakPasswords();
        checkKeepalive();
        checkPersistence();
        checkReplicaReadOnly();
        checkBacklog();
        checkReplicaOutputBuffer();
        checkMaxmemoryPolicy();
        checkOnlyReplicaPriority();
        checkRenamedCommands();
        checkTls();
        return m_out;
    }

private:
    void add(const ConfigLine *line, int column, Severity severity, const char *code,
             const QString &message, const QString &fix)
    {
        m_out.append(ConfigDiagnostic{line ? line->number : 0, line ? column : 0, severity,
                                      QString::fromLatin1(code), message, fix, QString()});
    }
    void add(const ConfigLine *line, Severity severity, const char *code, const QString &message,
             const QString &fix)
    {
        add(line, line ? line->nameColumn : 0, severity, code, message, fix);
    }

    // The password the master wants, preferring what a live master reports over its file.
    std::optional<QByteArray> masterPassword() const
    {
        if (m_ctx.masterRequirePass && !m_ctx.masterRequirePass->isEmpty())
            return m_ctx.masterRequirePass->toUtf8();
        if (m_ctx.masterConfig) {
            const QByteArray p = valueOf(*m_ctx.masterConfig, "requirepass");
            if (!p.isEmpty())
                return p;
        }
        return std::nullopt;
    }

    void checkMasterAuth()
    {
        const std::optional<QByteArray> masterPass = masterPassword();
        if (!masterPass)
            return;
        const ConfigLine *authLine = lastOf(m_doc, "masterauth");
        const QByteArray auth = authLine && !authLine->args.isEmpty() ? authLine->args.first()
                                                                        : QByteArray();
        if (auth.isEmpty()) {
            if (m_isReplica)
                add(m_replicaofLine, Severity::Warning, "replica-masterauth-missing",
                    QStringLiteral("This replica has no masterauth but its master requires a "
                                   "password: the replica cannot authenticate, replication "
                                   "stops with NOAUTH and the replica keeps serving stale data."),
                    QStringLiteral("Add \"masterauth <the master's requirepass>\" (or masteruser "
                                   "and masterauth for an ACL user)."));
            return;
        }
        // With masteruser the password belongs to an ACL user, not to requirepass.
        if (!valueOf(m_doc, "masteruser").isEmpty() || auth == *masterPass)
            return;
        add(authLine, Severity::Warning, "replica-masterauth-mismatch",
            QStringLiteral("masterauth does not match the master's requirepass: the replica "
                           "is refused (\"Unable to AUTH to MASTER\") and stops replicating."),
            QStringLiteral("Set masterauth to the master's current requirepass."));
    }

    // Whether the default user (what an unauthenticated client gets) needs a password.
    bool defaultUserProtected() const
    {
        if (!valueOf(m_doc, "requirepass").isEmpty() || !valueOf(m_doc, "aclfile").isEmpty())
            return true;  // an ACL file we cannot see may well set one: do not cry wolf
        bool hasPassword = false;
        bool enabled = true;
        for (const ConfigLine *l : allOf(m_doc, "user")) {
            if (l->args.isEmpty() || l->args.first() != "default")
                continue;
            for (qsizetype i = 1; i < l->args.size(); ++i) {
                const QByteArray rule = l->args.at(i).toLower();
                if (rule.startsWith('>') || rule.startsWith('#'))
                    hasPassword = true;
                else if (rule == "nopass" || rule == "resetpass")
                    hasPassword = false;
                else if (rule == "on")
                    enabled = true;
                else if (rule == "off")
                    enabled = false;
                else if (rule == "reset") {
                    hasPassword = false;
                    enabled = false;
                }
            }
        }
        return hasPassword || !enabled;
    }

    void checkOpenToNetwork()
    {
        const ConfigLine *bind = lastOf(m_doc, "bind");
        bool wildcard = !bind || bind->args.isEmpty();  // absent: 7.0 listens on "* -::*"
        if (bind) {
            for (QByteArray a : bind->args) {
                if (a.startsWith('-'))
                    a = a.mid(1);
                if (a == "0.0.0.0" || a == "*" || a == "::" || a == "::*")
                    wildcard = true;
            }
        }
        if (!wildcard || valueOf(m_doc, "protected-mode").toLower() != "no"
            || defaultUserProtected())
            return;
        add(lastOf(m_doc, "protected-mode"), Severity::Warning, "open-without-password",
            QStringLiteral("DANGER: this server listens on every interface with protected mode "
                           "off and no password. Anyone who can reach the port can read and "
                           "delete all data, make it a replica of their own server, or write "
                           "files on the host through CONFIG SET; exposed Redis servers are "
                           "found and attacked within minutes."),
            QStringLiteral("Set a long random requirepass (or ACL users with passwords), bind "
                           "to specific addresses, and keep \"protected-mode yes\"."));
    }

    void rate(const ConfigLine *line, int column, const QByteArray &password, const QString &what)
    {
        static const QList<QByteArray> common = {
            "foobared", "password", "password1", "redis", "123456", "12345678", "123456789",
            "admin", "changeme", "secret", "qwerty", "letmein", "default", "root", "test",
            "pass", "master", "replica"};
        // A hidden value (an export without secrets) is no password to rate.
        if (password == LiveConfig::placeholder())
            return;
        QString why;
        if (common.contains(password.toLower()))
            why = QStringLiteral("is a well-known default that attackers try first");
        else if (password.size() < kMinPasswordLength)
            why = QStringLiteral("is shorter than 16 characters");
        else
            return;
        add(line, column, Severity::Warning, "weak-password",
            QString(what + QStringLiteral(" ") + why
                    + QStringLiteral(". Redis does not slow down or lock out failed AUTH "
                                     "attempts, so a short or common password can be guessed "
                                     "at hundreds of thousands of tries per second.")),
            QStringLiteral("Use a random password of at least 32 characters, e.g. from "
                           "\"openssl rand -base64 32\"."));
    }

    void checkWeakPasswords()
    {
        for (const char *name : {"requirepass", "masterauth"}) {
            const ConfigLine *l = lastOf(m_doc, name);
            if (l && !l->args.isEmpty() && !l->args.first().isEmpty())
                rate(l, l->argColumns.value(0, l->nameColumn), l->args.first(),
                     QString(QStringLiteral("The password of ") + QLatin1String(name)));
        }
        for (const ConfigLine *l : allOf(m_doc, "user")) {
            for (qsizetype i = 1; i < l->args.size(); ++i) {
                if (l->args.at(i).startsWith('>'))
                    rate(l, l->argColumns.value(i, l->nameColumn), l->args.at(i).mid(1),
                         QString(QStringLiteral("A password of ACL user \"")
                                 + QString::fromUtf8(l->args.first()) + QStringLiteral("\"")));
            }
        }
    }

    void checkKeepalive()
    {
        if (valueOf(m_doc, "tcp-keepalive") != "0")
            return;
        add(lastOf(m_doc, "tcp-keepalive"), Severity::Warning, "tcp-keepalive-off",
            QStringLiteral("With tcp-keepalive 0 a connection whose peer vanished (a crashed "
                           "host, a firewall or NAT that dropped the session) is never noticed: "
                           "the master keeps counting a dead replica and idle links through "
                           "firewalls get cut silently."),
            QStringLiteral("tcp-keepalive 300"));
    }

    void checkPersistence()
    {
        if (m_isReplica || m_ctx.replicaCount == 0)
            return;
        const QList<const ConfigLine *> saves = allOf(m_doc, "save");
        const ConfigLine *clearing = nullptr;
        qsizetype points = saves.isEmpty() ? 1 : 0;  // no save line: the built-in schedule
        for (const ConfigLine *l : saves) {
            if (l->args.isEmpty() || (l->args.size() == 1 && l->args.first().isEmpty())) {
                points = 0;  // save "" drops every save point read so far
                clearing = l;
            } else {
                points += l->args.size() / 2;
            }
        }
        if (points > 0 || valueOf(m_doc, "appendonly").toLower() == "yes")
            return;
        const ConfigLine *where = clearing ? clearing : lastOf(m_doc, "appendonly");
        add(where, Severity::Warning, "master-without-persistence",
            QStringLiteral("This master saves nothing to disk (no save points, appendonly no). "
                           "If it is restarted automatically (systemd, a container) it comes "
                           "back empty and its replicas copy that empty dataset: every replica "
                           "is wiped too."),
            QStringLiteral("Enable persistence (\"appendonly yes\" or save points), or make "
                           "sure this master is never restarted automatically."));
    }

    void checkReplicaReadOnly()
    {
        if (valueOf(m_doc, "replica-read-only").toLower() != "no")
            return;
        add(lastOf(m_doc, "replica-read-only"), Severity::Warning, "replica-writable",
            QStringLiteral("replica-read-only no lets clients write to this node while it is a "
                           "replica. Those writes are never sent to the master and disappear "
                           "at the next full sync, so the replica silently diverges."),
            QStringLiteral("replica-read-only yes"));
    }

    void checkBacklog()
    {
        const ConfigLine *l = lastOf(m_doc, "repl-backlog-size");
        qint64 size = kDefaultBacklog;
        if (l && !l->args.isEmpty())
            size = parseMemory(l->args.first()).value_or(kDefaultBacklog);
        if (m_ctx.writeBytesPerSecond <= 0) {
            // Only worth saying about a node we are looking at: for a bare file it would be
            // the same remark on every master.
            if (!m_ctx.live)
                return;
            add(l, Severity::Info, "repl-backlog-unverified",
                QString(QStringLiteral("The replication backlog (") + megabytes(double(size))
                        + QStringLiteral(") could not be compared with the write rate, which "
                                         "is unknown. If it holds less than a minute of writes, "
                                         "a replica that disconnects briefly needs a full "
                                         "resync instead of a partial one.")),
                QStringLiteral("Measure the write rate (growth of master_repl_offset per "
                               "second) and set repl-backlog-size to at least 60 s of it."));
            return;
        }
        const double needed = m_ctx.writeBytesPerSecond * kBacklogSeconds;
        if (double(size) >= needed)
            return;
        add(l, Severity::Warning, "repl-backlog-too-small",
            QString(QStringLiteral("At the observed write rate the replication backlog holds "
                                   "less than 60 seconds of writes: a replica disconnected for "
                                   "a minute cannot resume (\"lack of backlog\") and needs a "
                                   "full resync of the whole dataset.")),
            QString(QStringLiteral("repl-backlog-size ") + megabytes(needed)
                    + QStringLiteral(" (or more, for longer outages)")));
    }

    void checkReplicaOutputBuffer()
    {
        qint64 dataset = m_ctx.datasetBytes;
        if (dataset <= 0 && m_ctx.live)
            dataset = m_ctx.live->usedMemory;
        if (dataset <= 0)
            return;
        const ConfigLine *line = nullptr;
        for (const ConfigLine *l : allOf(m_doc, "client-output-buffer-limit")) {
            const QByteArray cls = l->args.value(0).toLower();
            if (l->args.size() == 4 && (cls == "replica" || cls == "slave"))
                line = l;
        }
        qint64 hard = kDefaultReplicaHard;
        qint64 soft = kDefaultReplicaSoft;
        qint64 softSeconds = kDefaultReplicaSoftSeconds;
        if (line) {
            hard = parseMemory(line->args.at(1)).value_or(hard);
            soft = parseMemory(line->args.at(2)).value_or(soft);
            softSeconds = line->args.at(3).toLongLong();
        }
        const bool hardSmall = hard > 0 && hard < dataset;
        const bool softSmall = soft > 0 && softSeconds > 0 && soft < dataset;
        if (!hardSmall && !softSmall)
            return;
        const QString limit = megabytes(2.0 * double(dataset));
        add(line, Severity::Warning, "replica-buffer-too-small",
            QString(QStringLiteral("The replica output-buffer limit (")
                    + (hardSmall ? QStringLiteral("hard") : QStringLiteral("soft"))
                    + QStringLiteral(") is smaller than the dataset (") + megabytes(double(dataset))
                    + QStringLiteral("). During a full sync the writes buffered for the replica "
                                     "can exceed it; the master then closes the replica "
                                     "(\"overcoming of output buffer limits\"), the replica "
                                     "starts another full sync and the loop never ends.")),
            QString(QStringLiteral("client-output-buffer-limit replica ") + limit
                    + QStringLiteral(" ") + limit + QStringLiteral(" 60")));
    }

    void checkMaxmemoryPolicy()
    {
        if (!m_ctx.masterConfig)
            return;
        const QByteArray mine = valueOf(m_doc, "maxmemory-policy").toLower();
        const QByteArray theirs = valueOf(*m_ctx.masterConfig, "maxmemory-policy").toLower();
        if (mine == theirs)
            return;
        add(lastOf(m_doc, "maxmemory-policy"), Severity::Warning, "maxmemory-policy-mismatch",
            QString(QStringLiteral("maxmemory-policy is ") + QString::fromUtf8(mine)
                    + QStringLiteral(" here but ") + QString::fromUtf8(theirs)
                    + QStringLiteral(" on the master. After a failover the promoted node "
                                     "evicts (or refuses writes) differently than the old "
                                     "master did.")),
            QString(QStringLiteral("maxmemory-policy ") + QString::fromUtf8(theirs)));
    }

    void checkOnlyReplicaPriority()
    {
        if (m_ctx.replicaCount != 1 || valueOf(m_doc, "replica-priority") != "0")
            return;
        add(lastOf(m_doc, "replica-priority"), Severity::Warning, "only-replica-unpromotable",
            QStringLiteral("replica-priority 0 marks this replica as never to be promoted, and "
                           "it is the only replica: if the master fails, Sentinel has nothing "
                           "to fail over to."),
            QStringLiteral("replica-priority 100 (or add another promotable replica)"));
    }

    void checkRenamedCommands()
    {
        static const QList<QByteArray> needed = {"config", "replicaof", "slaveof", "info",
                                                  "client", "failover"};
        for (const ConfigLine *l : allOf(m_doc, "rename-command")) {
            const QByteArray cmd = l->args.value(0).toLower();
            if (l->args.size() != 2 || !needed.contains(cmd))
                continue;
            // The new name acts as a secret: it is deliberately not repeated here.
            add(l, l->argColumns.value(0, l->nameColumn), Severity::Warning,
                "critical-command-renamed",
                QString(QStringLiteral("The ") + QString::fromUtf8(cmd.toUpper())
                        + QStringLiteral(" command is renamed or disabled. Tandem needs it to "
                                         "read replication state, change roles, pause clients "
                                         "or fail over, so those operations will fail on this "
                                         "node.")),
                QString(QStringLiteral("Remove this rename-command line, or protect ")
                        + QString::fromUtf8(cmd.toUpper())
                        + QStringLiteral(" with ACLs instead of renaming it.")));
        }
    }

    void checkTls()
    {
        const bool tls = valueOf(m_doc, "tls-replication").toLower() == "yes";
        const ConfigLine *tlsLine = lastOf(m_doc, "tls-replication");
        if (tls) {
            QStringList missing;
            if (valueOf(m_doc, "tls-port").toLongLong() == 0)
                missing << QStringLiteral("tls-port");
            if (valueOf(m_doc, "tls-cert-file").isEmpty())
                missing << QStringLiteral("tls-cert-file");
            if (valueOf(m_doc, "tls-key-file").isEmpty())
                missing << QStringLiteral("tls-key-file");
            if (valueOf(m_doc, "tls-ca-cert-file").isEmpty()
                && valueOf(m_doc, "tls-ca-cert-dir").isEmpty())
                missing << QStringLiteral("tls-ca-cert-file");
            if (!missing.isEmpty())
                add(tlsLine, Severity::Warning, "tls-replication-incomplete",
                    QString(QStringLiteral("tls-replication yes but ")
                            + missing.join(QStringLiteral(", "))
                            + QStringLiteral(" not set: the TLS setup fails, so replication "
                                             "over TLS cannot work (and, once promoted, this "
                                             "node cannot serve TLS replicas).")),
                    QString(QStringLiteral("Set ") + missing.join(QStringLiteral(", "))
                            + QStringLiteral(", or tls-replication no.")));
        }
        if (!m_ctx.masterConfig || !m_isReplica)
            return;
        const bool masterTls = valueOf(*m_ctx.masterConfig, "tls-replication").toLower() == "yes";
        if (tls == masterTls)
            return;
        add(tlsLine, Severity::Warning, "tls-replication-mismatch",
            QString(QStringLiteral("tls-replication is ")
                    + (tls ? QStringLiteral("yes") : QStringLiteral("no"))
                    + QStringLiteral(" here but ")
                    + (masterTls ? QStringLiteral("yes") : QStringLiteral("no"))
                    + QStringLiteral(" on the master: the two ends expect different protocols "
                                     "on the replication link, and after a failover the roles "
                                     "disagree again.")),
            QString(QStringLiteral("tls-replication ")
                    + (masterTls ? QStringLiteral("yes") : QStringLiteral("no"))));
    }

    const ConfigDocument &m_doc;
    const ConfigAdvisorContext &m_ctx;
    const ConfigLine *m_replicaofLine = nullptr;
    bool m_isReplica = false;
    QList<ConfigDiagnostic> m_out;
};

} // namespace

QList<ConfigDiagnostic> ConfigAdvisor::advise(const ConfigDocument &doc,
                                              const ConfigAdvisorContext &context)
{
    return Advisor(doc, context).run();
}
