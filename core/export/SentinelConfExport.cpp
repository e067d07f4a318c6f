#include "SentinelConfExport.h"

#include "config/ConfigDocument.h"
#include "config/LiveConfig.h"
#include "topology/DiscoveryRules.h"

#include <QRegularExpression>
#include <QSet>

namespace {

using Line = QList<QByteArray>;

QByteArray sentinelLine(const Line &args)
{
    QByteArrayList quoted;
    for (const QByteArray &a : args)
        quoted.append(ConfigDocument::quoteArg(a));
    return quoted.join(' ') + '\n';
}

QByteArray sentinelComment(const QString &text)
{
    QByteArray out;
    for (const QString &line : text.split(QLatin1Char('\n')))
        out += line.isEmpty() ? QByteArray("#\n") : "# " + line.toUtf8() + '\n';
    return out;
}

struct TlsPath
{
    QByteArray directive;
    QByteArray fallback;   // used when the master has none
};

// The TLS block: listen and connect over TLS with the master's own files as default paths.
QByteArray sentinelTls(const GroupExportFacts &facts, quint16 port, bool includeSecrets, QStringList *missing)
{
    QByteArray out = sentinelComment(QStringLiteral(
        "TLS: the group is served over TLS, so this sentinel listens and connects over TLS.\n"
        "The file paths below are paths on the sentinel host. They default to the master's own\n"
        "files: put this host's certificate and key and the group's CA there, or change them."));
    out += sentinelLine({"port", "0"});
    out += sentinelLine({"tls-port", QByteArray::number(port)});
    out += sentinelLine({"tls-replication", "yes"});
    const QList<TlsPath> paths{
        {"tls-cert-file", "/etc/redis/tls/redis.crt"},
        {"tls-key-file", "/etc/redis/tls/redis.key"},
        {"tls-ca-cert-file", "/etc/redis/tls/ca.crt"},
    };
    for (const TlsPath &p : paths) {
        QByteArray value = facts.configValue(p.directive);
        if (p.directive == "tls-ca-cert-file" && value.isEmpty() && !facts.configValue("tls-ca-cert-dir").isEmpty()) {
            out += sentinelLine({"tls-ca-cert-dir", facts.configValue("tls-ca-cert-dir")});
            continue;
        }
        if (value.isEmpty()) {
            missing->append(QString::fromUtf8(p.directive));
            value = p.fallback;
        }
        out += sentinelLine({p.directive, value});
    }
    for (const char *name : {"tls-client-cert-file", "tls-client-key-file"}) {
        if (!facts.configValue(name).isEmpty())
            out += sentinelLine({name, facts.configValue(name)});
    }
    if (const QByteArray pass = facts.configValue("tls-key-file-pass"); !pass.isEmpty())
        out += sentinelLine({"tls-key-file-pass", includeSecrets ? pass : LiveConfig::placeholder()});
    // Who may connect: the same rule as the group's nodes (Redis requires client certificates
    // unless told otherwise).
    if (const QByteArray auth = facts.configValue("tls-auth-clients"); !auth.isEmpty() && auth != "yes")
        out += sentinelLine({"tls-auth-clients", auth});
    return out;
}

} // namespace

int SentinelConfExport::effectiveQuorum(int sentinels, int quorum)
{
    return quorum > 0 ? quorum : sentinels / 2 + 1;
}

QString SentinelConfExport::fileName(const QString &host, quint16 port)
{
    QString safe = host;
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]"));
    safe.replace(unsafe, QStringLiteral("_"));
    return QStringLiteral("sentinel-%1-%2.conf").arg(safe).arg(port);
}

QString SentinelConfExport::optionsError(const SentinelExportOptions &options)
{
    static const QRegularExpression nameRule(QStringLiteral("^[A-Za-z0-9._-]+$"));
    if (!nameRule.match(options.name).hasMatch())
        return QStringLiteral("the master name '%1' may hold only letters, digits, '.', '_' and '-'").arg(options.name);
    QSet<QString> seen;
    for (const QString &s : options.sentinels) {
        QString host;
        quint16 port = 0;
        if (!DiscoveryRules::splitAddress(s, &host, &port))
            return QStringLiteral("'%1' is not HOST:PORT").arg(s);
        if (seen.contains(DiscoveryRules::address(host, port)))
            return QStringLiteral("sentinel %1 is named twice").arg(s);
        seen.insert(DiscoveryRules::address(host, port));
    }
    const int count = options.sentinels.isEmpty() ? 3 : int(options.sentinels.size());
    if (options.quorum < 0)
        return QStringLiteral("the quorum must be 1 or more (0 = a majority)");
    if (options.quorum > count)
        return QStringLiteral("a quorum of %1 needs at least %1 sentinels, there are %2").arg(options.quorum).arg(count);
    if (options.downAfterMs <= 0 || options.failoverTimeoutMs <= 0)
        return QStringLiteral("down-after and failover-timeout must be positive milliseconds");
    if (options.parallelSyncs <= 0)
        return QStringLiteral("parallel-syncs must be 1 or more");
    return {};
}

QStringList SentinelConfExport::sentinelAddresses(const GroupExportFacts &facts, const SentinelExportOptions &options,
                                                  QStringList *warnings)
{
    if (!options.sentinels.isEmpty()) {
        QStringList out;
        for (const QString &s : options.sentinels) {
            QString host;
            quint16 port = 0;
            if (DiscoveryRules::splitAddress(s, &host, &port))
                out.append(DiscoveryRules::address(host, port));
        }
        return out;
    }
    QStringList hosts = facts.hosts();
    if (hosts.isEmpty())
        hosts.append(facts.masterHost);
    QStringList out;
    if (hosts.size() >= 3) {
        for (int i = 0; i < 3; ++i)
            out.append(DiscoveryRules::address(hosts.at(i), kDefaultPort));
        return out;
    }
    warnings->append(QStringLiteral("the group runs on %1 host(s) (%2): the three sentinels share them on ports "
                                    "26379, 26380 and 26381, so losing one host can take the majority of the sentinels "
                                    "with it; name sentinel hosts with --sentinel HOST:PORT")
                         .arg(hosts.size()).arg(hosts.join(QStringLiteral(", "))));
    for (int i = 0; i < 3; ++i)
        out.append(DiscoveryRules::address(hosts.at(i % hosts.size()), quint16(kDefaultPort + i)));
    return out;
}

QList<ExportFile> SentinelConfExport::files(const GroupExportFacts &facts, const SentinelExportOptions &options,
                                            QStringList *warnings)
{
    QStringList scratch;
    QStringList *warn = warnings ? warnings : &scratch;
    const QStringList sentinels = sentinelAddresses(facts, options, warn);
    const int quorum = effectiveQuorum(int(sentinels.size()), options.quorum);
    const QByteArray name = options.name.toUtf8();
    const QString user = facts.authUser();
    const QString password = facts.authPassword();
    const bool needsUser = !user.isEmpty() && user != QLatin1String("default");
    const bool hidden = !password.isEmpty() && !options.includeSecrets;
    QStringList missingTls;

    QList<ExportFile> out;
    for (const QString &sentinel : sentinels) {
        QString host;
        quint16 port = 0;
        DiscoveryRules::splitAddress(sentinel, &host, &port);

        QString header = QStringLiteral(
            "sentinel.conf for the Redis Sentinel on %1, generated by Tandem.\n"
            "It watches the replication group \"%2\": master %3%4%5.\n"
            "One of %6 sentinels (%7); %8 of them must agree that the master is down.\n"
            "\n"
            "Start it on %9 with:  redis-sentinel /path/to/this-file.conf\n"
            "With Debian's redis-sentinel package: copy it to /etc/redis/sentinel.conf (owner redis,\n"
            "writable: Sentinel rewrites it), then  systemctl restart redis-sentinel\n"
            "While it runs, Sentinel writes its own state (its id, the replicas and sentinels it finds)\n"
            "into this file: give every sentinel its own fresh copy, never a running sentinel's file.")
            .arg(sentinel, options.name, facts.masterAddress,
                 facts.nodes.size() > 1 ? QStringLiteral(", replicas ") + facts.nodes.mid(1).join(QStringLiteral(", "))
                                        : QString(),
                 facts.redisVersion.isEmpty() ? QString() : QStringLiteral(" (Redis %1)").arg(facts.redisVersion))
            .arg(sentinels.size())
            .arg(sentinels.join(QStringLiteral(", ")))
            .arg(quorum)
            .arg(host);
        if (hidden)
            header += QStringLiteral("\n\nauth-pass is a placeholder (%1): replace it with the group's password before "
                                     "starting,\nor export again with secrets included.")
                          .arg(QString::fromUtf8(LiveConfig::placeholder()));
        QByteArray text = sentinelComment(header) + '\n';
        if (facts.tls) {
            missingTls.clear();
            text += sentinelTls(facts, port, options.includeSecrets, &missingTls);
        } else {
            text += sentinelLine({"port", QByteArray::number(port)});
        }
        text += sentinelLine({"dir", "/tmp"});
        text += '\n';
        if (facts.namedByHostname) {
            text += sentinelComment(QStringLiteral("The group's nodes are named by host name: resolve and announce names."));
            text += sentinelLine({"sentinel", "resolve-hostnames", "yes"});
            text += sentinelLine({"sentinel", "announce-hostnames", "yes"});
        }
        text += sentinelLine({"sentinel", "monitor", name, facts.masterHost.toUtf8(),
                              QByteArray::number(facts.masterPort), QByteArray::number(quorum)});
        if (needsUser)
            text += sentinelLine({"sentinel", "auth-user", name, user.toUtf8()});
        if (!password.isEmpty())
            text += sentinelLine({"sentinel", "auth-pass", name, hidden ? LiveConfig::placeholder() : password.toUtf8()});
        text += sentinelLine({"sentinel", "down-after-milliseconds", name, QByteArray::number(options.downAfterMs)});
        text += sentinelLine({"sentinel", "failover-timeout", name, QByteArray::number(options.failoverTimeoutMs)});
        text += sentinelLine({"sentinel", "parallel-syncs", name, QByteArray::number(options.parallelSyncs)});
        out.append(ExportFile{fileName(host, port), text, false});
    }

    if (!facts.sentinels.isEmpty())
        warn->append(QStringLiteral("the group is already watched by %1 sentinel(s) (%2, as \"%3\"): these files start "
                                    "others; run them instead of those, not beside them")
                         .arg(facts.sentinels.size()).arg(facts.sentinels.join(QStringLiteral(", ")), facts.sentinelName));
    if (hidden)
        warn->append(QStringLiteral("the group's password is written as the placeholder %1: replace it in every file "
                                    "before starting the sentinels").arg(QString::fromUtf8(LiveConfig::placeholder())));
    if (needsUser)
        warn->append(QStringLiteral("the sentinels log in as ACL user '%1': it needs at least allchannels +multi +slaveof "
                                    "+ping +exec +subscribe +config|rewrite +role +publish +info +client|setname "
                                    "+client|kill +script|kill on every node").arg(user));
    if (!missingTls.isEmpty())
        warn->append(QStringLiteral("the master has no %1: the files name default paths under /etc/redis/tls; "
                                    "check them").arg(missingTls.join(QStringLiteral(", "))));
    if (quorum > sentinels.size())
        warn->append(QStringLiteral("a quorum of %1 with %2 sentinels can never agree: no failover will happen")
                         .arg(quorum).arg(sentinels.size()));
    else if (sentinels.size() < 3)
        warn->append(QStringLiteral("%1 sentinel(s): with fewer than three, losing one sentinel can leave too few to "
                                    "authorise a failover").arg(sentinels.size()));
    else if (sentinels.size() % 2 == 0)
        warn->append(QStringLiteral("%1 sentinels: an even number adds no tolerance over %2; a failover needs a majority "
                                    "of them").arg(sentinels.size()).arg(sentinels.size() - 1));
    return out;
}
