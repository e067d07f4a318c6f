// GroupExportReader, which the CLI, the GUI and the bundle share: what it reads from a real
// group, what it does when the master refuses a command or a replica is gone (a note, not a
// failure), and when the master cannot be reached (a failure the CLI maps to exit 3).
#include "BlockingRedis.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"
#include "TopologyFactory.h"

#include "export/GroupExportReader.h"

#include <QSignalSpy>
#include <QTest>

class tst_GroupExportReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    }

    void readsTheWholeGroupFromAnyNode()
    {
        ReplicationLab lab;
        lab.setPassword(QStringLiteral("reader-pw"));
        QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY2(lab.addReplica(QStringLiteral("a"), QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY2(lab.addReplica(QStringLiteral("b"), QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));
        BlockingRedis(lab.address(QStringLiteral("b")), QStringLiteral("reader-pw")).call({"ACL", "SETUSER", "extra", "on", ">x"});

        GroupExportFacts facts;
        QVERIFY(read(lab, groupOf(lab), lab.address(QStringLiteral("b")), &facts));
        QCOMPARE(facts.masterAddress, lab.address(QStringLiteral("m")));
        QCOMPARE(facts.masterHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(facts.masterPort, lab.port(QStringLiteral("m")));
        QCOMPARE(facts.nodes.first(), lab.address(QStringLiteral("m")));
        QCOMPARE(facts.nodes.size(), 3);
        QCOMPARE(facts.authPassword(), QStringLiteral("reader-pw"));
        QVERIFY(!facts.tls);
        QVERIFY(!facts.namedByHostname);
        QVERIFY(!facts.redisVersion.isEmpty());
        QVERIFY(facts.configRead);
        QCOMPARE(facts.configValue("requirepass"), QByteArray("reader-pw"));  // real values, in memory
        QCOMPARE(facts.configValue("port"), QByteArray::number(lab.port(QStringLiteral("m"))));
        QVERIFY(facts.aclRead);
        QCOMPARE(facts.aclLines.size(), 1);
        QVERIFY(facts.aclLines.first().startsWith(QStringLiteral("user default on #")));
        QCOMPARE(facts.replicaAclLines.size(), 2);
        QCOMPARE(facts.replicaAclLines.value(lab.address(QStringLiteral("a"))), facts.aclLines);
        QCOMPARE(facts.replicaAclLines.value(lab.address(QStringLiteral("b"))).size(), 2);
        QVERIFY2(facts.notes.isEmpty(), qPrintable(facts.notes.join(QLatin1Char('\n'))));
    }

    void refusalsAndMissingReplicasBecomeNotes()
    {
        ReplicationLab lab;
        const QStringList renamed{QStringLiteral("--rename-command"), QStringLiteral("CONFIG"), QString(),
                                  QStringLiteral("--rename-command"), QStringLiteral("ACL"), QString()};
        QVERIFY2(lab.addMaster(QStringLiteral("m"), renamed), qPrintable(lab.errorString()));
        QVERIFY2(lab.addReplica(QStringLiteral("a"), QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));
        const Topology topology = groupOf(lab);
        lab.stop(QStringLiteral("a"));

        GroupExportFacts facts;
        QVERIFY(read(lab, topology, lab.address(QStringLiteral("m")), &facts));
        QVERIFY(!facts.configRead);
        QVERIFY(!facts.aclRead);
        QVERIFY(facts.replicaAclLines.isEmpty());
        const QString notes = facts.notes.join(QLatin1Char('\n'));
        QVERIFY2(notes.contains(QStringLiteral("refused CONFIG GET *")), qPrintable(notes));
        QVERIFY2(notes.contains(QStringLiteral("does not allow ACL LIST")), qPrintable(notes));
        QVERIFY2(notes.contains(lab.address(QStringLiteral("a"))), qPrintable(notes));
    }

    void unreachableOrRefusingMasterFails()
    {
        ReplicationLab lab;
        lab.setPassword(QStringLiteral("right"));
        QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
        const Topology topology = groupOf(lab);

        GroupExportReader reader(nullptr);
        QSignalSpy failed(&reader, &GroupExportReader::failed);
        QSignalSpy ready(&reader, &GroupExportReader::ready);
        reader.start(topology, lab.address(QStringLiteral("m")), [&lab](const QString &) {
            ConnectionProfile p = lab.profile(QStringLiteral("m"));
            p.password = QStringLiteral("wrong");
            return p;
        });
        QVERIFY(failed.wait(10000));
        QVERIFY(reader.lastError().isConnectFailure());
        QVERIFY2(failed.first().first().toString().contains(lab.address(QStringLiteral("m"))),
                 qPrintable(failed.first().first().toString()));

        lab.stop(QStringLiteral("m"));
        reader.start(topology, lab.address(QStringLiteral("m")), [&lab](const QString &) { return lab.profile(QStringLiteral("m")); });
        QVERIFY(failed.wait(10000));
        QVERIFY(reader.lastError().isConnectFailure());

        // Not in any group: the group is the problem, not the network.
        reader.start(topology, QStringLiteral("127.0.0.1:1"), [&lab](const QString &) { return lab.profile(QStringLiteral("m")); });
        QVERIFY(failed.wait(10000));
        QVERIFY(!reader.lastError().isConnectFailure());
        QTest::qWait(100);
        QCOMPARE(failed.size(), 3);
        QCOMPARE(ready.size(), 0);
    }

private:
    // The lab as one group: "m" the master, every other node its replica.
    static Topology groupOf(const ReplicationLab &lab)
    {
        TopologyFactory factory;
        factory.addMaster(lab.address(QStringLiteral("m")));
        for (const QString &name : lab.names()) {
            if (name != QLatin1String("m"))
                factory.addReplica(lab.address(name), lab.address(QStringLiteral("m")));
        }
        return factory.topology();
    }
    static bool read(const ReplicationLab &lab, const Topology &topology, const QString &address, GroupExportFacts *facts)
    {
        GroupExportReader reader(nullptr);
        QSignalSpy ready(&reader, &GroupExportReader::ready);
        QSignalSpy failed(&reader, &GroupExportReader::failed);
        reader.start(topology, address, [&lab](const QString &a) {
            for (const QString &name : lab.names()) {
                if (lab.address(name) == a)
                    return lab.profile(name);
            }
            return ConnectionProfile();
        });
        if (!ready.wait(15000)) {
            qWarning() << "no facts:" << failed;
            return false;
        }
        *facts = ready.first().first().value<GroupExportFacts>();
        return true;
    }
};

TANDEM_TEST_GUILESS_MAIN(tst_GroupExportReader)
#include "tst_groupexportreader.moc"
