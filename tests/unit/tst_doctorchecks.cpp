#include "FakeInfo.h"
#include "TestRegistry.h"

#include "doctor/DoctorFixes.h"
#include "doctor/HostChecks.h"
#include "doctor/HostFacts.h"
#include "doctor/ServerChecks.h"

#include <QTest>

// The server and host checks on INFO text as redis-server 7.0 prints it and on the host
// probe's output: each problem gives its finding with the measured value as evidence, a
// healthy node gives none, and kernel settings come with a sysctl plan.
class TestDoctorChecks : public QObject
{
    Q_OBJECT

private:
    static ServerFacts facts(const FakeInfo &info)
    {
        ServerFacts f;
        f.node = QStringLiteral("127.0.0.1:6379");
        f.info = ServerFacts::parseInfo(info.text());
        f.config = {{QStringLiteral("maxclients"), QStringLiteral("10000")},
                    {QStringLiteral("tcp-backlog"), QStringLiteral("511")},
                    {QStringLiteral("dir"), QStringLiteral("/var/lib/redis")},
                    {QStringLiteral("appendonly"), QStringLiteral("no")}};
        return f;
    }

    static QStringList codes(const FindingList &list)
    {
        QStringList out;
        for (const Finding &f : list)
            out << f.code;
        return out;
    }

    static const Finding *find(const FindingList &list, const QString &code)
    {
        for (const Finding &f : list) {
            if (f.code == code)
                return &f;
        }
        return nullptr;
    }

    static HostFacts healthyHost()
    {
        const QByteArray out = "comm=redis-server\novercommit=1\nthp=always madvise [never]\nsomaxconn=4096\n"
                               "anonhuge_kb=0\nnofile=65535\ndisk_free=100000000000\nmem_available_kb=8000000\n"
                               "clock=1000.5\n----tandem-log----\n/var/log/redis/redis.log\nline one\n";
        return HostFacts::parse(QStringLiteral("db1"), out, 1000.4, 1000.4);
    }

private Q_SLOTS:
    void healthyNodeHasNoFindings()
    {
        QVERIFY(ServerChecks::run(facts(FakeInfo::master(6379))).isEmpty());
        QVERIFY(HostChecks::run(healthyHost(), facts(FakeInfo::master(6379)), SshOptions{}).isEmpty());
    }

    void persistenceErrors()
    {
        FakeInfo info = FakeInfo::master(6379);
        info.set("rdb_last_bgsave_status", QStringLiteral("err"));
        info.set("aof_enabled", QStringLiteral("1"));
        info.set("aof_last_write_status", QStringLiteral("err"));
        const FindingList f = ServerChecks::run(facts(info));
        QCOMPARE(codes(f), (QStringList{QStringLiteral("rdb-bgsave-failed"), QStringLiteral("aof-write-failed")}));
        QCOMPARE(f.first().evidence, QStringLiteral("rdb_last_bgsave_status:err"));
        QCOMPARE(f.first().severity, Finding::Severity::Critical);
    }

    void slowForkUsesLatencyDoctorThresholds()
    {
        QCOMPARE(ServerChecks::forkQuality(5), QStringLiteral("terrible"));
        QCOMPARE(ServerChecks::forkQuality(20), QStringLiteral("poor"));
        QCOMPARE(ServerChecks::forkQuality(50), QStringLiteral("good"));
        QCOMPARE(ServerChecks::forkQuality(150), QStringLiteral("excellent"));
        FakeInfo info = FakeInfo::master(6379);
        info.set("used_memory", qint64(2) * 1024 * 1024 * 1024);  // 2 GB forked in 200 ms: 10 GB/s, poor
        info.set("latest_fork_usec", 200000);
        const Finding *f = find(ServerChecks::run(facts(info)), QStringLiteral("fork-slow"));
        QVERIFY(f);
        QVERIFY2(f->evidence.contains(QLatin1String("10.00 GB/s (poor)")), qPrintable(f->evidence));
        info.set("latest_fork_usec", 2000);  // 2 ms: not worth a word whatever the rate
        QVERIFY(!find(ServerChecks::run(facts(info)), QStringLiteral("fork-slow")));
    }

    void fragmentationComesWithAConfigSetPlan()
    {
        FakeInfo info = FakeInfo::master(6379);
        info.set("used_memory", qint64(512) * 1024 * 1024);
        info.set("mem_fragmentation_ratio", QStringLiteral("2.10"));
        const Finding *f = find(ServerChecks::run(facts(info)), QStringLiteral("memory-fragmentation"));
        QVERIFY(f);
        QVERIFY(f->hasFix());
        QCOMPARE(f->fix.steps.first().commands, QStringList{QStringLiteral("CONFIG SET activedefrag yes")});
    }

    void growingSyncFullIsALoop()
    {
        ServerFacts f = facts(FakeInfo::master(6379).set("sync_full", 3));
        f.infoLater = ServerFacts::parseInfo(FakeInfo::master(6379).set("sync_full", 5).text());
        f.secondsBetween = 2;
        const Finding *loop = find(ServerChecks::run(f), QStringLiteral("full-sync-loop"));
        QVERIFY(loop);
        QCOMPARE(loop->evidence, QStringLiteral("sync_full 3 → 5 in 2.0 s"));
        f.infoLater = ServerFacts::parseInfo(FakeInfo::master(6379).set("sync_full", 3).text());
        QVERIFY(!find(ServerChecks::run(f), QStringLiteral("full-sync-loop")));
    }

    void replicaLinkDownAndMasterAuthMismatch()
    {
        FakeInfo info = FakeInfo::replica(6380, QStringLiteral("127.0.0.1"), 6379);
        info.set("master_link_status", QStringLiteral("down"));
        info.set("master_link_down_since_seconds", 42);
        ServerFacts f = facts(info);
        f.masterPasswordKnown = true;
        f.masterAuthMatches = false;
        const FindingList list = ServerChecks::run(f);
        QCOMPARE(codes(list), (QStringList{QStringLiteral("replica-link-down"), QStringLiteral("replica-masterauth")}));
        QCOMPARE(list.first().evidence, QStringLiteral("master_link_status:down, master_link_down_since_seconds:42"));
        f.masterAuthMatches = true;
        QCOMPARE(codes(ServerChecks::run(f)), QStringList{QStringLiteral("replica-link-down")});
    }

    void aclLogAndSlowlog()
    {
        ServerFacts f = facts(FakeInfo::master(6379));
        f.aclLog = {{{QStringLiteral("count"), QStringLiteral("4")},
                     {QStringLiteral("reason"), QStringLiteral("auth")},
                     {QStringLiteral("username"), QStringLiteral("default")},
                     {QStringLiteral("age-seconds"), QStringLiteral("0.108")},
                     {QStringLiteral("client-info"), QStringLiteral("id=3377 addr=127.0.0.1:52286 laddr=127.0.0.1:17001")}}};
        f.slowlog = {{25000, QStringLiteral("KEYS *")}, {3000, QStringLiteral("GET a")}};
        const FindingList list = ServerChecks::run(f);
        QCOMPARE(codes(list), (QStringList{QStringLiteral("acl-auth-failures"), QStringLiteral("slow-commands")}));
        QCOMPARE(list.first().evidence,
                 QStringLiteral("ACL LOG: 4 failed AUTH, latest user 'default' from addr=127.0.0.1:52286 (0.108 s ago)"));
        QVERIFY2(list.at(1).evidence.contains(QLatin1String("slowest 25.0 ms: KEYS *")), qPrintable(list.at(1).evidence));
        QCOMPARE(list.at(1).severity, Finding::Severity::Info);
    }

    void hostProblemsWithSysctlPlans()
    {
        const QByteArray out = "comm=redis-server\novercommit=0\nthp=[always] madvise never\nsomaxconn=128\n"
                               "anonhuge_kb=2048\nnofile=1024\ndisk_free=1000\nmem_available_kb=10\n"
                               "clock=1010.0\n----tandem-log----\njournalctl -u redis-server\n";
        const HostFacts host = HostFacts::parse(QStringLiteral("db1"), out, 999.0, 1000.0);
        QCOMPARE(host.logSource, QStringLiteral("journalctl -u redis-server"));
        FakeInfo info = FakeInfo::master(6379);
        info.set("used_memory", 1000000);
        SshOptions ssh;
        ssh.enabled = true;
        ssh.host = QStringLiteral("db1");
        const FindingList list = HostChecks::run(host, facts(info), ssh);
        QCOMPARE(codes(list), (QStringList{QStringLiteral("overcommit-memory"), QStringLiteral("transparent-huge-pages"),
                                           QStringLiteral("somaxconn"), QStringLiteral("open-files-limit"),
                                           QStringLiteral("disk-space"), QStringLiteral("memory-headroom"),
                                           QStringLiteral("clock-skew")}));
        const Finding &overcommit = list.first();
        QCOMPARE(overcommit.evidence, QStringLiteral("vm.overcommit_memory = 0"));
        QCOMPARE(overcommit.host, QStringLiteral("db1"));
        QVERIFY(overcommit.hasFix());
        const QString command = overcommit.fix.steps.first().commands.first();
        QVERIFY2(command.contains(QLatin1String("sysctl -w 'vm.overcommit_memory=1'"))
                     && command.contains(QLatin1String("/etc/sysctl.d/60-tandem-vm.overcommit_memory.conf"))
                     && command.contains(QLatin1String("sudo -n")),
                 qPrintable(command));
        QCOMPARE(list.at(2).fix.steps.first().commands.first(),
                 DoctorFixes::sysctlCommand(QStringLiteral("net.core.somaxconn"), QStringLiteral("511")));
        QCOMPARE(list.at(3).evidence, QStringLiteral("Max open files 1024 < maxclients 10000 + 32"));
    }

    void thpMattersOnlyWhenTheProcessUsesHugePages()
    {
        const QByteArray out = "comm=redis-server\novercommit=1\nthp=[always] madvise never\nanonhuge_kb=0\n";
        const HostFacts host = HostFacts::parse(QStringLiteral("db1"), out, 0, 0);
        QVERIFY(HostChecks::run(host, facts(FakeInfo::master(6379)), SshOptions{}).isEmpty());
    }

    void anotherProcessGivesNoProcessChecks()
    {
        const QByteArray out = "comm=bash\nnofile=10\nanonhuge_kb=4096\nthp=[always] madvise never\n";
        const HostFacts host = HostFacts::parse(QStringLiteral("bastion"), out, 0, 0);
        QVERIFY(!host.processVisible);
        QVERIFY(HostChecks::run(host, facts(FakeInfo::master(6379)), SshOptions{}).isEmpty());
    }
};

TANDEM_TEST_GUILESS_MAIN(TestDoctorChecks)
#include "tst_doctorchecks.moc"
