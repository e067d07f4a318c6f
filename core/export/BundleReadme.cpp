// BundleExport::readme(): the deployment tutorial written for the user's own servers.
#include "BundleExport.h"

#include <QCryptographicHash>
#include <QDateTime>

namespace {

// redis-cli with what this group needs to connect (a password is asked for, never written).
QString cli(const BundleInput &input, const QString &host, quint16 port)
{
    QString c = QStringLiteral("redis-cli -h %1 -p %2").arg(host).arg(port);
    if (input.tls)
        c += QStringLiteral(" --tls --cacert /etc/redis/tls/ca.crt");
    if (!input.authUser.isEmpty())
        c += QStringLiteral(" --user %1").arg(input.authUser);
    if (input.needsPassword)
        c += QStringLiteral(" --askpass");
    return c;
}

} // namespace

QByteArray BundleExport::readme(const BundleInput &input, const QList<ExportFile> &files)
{
    const BundleNode *master = nullptr;
    int replicas = 0;
    for (const BundleNode &n : input.nodes) {
        if (n.master)
            master = &n;
        else
            ++replicas;
    }
    QStringList md;
    const QString masterText = master ? hostPort(master->host, master->port) : QStringLiteral("(no master)");
    md << QStringLiteral("# Deployment bundle: %1").arg(input.groupName) << QString()
       << QStringLiteral("Master %1 with %2 replica(s) and %3 Sentinel(s), exported from %4 by Tandem %5 on %6 UTC.")
              .arg(masterText).arg(replicas).arg(input.sentinels.size()).arg(input.sourceAddress, QStringLiteral(TANDEM_VERSION),
                                                                               QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
       << QString()
       << QStringLiteral("For Debian 12's multi-instance services: `redis-server@PORT` reads `/etc/redis/redis-PORT.conf`, "
                         "`redis-sentinel@PORT` reads `/etc/redis/sentinel-PORT.conf`.")
       << QString();
    if (input.includeSecrets) {
        md << QStringLiteral("**This bundle contains passwords in clear.** Keep it private and delete it once deployed.") << QString();
    }
    for (const QString &w : input.warnings)
        md << QStringLiteral("> Note: %1").arg(w) << QString();

    md << QStringLiteral("## 0. Before you start") << QString()
       << QStringLiteral("1. Check that nothing changed on the way: `sha256sum -c SHA256SUMS` in this folder.")
       << QStringLiteral("2. On every node host: `apt-get install redis-server`; on every Sentinel host: `apt-get install redis-sentinel`.");
    QStringList toFill;
    for (const BundleNode &n : input.nodes) {
        if (!n.secretsHidden.isEmpty())
            toFill << QStringLiteral("`%1/redis-%2.tandem.conf`: %3")
                          .arg(dirOf(QStringLiteral("nodes"), n.host, n.port)).arg(n.port).arg(n.secretsHidden.join(QStringLiteral(", ")));
    }
    for (const BundleSentinel &s : input.sentinels) {
        if (s.conf.contains("<hidden>"))
            toFill << QStringLiteral("`%1/sentinel-%2.conf`: sentinel auth-pass")
                          .arg(dirOf(QStringLiteral("sentinels"), s.host, s.port)).arg(s.port);
    }
    if (!toFill.isEmpty()) {
        md << QStringLiteral("3. Put the real passwords where the files say `<hidden>` (exported without secrets), then run "
                             "`sha256sum -c SHA256SUMS` again only for the files you did not edit:");
        for (const QString &f : toFill)
            md << QStringLiteral("   - %1").arg(f);
    }
    md << QString();

    int step = 1;
    auto nodeSteps = [&](const BundleNode &n) {
        const QString dir = dirOf(QStringLiteral("nodes"), n.host, n.port);
        const QString port = QString::number(n.port);
        md << QStringLiteral("## %1. %2 %3").arg(step++).arg(n.master ? QStringLiteral("The master") : QStringLiteral("Replica"),
                                                            hostPort(n.host, n.port))
           << QString() << QStringLiteral("On %1, from this folder:").arg(n.host) << QString() << QStringLiteral("```sh")
           << QStringLiteral("install -o redis -g redis -m 0640 %1/redis-%2.tandem.conf /etc/redis/redis-%2.tandem.conf").arg(dir, port)
           << QStringLiteral("install -o redis -g redis -m 0640 %1/redis-%2.conf /etc/redis/redis-%2.conf").arg(dir, port);
        if (input.aclUsers)
            md << QStringLiteral("install -o redis -g redis -m 0640 users.acl /etc/redis/users.acl");
        md << QStringLiteral("install -D -m 0644 '%1/redis-server@%2.service.d/tandem.conf' '/etc/systemd/system/redis-server@%2.service.d/tandem.conf'").arg(dir, port)
           << QStringLiteral("systemctl daemon-reload")
           << QStringLiteral("systemctl enable --now redis-server@%1").arg(port) << QStringLiteral("```") << QString();
        if (n.master) {
            md << QStringLiteral("Check: `%1 INFO replication` shows `role:master`.").arg(cli(input, n.host, n.port));
        } else {
            md << QStringLiteral("Check: `%1 INFO replication` shows `role:slave`, `master_host:%2`, `master_port:%3` and, once "
                                 "the first full copy is done, `master_link_status:up`.")
                      .arg(cli(input, n.host, n.port), n.masterHost)
                      .arg(n.masterPort);
        }
        md << QString();
    };
    for (const BundleNode &n : input.nodes) {
        if (n.master)
            nodeSteps(n);
    }
    for (const BundleNode &n : input.nodes) {
        if (!n.master)
            nodeSteps(n);
    }
    if (!input.sentinels.isEmpty()) {
        md << QStringLiteral("## %1. The Sentinels").arg(step++) << QString()
           << QStringLiteral("Only once every replica shows `master_link_status:up`. On each Sentinel host:") << QString();
        for (const BundleSentinel &s : input.sentinels) {
            const QString dir = dirOf(QStringLiteral("sentinels"), s.host, s.port);
            const QString port = QString::number(s.port);
            md << QStringLiteral("%1:").arg(hostPort(s.host, s.port)) << QString() << QStringLiteral("```sh")
               << QStringLiteral("install -o redis -g redis -m 0640 %1/sentinel-%2.conf /etc/redis/sentinel-%2.conf").arg(dir, port)
               << QStringLiteral("install -D -m 0644 '%1/redis-sentinel@%2.service.d/tandem.conf' '/etc/systemd/system/redis-sentinel@%2.service.d/tandem.conf'").arg(dir, port)
               << QStringLiteral("systemctl daemon-reload") << QStringLiteral("systemctl enable --now redis-sentinel@%1").arg(port)
               << QStringLiteral("```") << QString();
        }
        const BundleSentinel &first = input.sentinels.first();
        md << QStringLiteral("Check: `redis-cli -h %1 -p %2 SENTINEL get-master-addr-by-name %3` answers %4, and "
                             "`SENTINEL master %3` shows `num-slaves %5` and `num-other-sentinels %6`. Sentinel "
                             "writes its own id and what it learns into its file: never copy a running Sentinel's file to another.")
                  .arg(first.host)
                  .arg(first.port)
                  .arg(input.groupName, master ? QStringLiteral("`%1` `%2`").arg(master->host).arg(master->port) : QStringLiteral("the master"))
                  .arg(replicas)
                  .arg(input.sentinels.size() - 1)
           << QString();
    }
    md << QStringLiteral("## Afterwards") << QString()
       << QStringLiteral("- Change settings in `/etc/redis/redis-PORT.tandem.conf` and restart, or live with `CONFIG SET` + "
                         "`CONFIG REWRITE` (Tandem does both as one reviewed plan). `CONFIG REWRITE` writes the main file, "
                         "which the include precedes: a setting rewritten there wins over the fragment.")
       << QStringLiteral("- `replicaof` belongs to the main file: Sentinel and `CONFIG REWRITE` move it after a failover.")
       << QString() << QStringLiteral("## Files") << QString() << QStringLiteral("| file | bytes | sha256 |")
       << QStringLiteral("| --- | ---: | --- |");
    for (const ExportFile &f : files) {
        if (f.name != QLatin1String("SHA256SUMS"))
            md << QStringLiteral("| `%1` | %2 | `%3` |")
                      .arg(f.name)
                      .arg(f.bytes.size())
                      .arg(QString::fromLatin1(QCryptographicHash::hash(f.bytes, QCryptographicHash::Sha256).toHex()));
    }
    return md.join(QLatin1Char('\n')).toUtf8() + '\n';
}
