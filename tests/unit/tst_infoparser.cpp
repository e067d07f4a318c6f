#include "TestRegistry.h"
#include "info/InfoParser.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

// INFO replies of every supported version parse into the right typed fields; nothing a
// server (or a broken proxy) could send makes the parser crash.
class TestInfoParser : public QObject
{
    Q_OBJECT

private:
    static QByteArray fixture(const QString &name)
    {
        const QString path = QFINDTESTDATA(QStringLiteral("data/info/") + name);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            qWarning("fixture %s not found", qPrintable(name));
        return f.readAll();
    }
    static QStringList fixtureNames()
    {
        const QDir dir(QFINDTESTDATA("data/info"));
        return dir.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name);
    }
    static NodeSnapshot parseFixture(const QString &name)
    {
        const QByteArray data = fixture(name);
        if (data.isEmpty())
            qWarning("fixture %s is empty", qPrintable(name));
        return InfoParser::parse(data);
    }

private Q_SLOTS:
    void everyFixture_data();
    void everyFixture();
    void master70();
    void master70EverythingDuringSync();
    void replica70();
    void replica70Syncing();
    void replica70LinkDown();
    void sentinel70();
    void master28();
    void replica28Syncing();
    void replica30LinkDown();
    void replica32();
    void promotedMaster40();
    void minReplicas50();
    void replica60Syncing();
    void masterFailover62();
    void replica62Syncing();
    void master72Ipv6Replica();
    void replica72();
    void replicationSectionOnly();
    void legacyCommaReplicaFormat();
    void malformedLinesAreIgnored();
    void lineEndings();
    void versionNumber_data();
    void versionNumber();
    void roleNames();
    void takenAtIsKept();
    void randomBytesDoNotCrash();
    void truncatedAndMutatedFixturesDoNotCrash();
};

void TestInfoParser::everyFixture_data()
{
    QTest::addColumn<QString>("name");
    const QStringList names = fixtureNames();
    QVERIFY2(names.size() >= 17, "INFO fixtures missing");
    for (const QString &name : names)
        QTest::newRow(qPrintable(name)) << name;
}

// Generic properties every fixture must have, whatever its version.
void TestInfoParser::everyFixture()
{
    QFETCH(QString, name);
    const QByteArray data = fixture(name);
    QVERIFY(!data.isEmpty());
    const NodeSnapshot s = InfoParser::parse(data);

    const QString expectedVersion = name.section(QLatin1Char('-'), 0, 0);
    QCOMPARE(s.version, expectedVersion);
    QVERIFY(s.versionNumber() > 0);
    QVERIFY(s.role != NodeSnapshot::Role::Unknown);
    QVERIFY(!s.runId.isEmpty());
    QVERIFY(s.tcpPort > 0);
    QVERIFY(s.processId > 0);
    QVERIFY(s.sections.contains(QStringLiteral("server")));
    if (s.role != NodeSnapshot::Role::Sentinel)
        QVERIFY(s.sections.contains(QStringLiteral("replication")));

    // Every key:value line is kept raw under its section.
    QString section;
    for (QByteArray line : data.split('\n')) {
        line = line.trimmed();
        if (line.startsWith('#')) {
            section = QString::fromUtf8(line.mid(1).trimmed().toLower());
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QString key = QString::fromUtf8(line.left(colon));
        QVERIFY2(s.sections.value(section).contains(key), qPrintable(section + u'/' + key));
    }
    // The same reply with bare LF line ends parses identically.
    QByteArray lf = data;
    lf.replace("\r\n", "\n");
    const NodeSnapshot l = InfoParser::parse(lf, s.takenAt);
    QCOMPARE(l.sections, s.sections);
    QCOMPARE(l.role, s.role);
    QCOMPARE(l.replicas.size(), s.replicas.size());
    QCOMPARE(l.masterReplOffset, s.masterReplOffset);
}

void TestInfoParser::master70()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("7.0.15-master.txt"));
    QCOMPARE(s.role, NodeSnapshot::Role::Master);
    QCOMPARE(s.mode, QStringLiteral("standalone"));
    QCOMPARE(s.versionNumber(), 0x070000);
    QCOMPARE(s.processId, 6141);
    QCOMPARE(s.tcpPort, quint16(17000));
    QCOMPARE(s.runId, QStringLiteral("7dd18a6983364bb6f898f7010cdc8e9ca589a74a"));
    QCOMPARE(s.configFile, QString());
    QCOMPARE(s.connectedReplicas, 2);
    QCOMPARE(s.replicas.size(), 2);
    QCOMPARE(s.replicas.at(0).ip, QStringLiteral("127.0.0.1"));
    QCOMPARE(s.replicas.at(0).port, quint16(17001));
    QCOMPARE(s.replicas.at(0).state, QStringLiteral("online"));
    QCOMPARE(s.replicas.at(0).offset, 7027);
    QCOMPARE(s.replicas.at(0).lagSeconds, 0);
    QCOMPARE(s.replicas.at(1).port, quint16(17002));
    QCOMPARE(s.replicas.at(1).offset, 7161);
    QCOMPARE(s.masterFailoverState, QStringLiteral("no-failover"));
    QCOMPARE(s.masterReplId, QStringLiteral("8269ecc2cdf03c0f16fb67b8c93ec868c6b8b918"));
    QCOMPARE(s.masterReplId2, QStringLiteral("0000000000000000000000000000000000000000"));
    QCOMPARE(s.masterReplOffset, 7161);
    QCOMPARE(s.secondReplOffset, std::optional<qint64>(-1));
    QVERIFY(s.replBacklogActive);
    QCOMPARE(s.replBacklogSize, 1048576);
    QCOMPARE(s.replBacklogFirstByteOffset, 1);
    // A master has no replica-side fields.
    QVERIFY(s.masterHost.isEmpty());
    QCOMPARE(s.masterPort, quint16(0));
    QVERIFY(!s.replicaReplOffset.has_value());
    QVERIFY(!s.replicaPriority.has_value());
    QVERIFY(!s.minReplicasGood.has_value());
    QCOMPARE(s.syncFull, 2);
    QCOMPARE(s.maxMemoryPolicy, QStringLiteral("noeviction"));
    QVERIFY(s.usedMemory > 0);
    QVERIFY(!s.aofEnabled);
    QCOMPARE(s.aofLastWriteStatus, QStringLiteral("ok"));
    QCOMPARE(s.raw(QStringLiteral("Keyspace"), QStringLiteral("db0")),
             QStringLiteral("keys=300151,expires=0,avg_ttl=0"));
    QCOMPARE(s.raw(QString(), QStringLiteral("mem_allocator")), QStringLiteral("jemalloc-5.3.0"));
    QCOMPARE(s.raw(QStringLiteral("nosuchsection"), QStringLiteral("role")), QString());
}

void TestInfoParser::master70EverythingDuringSync()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("7.0.15-master-everything-syncing.txt"));
    QCOMPARE(s.role, NodeSnapshot::Role::Master);
    QCOMPARE(s.replicas.size(), 2);
    QCOMPARE(s.replicas.at(1).state, QStringLiteral("wait_bgsave"));
    QCOMPARE(s.replicas.at(1).offset, 0);
    QVERIFY(s.rdbBgsaveInProgress);
    QCOMPARE(s.rdbChangesSinceLastSave, std::optional<qint64>(150));
    // Sections only INFO everything prints are kept raw.
    QVERIFY(s.raw(QStringLiteral("commandstats"), QStringLiteral("cmdstat_psync"))
                .startsWith(QLatin1String("calls=2,")));
    QVERIFY(s.sections.contains(QStringLiteral("latencystats")));
}

void TestInfoParser::replica70()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("7.0.15-replica.txt"));
    QCOMPARE(s.role, NodeSnapshot::Role::Replica);
    QCOMPARE(s.masterHost, QStringLiteral("127.0.0.1"));
    QCOMPARE(s.masterPort, quint16(17000));
    QCOMPARE(s.masterLinkStatus, QStringLiteral("up"));
    QVERIFY(s.masterLastIoSecondsAgo.has_value());
    QVERIFY(!s.masterSyncInProgress);
    QVERIFY(!s.masterSyncTotalBytes.has_value());
    QVERIFY(!s.masterLinkDownSinceSeconds.has_value());
    QVERIFY(s.replicaReadReplOffset.has_value());
    QVERIFY(s.replicaReplOffset.has_value());
    QCOMPARE(*s.replicaReplOffset, s.masterReplOffset);
    QCOMPARE(s.replicaPriority, std::optional<int>(100));
    QCOMPARE(s.replicaReadOnly, std::optional<bool>(true));
    QCOMPARE(s.replicaAnnounced, std::optional<bool>(true));
    QCOMPARE(s.connectedReplicas, 0);
    QVERIFY(s.replicas.isEmpty());
}

void TestInfoParser::replica70Syncing()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("7.0.15-replica-syncing.txt"));
    QCOMPARE(s.role, NodeSnapshot::Role::Replica);
    QCOMPARE(s.masterLinkStatus, QStringLiteral("down"));
    QVERIFY(s.masterSyncInProgress);
    QCOMPARE(s.masterLastIoSecondsAgo, std::optional<qint64>(-1));
    QCOMPARE(s.masterSyncTotalBytes, std::optional<qint64>(0));  // diskless: size unknown
    QCOMPARE(s.masterSyncReadBytes, std::optional<qint64>(540867));
    QCOMPARE(s.masterSyncLeftBytes, std::optional<qint64>(-540867));
    QCOMPARE(s.masterSyncPercent, std::optional<double>(0.0));
    QCOMPARE(s.masterLinkDownSinceSeconds, std::optional<qint64>(-1));
    QCOMPARE(s.replicaReplOffset, std::optional<qint64>(1));
    QVERIFY(!s.replBacklogActive);
}

void TestInfoParser::replica70LinkDown()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("7.0.15-replica-linkdown.txt"));
    QCOMPARE(s.role, NodeSnapshot::Role::Replica);
    QCOMPARE(s.masterLinkStatus, QStringLiteral("down"));
    QVERIFY(!s.masterSyncInProgress);
    QCOMPARE(s.masterLinkDownSinceSeconds, std::optional<qint64>(3));
    QVERIFY(!s.masterSyncLeftBytes.has_value());
    QCOMPARE(s.replicaReplOffset, std::optional<qint64>(7198));
    QCOMPARE(s.replicaReadReplOffset, std::optional<qint64>(7198));
}

void TestInfoParser::sentinel70()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("7.0.15-sentinel.txt"));
    QCOMPARE(s.role, NodeSnapshot::Role::Sentinel);
    QCOMPARE(NodeSnapshot::roleName(s.role), QStringLiteral("sentinel"));
    QCOMPARE(s.mode, QStringLiteral("sentinel"));
    QCOMPARE(s.tcpPort, quint16(17010));
    QCOMPARE(s.sentinelTilt, std::optional<bool>(false));
    QCOMPARE(s.sentinelMasters.size(), 1);
    const SentinelMasterEntry m = s.sentinelMasters.first();
    QCOMPARE(m.name, QStringLiteral("mymaster"));
    QCOMPARE(m.status, QStringLiteral("ok"));
    QCOMPARE(m.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(m.port, quint16(17000));
    QCOMPARE(m.replicas, 2);
    QCOMPARE(m.sentinels, 1);
    QVERIFY(s.replicas.isEmpty());
    QCOMPARE(s.raw(QStringLiteral("sentinel"), QStringLiteral("sentinel_masters")),
             QStringLiteral("1"));
}

void TestInfoParser::master28()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("2.8.24-master.txt"));
    QCOMPARE(s.versionNumber(), 0x020800);
    QCOMPARE(s.role, NodeSnapshot::Role::Master);
    QCOMPARE(s.replicas.size(), 2);
    QCOMPARE(s.replicas.at(0).ip, QStringLiteral("10.0.0.12"));
    QCOMPARE(s.replicas.at(0).lagSeconds, 1);
    QCOMPARE(s.replicas.at(1).offset, 14518);
    QCOMPARE(s.masterReplOffset, 14532);
    // Fields 2.8 does not have stay empty.
    QVERIFY(s.masterReplId.isEmpty());
    QVERIFY(s.masterReplId2.isEmpty());
    QVERIFY(!s.secondReplOffset.has_value());
    QVERIFY(s.masterFailoverState.isEmpty());
    QVERIFY(s.executable.isEmpty());
    QCOMPARE(s.maxMemory, 0);
    QVERIFY(s.maxMemoryPolicy.isEmpty());
    QCOMPARE(s.configFile, QStringLiteral("/etc/redis/redis.conf"));
    QCOMPARE(s.syncPartialOk, 1);
    QCOMPARE(s.expiredKeys, 310);
}

void TestInfoParser::replica28Syncing()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("2.8.24-replica-syncing.txt"));
    QCOMPARE(s.role, NodeSnapshot::Role::Replica);
    QCOMPARE(s.masterHost, QStringLiteral("10.0.0.11"));
    QVERIFY(s.masterSyncInProgress);
    QCOMPARE(s.masterSyncLeftBytes, std::optional<qint64>(48213504));
    QVERIFY(!s.masterSyncTotalBytes.has_value());
    QVERIFY(!s.masterSyncReadBytes.has_value());
    QVERIFY(!s.masterSyncPercent.has_value());
    QVERIFY(!s.replicaReadReplOffset.has_value());
    QVERIFY(!s.replicaAnnounced.has_value());
    QCOMPARE(s.replicaReplOffset, std::optional<qint64>(1));
}

void TestInfoParser::replica30LinkDown()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("3.0.7-replica-linkdown.txt"));
    QCOMPARE(s.versionNumber(), 0x030000);
    QCOMPARE(s.masterLinkStatus, QStringLiteral("down"));
    QCOMPARE(s.masterLinkDownSinceSeconds, std::optional<qint64>(37));
    QCOMPARE(s.replicaReplOffset, std::optional<qint64>(3145891));
    QVERIFY(s.aofEnabled);
    QCOMPARE(s.raw(QStringLiteral("persistence"), QStringLiteral("aof_current_size")),
             QStringLiteral("1048310"));
}

void TestInfoParser::replica32()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("3.2.12-replica.txt"));
    QCOMPARE(s.versionNumber(), 0x030200);
    QCOMPARE(s.masterLinkStatus, QStringLiteral("up"));
    QCOMPARE(s.replicaPriority, std::optional<int>(50));
    QCOMPARE(s.maxMemory, Q_INT64_C(2147483648));
    QCOMPARE(s.maxMemoryPolicy, QStringLiteral("allkeys-lru"));
    QCOMPARE(s.executable, QStringLiteral("/usr/bin/redis-server"));
    QCOMPARE(s.uptimeSeconds, 1209600);
    QCOMPARE(s.evictedKeys, 3);
    QVERIFY(s.masterReplId.isEmpty());
}

void TestInfoParser::promotedMaster40()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("4.0.14-master-promoted.txt"));
    QCOMPARE(s.versionNumber(), 0x040000);
    QCOMPARE(s.role, NodeSnapshot::Role::Master);
    QCOMPARE(s.masterReplId2, QStringLiteral("d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0"));
    QCOMPARE(s.secondReplOffset, std::optional<qint64>(88100001));
    QCOMPARE(s.masterReplOffset, 88123456);
    QCOMPARE(s.replBacklogHistlen, 1048576);
    QCOMPARE(s.syncPartialOk, 1);
    QVERIFY(s.masterFailoverState.isEmpty());
}

void TestInfoParser::minReplicas50()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("5.0.14-master-minreplicas.txt"));
    QCOMPARE(s.minReplicasGood, std::optional<int>(1));
    QCOMPARE(s.replicas.size(), 2);
    QCOMPARE(s.replicas.at(1).lagSeconds, 14);
    QCOMPARE(s.maxMemoryPolicy, QStringLiteral("volatile-lru"));
}

void TestInfoParser::replica60Syncing()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("6.0.20-replica-syncing.txt"));
    QCOMPARE(s.versionNumber(), 0x060000);
    QVERIFY(s.masterSyncInProgress);
    QCOMPARE(s.masterSyncLeftBytes, std::optional<qint64>(301877210));
    QVERIFY(!s.masterSyncTotalBytes.has_value());
    QVERIFY(!s.replicaAnnounced.has_value());
    QVERIFY(s.masterFailoverState.isEmpty());
    QCOMPARE(s.tcpPort, quint16(6380));
}

void TestInfoParser::masterFailover62()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("6.2.14-master-failover.txt"));
    QCOMPARE(s.versionNumber(), 0x060200);
    QCOMPARE(s.masterFailoverState, QStringLiteral("waiting-for-sync"));
    QCOMPARE(s.replicas.at(1).offset, 912330003);
    QVERIFY(s.aofEnabled);
    QCOMPARE(s.connectedClients, 12);
    QCOMPARE(s.raw(QStringLiteral("errorstats"), QStringLiteral("errorstat_ERR")),
             QStringLiteral("count=12"));
}

void TestInfoParser::replica62Syncing()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("6.2.14-replica-syncing.txt"));
    QCOMPARE(s.masterSyncTotalBytes, std::optional<qint64>(419430400));
    QCOMPARE(s.masterSyncReadBytes, std::optional<qint64>(176160768));
    QCOMPARE(s.masterSyncLeftBytes, std::optional<qint64>(243269632));
    QCOMPARE(s.masterSyncPercent, std::optional<double>(42.0));
    QCOMPARE(s.replicaAnnounced, std::optional<bool>(true));
    QVERIFY(!s.replicaReadReplOffset.has_value());  // 7.0+
    QCOMPARE(s.masterFailoverState, QStringLiteral("no-failover"));
}

void TestInfoParser::master72Ipv6Replica()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("7.2.4-master.txt"));
    QCOMPARE(s.versionNumber(), 0x070200);
    QCOMPARE(s.replicas.size(), 2);
    QCOMPARE(s.replicas.at(0).ip, QStringLiteral("::1"));
    QCOMPARE(s.replicas.at(0).port, quint16(6380));
    QCOMPARE(s.replicas.at(1).state, QStringLiteral("send_bulk"));
    QCOMPARE(s.replicas.at(1).lagSeconds, 3);
    QCOMPARE(s.blockedClients, 1);
    QCOMPARE(s.evictedKeys, 12);
    QCOMPARE(s.raw(QStringLiteral("server"), QStringLiteral("listener0")),
             QStringLiteral("name=tcp,bind=*,bind=-::*,port=6379"));
}

void TestInfoParser::replica72()
{
    const NodeSnapshot s = parseFixture(QStringLiteral("7.2.4-replica.txt"));
    QCOMPARE(s.role, NodeSnapshot::Role::Replica);
    QCOMPARE(s.masterHost, QStringLiteral("::1"));  // the value itself contains colons
    QCOMPARE(s.masterPort, quint16(6379));
    QCOMPARE(s.replicaPriority, std::optional<int>(0));
    QCOMPARE(s.replicaAnnounced, std::optional<bool>(false));
    QCOMPARE(s.replicaReadReplOffset, std::optional<qint64>(19211024));
    QCOMPARE(s.replicaReplOffset, std::optional<qint64>(19210981));
}

void TestInfoParser::replicationSectionOnly()
{
    const NodeSnapshot s = InfoParser::parse("# Replication\r\nrole:master\r\nconnected_slaves:1\r\n"
                                             "slave0:ip=127.0.0.1,port=7001,state=online,"
                                             "offset=42,lag=0\r\nmaster_repl_offset:42\r\n");
    QCOMPARE(s.role, NodeSnapshot::Role::Master);
    QVERIFY(s.version.isEmpty());
    QCOMPARE(s.versionNumber(), 0);
    QCOMPARE(s.replicas.size(), 1);
    QCOMPARE(s.replicas.first().offset, 42);
    QCOMPARE(s.masterReplOffset, 42);
    QCOMPARE(s.sections.keys(), QStringList{QStringLiteral("replication")});
}

void TestInfoParser::legacyCommaReplicaFormat()
{
    // Redis 2.6 listed replicas as ip,port,state.
    const NodeSnapshot s = InfoParser::parse("# Replication\nrole:master\nconnected_slaves:2\n"
                                             "slave0:127.0.0.1,6380,online\n"
                                             "slave1:10.0.0.2,6381,wait_bgsave\n"
                                             "slave2:10.0.0.3,notaport,online\n");
    QCOMPARE(s.replicas.size(), 2);
    QCOMPARE(s.replicas.at(0).ip, QStringLiteral("127.0.0.1"));
    QCOMPARE(s.replicas.at(0).port, quint16(6380));
    QCOMPARE(s.replicas.at(0).state, QStringLiteral("online"));
    QCOMPARE(s.replicas.at(0).lagSeconds, -1);
    QCOMPARE(s.replicas.at(1).state, QStringLiteral("wait_bgsave"));
}

void TestInfoParser::malformedLinesAreIgnored()
{
    const QByteArray text = "role:slave\n"              // before any section header
                            "\n\n#\n"
                            "# Replication\n"
                            "this line has no colon\n"
                            ":empty key\n"
                            "key with spaces:1\n"
                            "master_port:99999\n"        // out of range: stays 0
                            "connected_slaves:abc\n"     // not a number: stays 0
                            "master_last_io_seconds_ago:\n"
                            "slave_priority:1e3\n"
                            "slave_read_only:maybe\n"
                            "slave1:ip=10.0.0.9,port=6379,state=online,offset=x,lag=\n"
                            "slave0:ip=,port=\n"           // no address: dropped
                            "slave3:garbage\n"
                            "slavex:ip=1.2.3.4,port=1\n"   // not slaveN: raw only
                            "slave99999999:ip=1.2.3.4,port=1\n"
                            "master_host:first\n"
                            "master_host:second\n"         // last one wins
                            "master_link_status:up";       // no final newline
    const NodeSnapshot s = InfoParser::parse(text);
    QCOMPARE(s.role, NodeSnapshot::Role::Replica);
    QCOMPARE(s.raw(QString(), QStringLiteral("role")), QStringLiteral("slave"));
    QCOMPARE(s.masterPort, quint16(0));
    QCOMPARE(s.connectedReplicas, 0);
    QVERIFY(!s.masterLastIoSecondsAgo.has_value());
    QVERIFY(!s.replicaPriority.has_value());
    QVERIFY(!s.replicaReadOnly.has_value());
    QCOMPARE(s.replicas.size(), 1);
    QCOMPARE(s.replicas.first().ip, QStringLiteral("10.0.0.9"));
    QCOMPARE(s.replicas.first().offset, 0);
    QCOMPARE(s.replicas.first().lagSeconds, -1);
    QCOMPARE(s.masterHost, QStringLiteral("second"));
    QCOMPARE(s.masterLinkStatus, QStringLiteral("up"));
    QCOMPARE(s.raw(QStringLiteral("replication"), QStringLiteral("slavex")),
             QStringLiteral("ip=1.2.3.4,port=1"));
    QVERIFY(!s.sections.value(QStringLiteral("replication")).contains(QString()));
    QVERIFY(!s.sections.value(QStringLiteral("replication")).contains(QStringLiteral("key with spaces")));
}

void TestInfoParser::lineEndings()
{
    const NodeSnapshot crlf = InfoParser::parse("# Replication\r\nrole:master\r\nmaster_repl_offset:7\r\n");
    const NodeSnapshot lf = InfoParser::parse("# Replication\nrole:master\nmaster_repl_offset:7\n");
    const NodeSnapshot mixed = InfoParser::parse("# Replication\r\nrole:master\nmaster_repl_offset:7");
    for (const NodeSnapshot *s : {&crlf, &lf, &mixed}) {
        QCOMPARE(s->role, NodeSnapshot::Role::Master);
        QCOMPARE(s->masterReplOffset, 7);
        QCOMPARE(s->raw(QStringLiteral("Replication"), QStringLiteral("role")), QStringLiteral("master"));
    }
    QCOMPARE(InfoParser::parse(QByteArray()).role, NodeSnapshot::Role::Unknown);
    QVERIFY(InfoParser::parse(QByteArray()).sections.isEmpty());
}

void TestInfoParser::versionNumber_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("number");
    QTest::newRow("7.0.15") << QStringLiteral("7.0.15") << 0x070000;
    QTest::newRow("7.2.4") << QStringLiteral("7.2.4") << 0x070200;
    QTest::newRow("2.8.24") << QStringLiteral("2.8.24") << 0x020800;
    QTest::newRow("6.2") << QStringLiteral("6.2") << 0x060200;
    QTest::newRow("10.2.1") << QStringLiteral("10.2.1") << 0x0a0200;
    QTest::newRow("255.255.0") << QStringLiteral("255.255.0") << 0xffff00;
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("major only") << QStringLiteral("7") << 0;
    QTest::newRow("garbage") << QStringLiteral("seven.oh") << 0;
    QTest::newRow("7.x") << QStringLiteral("7.x.1") << 0;
    QTest::newRow("negative") << QStringLiteral("-1.0.0") << 0;
    QTest::newRow("huge") << QStringLiteral("99999999999.0.0") << 0;
    QTest::newRow("minor too big") << QStringLiteral("7.256.0") << 0;
}

void TestInfoParser::versionNumber()
{
    QFETCH(QString, version);
    QFETCH(int, number);
    NodeSnapshot s;
    s.version = version;
    QCOMPARE(s.versionNumber(), number);
}

void TestInfoParser::roleNames()
{
    QCOMPARE(NodeSnapshot::roleName(NodeSnapshot::Role::Master), QStringLiteral("master"));
    QCOMPARE(NodeSnapshot::roleName(NodeSnapshot::Role::Replica), QStringLiteral("replica"));
    QCOMPARE(NodeSnapshot::roleName(NodeSnapshot::Role::Sentinel), QStringLiteral("sentinel"));
    QCOMPARE(NodeSnapshot::roleName(NodeSnapshot::Role::Unknown), QStringLiteral("unknown"));
    QCOMPARE(InfoParser::parse("role:replica\n").role, NodeSnapshot::Role::Replica);
    QCOMPARE(InfoParser::parse("role:leader\n").role, NodeSnapshot::Role::Unknown);
}

void TestInfoParser::takenAtIsKept()
{
    const QDateTime when = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    QCOMPARE(InfoParser::parse("role:master\n", when).takenAt, when);
    QVERIFY(InfoParser::parse("role:master\n").takenAt.isValid());
}

void TestInfoParser::randomBytesDoNotCrash()
{
    // Fixed seed: a failure must be reproducible.
    QRandomGenerator rng(20240611);
    static const char alphabet[] = "#:=,\r\n \t0123456789-.abcdeilmnoprstvxyz_\xff\x00";
    for (int i = 0; i < 3000; ++i) {
        const int size = int(rng.bounded(2048));
        QByteArray bytes(size, Qt::Uninitialized);
        const bool structured = i % 2 == 0;  // half of them mostly INFO-like characters
        for (int j = 0; j < size; ++j) {
            bytes[j] = structured ? alphabet[rng.bounded(int(sizeof(alphabet) - 1))]
                                  : char(rng.bounded(256));
        }
        const NodeSnapshot s = InfoParser::parse(bytes);
        QVERIFY(s.replicas.size() <= bytes.count('\n') + 1);
    }
}

void TestInfoParser::truncatedAndMutatedFixturesDoNotCrash()
{
    QRandomGenerator rng(7015);
    for (const QString &name : fixtureNames()) {
        const QByteArray data = fixture(name);
        QVERIFY(!data.isEmpty());
        // Every truncation point, as a reply cut off mid-line would look.
        for (qsizetype cut = 0; cut < data.size(); cut += 7)
            InfoParser::parse(data.left(cut));
        // Random byte flips, deletions and duplications.
        for (int i = 0; i < 200; ++i) {
            QByteArray m = data;
            for (int k = 0; k < 8; ++k) {
                const qsizetype at = qsizetype(rng.bounded(quint32(m.size())));
                switch (rng.bounded(3)) {
                case 0:
                    m[at] = char(rng.bounded(256));
                    break;
                case 1:
                    m.remove(at, rng.bounded(40));
                    break;
                default:
                    m.insert(at, m.mid(at, rng.bounded(40)));
                    break;
                }
                if (m.isEmpty())
                    m = data;
            }
            const NodeSnapshot s = InfoParser::parse(m);
            QVERIFY(s.replicas.size() <= 64);
        }
    }
}

TANDEM_TEST_GUILESS_MAIN(TestInfoParser)
#include "tst_infoparser.moc"
