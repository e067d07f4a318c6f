#include "FakeInfo.h"
#include "TestRegistry.h"

#include "export/TopologyDot.h"
#include "export/TopologyFormat.h"
#include "export/TopologyJson.h"
#include "topology/AnomalyDetector.h"
#include "topology/TopologyBuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include "TestEnv.h"

#include <QTest>

// The JSON export keeps its documented shape (scripts rely on it) and reads back into the same
// topology; the DOT export is a well-formed graph that Graphviz accepts.
class TestTopologyExport : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static QString lo() { return QStringLiteral("127.0.0.1"); }
    // Master 7000 (7.0) with replica 7001 (lagging 100 bytes), replica 7002 in a diskless full
    // sync, replica 7003 unreachable, a sentinel, and an orphan of an unpolled 10.0.0.9:6379.
    static Topology sample()
    {
        NodeObservation m = FakeInfo::master(7000, 9000).set("aof_enabled", 1)
                                .addReplica(lo(), 7001, 8900, QStringLiteral("online"), 1)
                                .addReplica(lo(), 7002, 0, QStringLiteral("wait_bgsave"), 0)
                                .addReplica(lo(), 7003, 8000, QStringLiteral("online"), 7)
                                .up(addr(7000));
        m.sentinelMasterName = QStringLiteral("main \"prod\"");
        const Topology t = TopologyBuilder::build(
            {m,
             FakeInfo::replica(7001, lo(), 7000, 8900).up(addr(7001)),
             FakeInfo::replica(7002, lo(), 7000, 1).set("master_link_status", QStringLiteral("down"))
                 .set("master_sync_in_progress", 1).set("master_sync_total_bytes", 0)
                 .set("master_sync_read_bytes", 4096).set("master_sync_left_bytes", -4096)
                 .up(addr(7002)),
             FakeInfo::replica(7003, lo(), 7000, 7000).stale(addr(7003)),
             FakeInfo::sentinel(26379).addSentinelMaster(QStringLiteral("main"), lo(), 7000).up(addr(26379)),
             FakeInfo::replica(7100, QStringLiteral("10.0.0.9"), 6379)
                 .set("master_link_status", QStringLiteral("down")).up(addr(7100))},
            FakeInfo::epoch());
        Topology out = t;
        AnomalyDetector d;
        out.anomalies = d.detect(t);
        return out;
    }
    static QJsonObject byAddress(const QJsonArray &nodes, const QString &address)
    {
        for (const QJsonValue &v : nodes) {
            if (v.toObject().value(QStringLiteral("address")).toString() == address)
                return v.toObject();
        }
        return {};
    }
    // Braces and quotes outside of quoted strings must balance.
    static bool balanced(const QByteArray &dot)
    {
        int depth = 0;
        bool inString = false;
        for (qsizetype i = 0; i < dot.size(); ++i) {
            const char c = dot.at(i);
            if (inString) {
                if (c == '\\')
                    ++i;
                else if (c == '"')
                    inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                ++depth;
            } else if (c == '}' && --depth < 0) {
                return false;
            }
        }
        return depth == 0 && !inString;
    }

private Q_SLOTS:
    void jsonShape();
    void jsonNodes();
    void jsonEdgesGroupsAnomalies();
    void jsonOfEmptyTopology();
    void dotWellFormed();
    void dotAcceptedByGraphviz();
    void jsonRoundTrip();
    void fromJsonKeepsWhatTheViewDraws();
    void fromJsonReadsMinimalDocument();
    void fromJsonRefuses_data();
    void fromJsonRefuses();
    void formatsByNameAndSuffix();
};

void TestTopologyExport::jsonShape()
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(TopologyJson::toText(sample()), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject o = doc.object();
    for (const char *key : {"nodes", "edges", "groups", "anomalies"})
        QVERIFY2(o.value(QLatin1String(key)).isArray(), key);
    QCOMPARE(o.value(QStringLiteral("nodes")).toArray().size(), 7);
    QCOMPARE(o.value(QStringLiteral("taken_at")).toString(), QStringLiteral("2026-01-15T03:00:00.000Z"));
    const QStringList nodeKeys{QStringLiteral("address"), QStringLiteral("role"), QStringLiteral("reachable"),
                               QStringLiteral("version"), QStringLiteral("master"), QStringLiteral("link"),
                               QStringLiteral("repl_offset"), QStringLiteral("lag_bytes"),
                               QStringLiteral("sync_in_progress")};
    for (const QJsonValue &v : o.value(QStringLiteral("nodes")).toArray()) {
        const QJsonObject n = v.toObject();
        for (const QString &k : nodeKeys)
            QVERIFY2(n.contains(k), qPrintable(k));
        QVERIFY(n.value(QStringLiteral("address")).isString());
        QVERIFY((QStringList{QStringLiteral("master"), QStringLiteral("replica"), QStringLiteral("sentinel"),
                             QStringLiteral("unknown")}).contains(n.value(QStringLiteral("role")).toString()));
        QVERIFY(n.value(QStringLiteral("reachable")).isBool());
        QVERIFY(n.value(QStringLiteral("version")).isString() || n.value(QStringLiteral("version")).isNull());
        QVERIFY(n.value(QStringLiteral("master")).isString() || n.value(QStringLiteral("master")).isNull());
        const QJsonValue link = n.value(QStringLiteral("link"));
        QVERIFY(link.isNull() || link.toString() == QLatin1String("up") || link.toString() == QLatin1String("down"));
        QVERIFY(n.value(QStringLiteral("repl_offset")).isDouble() || n.value(QStringLiteral("repl_offset")).isNull());
        QVERIFY(n.value(QStringLiteral("lag_bytes")).isDouble() || n.value(QStringLiteral("lag_bytes")).isNull());
        QVERIFY(n.value(QStringLiteral("sync_in_progress")).isBool());
    }
}

void TestTopologyExport::jsonNodes()
{
    const QJsonArray nodes = TopologyJson::toJson(sample()).value(QStringLiteral("nodes")).toArray();
    const QJsonObject m = byAddress(nodes, addr(7000));
    QCOMPARE(m.value(QStringLiteral("role")).toString(), QStringLiteral("master"));
    QCOMPARE(m.value(QStringLiteral("reachable")).toBool(), true);
    QCOMPARE(m.value(QStringLiteral("version")).toString(), QStringLiteral("7.0.15"));
    QVERIFY(m.value(QStringLiteral("master")).isNull());
    QVERIFY(m.value(QStringLiteral("link")).isNull());
    QCOMPARE(m.value(QStringLiteral("repl_offset")).toInteger(), 9000);
    QVERIFY(m.value(QStringLiteral("lag_bytes")).isNull());
    QCOMPARE(m.value(QStringLiteral("sync_in_progress")).toBool(), false);
    QCOMPARE(m.value(QStringLiteral("reachability")).toString(), QStringLiteral("up"));

    const QJsonObject r = byAddress(nodes, addr(7001));
    QCOMPARE(r.value(QStringLiteral("role")).toString(), QStringLiteral("replica"));
    QCOMPARE(r.value(QStringLiteral("master")).toString(), addr(7000));
    QCOMPARE(r.value(QStringLiteral("link")).toString(), QStringLiteral("up"));
    QCOMPARE(r.value(QStringLiteral("repl_offset")).toInteger(), 8900);  // applied offset
    QCOMPARE(r.value(QStringLiteral("lag_bytes")).toInteger(), 100);
    QCOMPARE(r.value(QStringLiteral("lag_seconds")).toInteger(), 1);
    QCOMPARE(r.value(QStringLiteral("depth")).toInt(), 1);

    const QJsonObject s = byAddress(nodes, addr(7002));
    QCOMPARE(s.value(QStringLiteral("sync_in_progress")).toBool(), true);
    QCOMPARE(s.value(QStringLiteral("link")).toString(), QStringLiteral("down"));
    QVERIFY(s.value(QStringLiteral("lag_bytes")).isNull());

    const QJsonObject gone = byAddress(nodes, addr(7003));
    QCOMPARE(gone.value(QStringLiteral("reachable")).toBool(), false);
    QCOMPARE(gone.value(QStringLiteral("reachability")).toString(), QStringLiteral("unreachable"));
    QCOMPARE(gone.value(QStringLiteral("error")).toString(), QStringLiteral("Connection refused"));
    QCOMPARE(gone.value(QStringLiteral("lag_bytes")).toInteger(), 1000);  // the master's ack

    const QJsonObject sentinel = byAddress(nodes, addr(26379));
    QCOMPARE(sentinel.value(QStringLiteral("role")).toString(), QStringLiteral("sentinel"));
    QVERIFY(sentinel.value(QStringLiteral("repl_offset")).isNull());
    QVERIFY(sentinel.value(QStringLiteral("master")).isNull());

    const QJsonObject placeholder = byAddress(nodes, QStringLiteral("10.0.0.9:6379"));
    QCOMPARE(placeholder.value(QStringLiteral("placeholder")).toBool(), true);
    QCOMPARE(placeholder.value(QStringLiteral("reachable")).toBool(), false);
    QVERIFY(placeholder.value(QStringLiteral("version")).isNull());
    QVERIFY(placeholder.value(QStringLiteral("repl_offset")).isNull());
}

void TestTopologyExport::jsonEdgesGroupsAnomalies()
{
    const QJsonObject o = TopologyJson::toJson(sample());
    const QJsonArray edges = o.value(QStringLiteral("edges")).toArray();
    QCOMPARE(edges.size(), 4);
    QCOMPARE(edges.at(0).toObject().value(QStringLiteral("master")).toString(), QStringLiteral("10.0.0.9:6379"));
    const QJsonObject e = edges.at(1).toObject();
    QCOMPARE(e.value(QStringLiteral("master")).toString(), addr(7000));
    QCOMPARE(e.value(QStringLiteral("replica")).toString(), addr(7001));
    QCOMPARE(e.value(QStringLiteral("link")).toString(), QStringLiteral("up"));
    QCOMPARE(e.value(QStringLiteral("lag_bytes")).toInteger(), 100);
    const QJsonObject sync = edges.at(2).toObject();
    QCOMPARE(sync.value(QStringLiteral("replica")).toString(), addr(7002));
    QCOMPARE(sync.value(QStringLiteral("sync_in_progress")).toBool(), true);
    QCOMPARE(sync.value(QStringLiteral("sync_done_bytes")).toInteger(), 4096);
    QVERIFY(sync.value(QStringLiteral("sync_percent")).isNull());  // diskless: size unknown
    QVERIFY(sync.value(QStringLiteral("lag_bytes")).isNull());

    const QJsonArray groups = o.value(QStringLiteral("groups")).toArray();
    QCOMPARE(groups.size(), 2);
    const QJsonObject g = groups.at(1).toObject();
    QCOMPARE(g.value(QStringLiteral("master")).toString(), addr(7000));
    QCOMPARE(g.value(QStringLiteral("nodes")).toArray().size(), 4);
    QCOMPARE(g.value(QStringLiteral("nodes")).toArray().at(0).toString(), addr(7000));
    QCOMPARE(g.value(QStringLiteral("sentinels")).toArray().at(0).toString(), addr(26379));
    QCOMPARE(groups.at(0).toObject().value(QStringLiteral("master")).toString(), QStringLiteral("10.0.0.9:6379"));

    const QJsonArray anomalies = o.value(QStringLiteral("anomalies")).toArray();
    QStringList kinds;
    for (const QJsonValue &v : anomalies) {
        const QJsonObject a = v.toObject();
        kinds.append(a.value(QStringLiteral("kind")).toString());
        QVERIFY(a.value(QStringLiteral("nodes")).isArray());
        QVERIFY(!a.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(!a.value(QStringLiteral("advice")).toString().isEmpty());
        QVERIFY(a.value(QStringLiteral("severity")).isString());
    }
    QVERIFY(kinds.contains(QStringLiteral("master_unreachable")));
    QVERIFY(kinds.contains(QStringLiteral("unreachable")));
}

void TestTopologyExport::jsonOfEmptyTopology()
{
    const QJsonObject o = QJsonDocument::fromJson(TopologyJson::toText(Topology(), false)).object();
    QCOMPARE(o.value(QStringLiteral("nodes")).toArray().size(), 0);
    QVERIFY(o.value(QStringLiteral("edges")).isArray());
    QVERIFY(o.value(QStringLiteral("taken_at")).isNull());
}

void TestTopologyExport::dotWellFormed()
{
    const QByteArray dot = TopologyDot::toDot(sample());
    QVERIFY(dot.startsWith("digraph tandem {"));
    QVERIFY(dot.trimmed().endsWith('}'));
    QVERIFY2(balanced(dot), dot.constData());
    QVERIFY(dot.contains("subgraph cluster_0"));
    QVERIFY(dot.contains("subgraph cluster_1"));
    QVERIFY(dot.contains("\"127.0.0.1:7000\" -> \"127.0.0.1:7001\""));
    QVERIFY(dot.contains("shape=hexagon"));
    QVERIFY(dot.contains("\"127.0.0.1:26379\" -> \"127.0.0.1:7000\""));
    QVERIFY(dot.contains("main \\\"prod\\\""));  // quotes escaped in the cluster label
    // The unreachable replica is dashed and red.
    const qsizetype at = dot.indexOf("\"127.0.0.1:7003\" [");
    QVERIFY(at >= 0);
    const QByteArray line = dot.mid(at, dot.indexOf('\n', at) - at);
    QVERIFY2(line.contains("dashed") && line.contains("color=red"), line.constData());
    QVERIFY(dot.contains("lag 100 B"));
    QVERIFY(dot.contains("// critical master_unreachable"));
    QVERIFY(balanced(TopologyDot::toDot(Topology())));
}

void TestTopologyExport::dotAcceptedByGraphviz()
{
    const QString dotTool = TestEnv::requireBinary(QStringLiteral("dot"), QStringLiteral("graphviz"));
    if (dotTool.isEmpty())
        return;
    QProcess p;
    p.start(dotTool, {QStringLiteral("-Tsvg")});
    QVERIFY(p.waitForStarted());
    p.write(TopologyDot::toDot(sample()));
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardOutput().contains("<svg"));
}

void TestTopologyExport::jsonRoundTrip()
{
    const Topology original = sample();
    const QJsonObject json = TopologyJson::toJson(original);
    QString error;
    const std::optional<Topology> back = TopologyJson::fromJson(json, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(TopologyJson::toJson(*back), json);
    QCOMPARE(back->takenAt, original.takenAt);
    // Text in, text out: the very bytes tandemctl writes.
    const std::optional<Topology> fromText = TopologyJson::fromText(TopologyJson::toText(original), &error);
    QVERIFY2(fromText, qPrintable(error));
    QCOMPARE(TopologyJson::toText(*fromText), TopologyJson::toText(original));
    QCOMPARE(TopologyJson::toJson(*TopologyJson::fromJson(TopologyJson::toJson(Topology()))),
             TopologyJson::toJson(Topology()));
}

void TestTopologyExport::fromJsonKeepsWhatTheViewDraws()
{
    const Topology original = sample();
    const Topology back = *TopologyJson::fromJson(TopologyJson::toJson(original));
    QCOMPARE(back.nodes.size(), original.nodes.size());
    for (const TopologyNode &o : original.nodes) {
        const TopologyNode *b = back.node(o.address);
        QVERIFY2(b, qPrintable(o.address));
        QCOMPARE(b->role, o.role);
        QCOMPARE(b->reachability, o.reachability);
        QCOMPARE(b->hasSnapshot, o.hasSnapshot);
        QCOMPARE(b->snapshot.role, o.hasSnapshot ? o.role : NodeSnapshot::Role::Unknown);
        QCOMPARE(b->masterAddress, o.masterAddress);
        QCOMPARE(b->group, o.group);
        QCOMPARE(b->depth, o.depth);
        QCOMPARE(b->placeholder, o.placeholder);
        QCOMPARE(b->error, o.error);
        QCOMPARE(b->snapshot.version, o.snapshot.version);
        QCOMPARE(b->snapshot.usedMemory, o.snapshot.usedMemory);
        QCOMPARE(b->snapshot.instantaneousOpsPerSec, o.snapshot.instantaneousOpsPerSec);
        QCOMPARE(b->snapshot.connectedReplicas, o.snapshot.connectedReplicas);
        QCOMPARE(b->snapshot.sentinelMasters.size(), o.snapshot.sentinelMasters.size());
    }
    QCOMPARE(back.edges.size(), original.edges.size());
    for (int i = 0; i < original.edges.size(); ++i) {
        QCOMPARE(back.edges[i].master, original.edges[i].master);
        QCOMPARE(back.edges[i].linkUp, original.edges[i].linkUp);
        QCOMPARE(back.edges[i].lagBytes, original.edges[i].lagBytes);
        QCOMPARE(back.edges[i].syncInProgress, original.edges[i].syncInProgress);
        QCOMPARE(back.edges[i].syncWaiting, original.edges[i].syncWaiting);
    }
    QCOMPARE(back.groups.size(), original.groups.size());
    QCOMPARE(back.groups[1].sentinels, original.groups[1].sentinels);
    QCOMPARE(back.groups[1].sentinelName, original.groups[1].sentinelName);
    QCOMPARE(back.anomalies.size(), original.anomalies.size());
    for (int i = 0; i < original.anomalies.size(); ++i) {
        QCOMPARE(back.anomalies[i].key(), original.anomalies[i].key());
        QCOMPARE(back.anomalies[i].severity, original.anomalies[i].severity);
    }
}

void TestTopologyExport::fromJsonReadsMinimalDocument()
{
    // Only the documented minimum, as an older Tandem or a script writes it.
    const QByteArray doc = R"({"taken_at": null, "nodes": [
        {"address": "10.0.0.1:6379", "role": "master", "reachable": true, "version": "6.2.14"},
        {"address": "10.0.0.2:6379", "role": "replica", "reachable": false, "version": null,
         "master": "10.0.0.1:6379", "link": "down", "repl_offset": null}],
        "edges": [{"master": "10.0.0.1:6379", "replica": "10.0.0.2:6379", "link": "down"}]})";
    QString error;
    const std::optional<Topology> t = TopologyJson::fromText(doc, &error);
    QVERIFY2(t, qPrintable(error));
    QCOMPARE(t->nodes.size(), 2);
    QCOMPARE(t->nodes[0].reachability, NodeReachability::Up);
    QVERIFY(t->nodes[0].hasSnapshot);
    QCOMPARE(t->nodes[0].snapshot.version, QStringLiteral("6.2.14"));
    QCOMPARE(t->nodes[1].reachability, NodeReachability::Unreachable);
    QVERIFY(!t->nodes[1].hasSnapshot);
    QCOMPARE(t->nodes[1].masterAddress, QStringLiteral("10.0.0.1:6379"));
    QCOMPARE(t->edges.size(), 1);
    QVERIFY(!t->edges[0].linkUp);
    QVERIFY(t->groups.isEmpty());
}

void TestTopologyExport::fromJsonRefuses_data()
{
    QTest::addColumn<QByteArray>("doc");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not json") << QByteArray("{\"nodes\": [") << QStringLiteral("not valid JSON");
    QTest::newRow("an array") << QByteArray("[]") << QStringLiteral("not a JSON object");
    QTest::newRow("profiles file") << QByteArray(R"({"format": "tandem-profiles", "profiles": []})")
                                   << QStringLiteral("no \"nodes\" list");
    QTest::newRow("no address") << QByteArray(R"({"nodes": [{"role": "master"}]})")
                                << QStringLiteral("node 1 has no address");
    QTest::newRow("bad role") << QByteArray(R"({"nodes": [{"address": "a:1", "role": "boss"}]})")
                              << QStringLiteral("unknown role \"boss\"");
}

void TestTopologyExport::fromJsonRefuses()
{
    QFETCH(QByteArray, doc);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!TopologyJson::fromText(doc, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void TestTopologyExport::formatsByNameAndSuffix()
{
    using F = TopologyFormat::Format;
    QCOMPARE(TopologyFormat::fromName(QStringLiteral("SVG")), std::optional<F>(F::Svg));
    QCOMPARE(TopologyFormat::fromName(QStringLiteral("txt")), std::optional<F>(F::Text));
    QVERIFY(!TopologyFormat::fromName(QStringLiteral("jpeg")));
    QCOMPARE(TopologyFormat::fromPath(QStringLiteral("/tmp/a.gv")), F::Dot);
    QCOMPARE(TopologyFormat::fromPath(QStringLiteral("a.PNG")), F::Png);
    QCOMPARE(TopologyFormat::fromPath(QStringLiteral("a.txt")), F::Text);
    QCOMPARE(TopologyFormat::fromPath(QStringLiteral("a")), F::Json);
    QCOMPARE(TopologyFormat::text(sample(), F::Json), TopologyJson::toText(sample()));
    QVERIFY(TopologyFormat::text(sample(), F::Png).isEmpty());
}

TANDEM_TEST_GUILESS_MAIN(TestTopologyExport)
#include "tst_topologyexport.moc"
