#include "ClientProbe.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "info/InfoParser.h"
#include "lab/LocalLab.h"
#include "net/RespClient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// Real redis-server labs: topologies, password, TLS, reloading from lab.json, surviving the
// object that started them, and stopping without leaving anything behind.
class TestLocalLab : public QObject
{
    Q_OBJECT

private:
    struct Reply
    {
        NetError connectError;
        RespResult result;
    };

    // One command on a fresh connection; a connect/handshake failure lands in connectError.
    static Reply query(const ConnectionProfile &profile, const QByteArrayList &args)
    {
        Reply reply;
        RespClient client(profile);
        reply.connectError = ClientProbe::connect(&client);
        if (!reply.connectError.isError())
            reply.result = ClientProbe::call(&client, args);
        return reply;
    }

    static NodeSnapshot info(const LocalLab &lab, const LabNode &node)
    {
        const Reply r = query(lab.profileFor(node), {"INFO", "replication"});
        if (r.connectError.isError() || !r.result.ok())
            qWarning("INFO on %s failed: %s %s", qPrintable(node.name),
                     qPrintable(r.connectError.message), qPrintable(r.result.error.message));
        return InfoParser::parse(r.result.value.bytes());
    }

    // Starts and waits; returns the failure reason or an empty string; *ms gets the time.
    static QString startAndWait(LocalLab *lab, const LabSpec &spec, int timeoutMs, qint64 *ms = nullptr)
    {
        bool started = false;
        QString reason;
        QObject context;
        QObject::connect(lab, &LocalLab::started, &context, [&] { started = true; });
        QObject::connect(lab, &LocalLab::failed, &context, [&](const QString &r) { reason = r; });
        QElapsedTimer clock;
        clock.start();
        lab->start(spec, timeoutMs);
        if (!QTest::qWaitFor([&] { return started || !reason.isEmpty(); }, timeoutMs + 10000))
            return QStringLiteral("test: neither started() nor failed()");
        if (ms)
            *ms = clock.elapsed();
        return started ? QString() : reason;
    }

    static bool portOpen(quint16 port)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(1000);
    }

    static QStringList redisProcessesIn(const QString &dir)
    {
        QStringList found;
        // By working directory, which also matches "<dir> (deleted)" once the lab dir is gone.
        const QString path = QDir::cleanPath(QDir(dir).absolutePath()) + QLatin1Char('/');
        for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            const QString cwd = QFileInfo(QStringLiteral("/proc/%1/cwd").arg(entry)).symLinkTarget();
            if (QString(cwd + QLatin1Char('/')).startsWith(path))
                found << entry;
        }
        return found;
    }

    // An executable shell script `name` in the test's root dir; empty if it cannot be written.
    QString writeScript(const QString &name, const QByteArray &text) const
    {
        const QString path = m_root->filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            return {};
        f.close();
        return f.setPermissions(f.permissions() | QFile::ExeOwner) ? path : QString();
    }

    QString newLabDir(const QString &name)
    {
        const QString dir = m_root->filePath(name);
        m_dirs << dir;
        return dir;
    }

    std::unique_ptr<QTemporaryDir> m_root;
    QStringList m_dirs;

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void starOfThree();
    void chainOfThree();
    void standaloneThree();
    void passwordLab();
    void tlsLab();
    void survivesItsObjectAndLoadsElsewhere();
    void stopRemovesOnlyLabFiles();
    void refusesSecondStartWhileRunning();
    void missingBinaryFails();
    void launcherFailureReportsOutput();
    void timeoutReportsLogAndCleansUp();
    void recycledPidIsNeverKilled();
};

void TestLocalLab::initTestCase()
{
    const QString redis = TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server"));
    if (redis.isEmpty())
        return;
    m_root = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid());
}

// Whatever a test left running (failure mid-test included) is stopped here.
void TestLocalLab::cleanup()
{
    for (const QString &dir : std::as_const(m_dirs)) {
        LocalLab lab(dir);
        lab.stop();
    }
    m_dirs.clear();
}

void TestLocalLab::cleanupTestCase()
{
    cleanup();
}

void TestLocalLab::starOfThree()
{
    LocalLab lab(newLabDir(QStringLiteral("star")));
    lab.setStopOnDestroy(true);
    qint64 ms = 0;
    const QString reason = startAndWait(&lab, LabSpec(), 30000, &ms);
    QVERIFY2(reason.isEmpty(), qPrintable(reason));
    qInfo("star lab of 3 up in %lld ms", ms);
    QVERIFY2(ms < 10000, "a 3-node lab should be replicating within 10 s");

    const QList<LabNode> nodes = lab.nodes();
    QCOMPARE(nodes.size(), 3);
    QCOMPARE(nodes.at(0).name, QStringLiteral("master"));
    QCOMPARE(nodes.at(1).masterName, QStringLiteral("master"));
    QCOMPARE(nodes.at(2).masterName, QStringLiteral("master"));
    for (const LabNode &node : nodes) {
        QVERIFY(node.port > 0);
        QVERIFY(node.pid > 0);
        QVERIFY(lab.isRunning(node));
    }
    const NodeSnapshot master = info(lab, nodes.at(0));
    QCOMPARE(master.role, NodeSnapshot::Role::Master);
    QCOMPARE(master.connectedReplicas, 2);
    QCOMPARE(master.replicas.size(), 2);
    for (int i = 1; i < 3; ++i) {
        const NodeSnapshot r = info(lab, nodes.at(i));
        QCOMPARE(r.role, NodeSnapshot::Role::Replica);
        QCOMPARE(r.masterPort, nodes.at(0).port);
        QCOMPARE(r.masterLinkStatus, QStringLiteral("up"));
    }
    // The generated config is the one described: daemonized, RDB snapshots on Redis' default
    // schedule (so the lab is not flagged as a master without persistence), no sync delay.
    QFile conf(QDir(lab.dir()).filePath(QStringLiteral("replica1/redis.conf")));
    QVERIFY(conf.open(QIODevice::ReadOnly));
    const QByteArray text = conf.readAll();
    for (const char *line : {"daemonize yes", "bind 127.0.0.1", "save 3600 1 300 100 60 10000", "appendonly no",
                             "repl-diskless-sync-delay 0", "replicaof 127.0.0.1 "})
        QVERIFY2(text.contains(line), line);
    QVERIFY(QFileInfo::exists(QDir(lab.dir()).filePath(QStringLiteral("lab.json"))));
}

void TestLocalLab::chainOfThree()
{
    LocalLab lab(newLabDir(QStringLiteral("chain lab")));  // a space in the path, too
    lab.setStopOnDestroy(true);
    LabSpec spec;
    spec.chain = true;
    qint64 ms = 0;
    const QString reason = startAndWait(&lab, spec, 30000, &ms);
    QVERIFY2(reason.isEmpty(), qPrintable(reason));
    qInfo("chain lab of 3 up in %lld ms", ms);
    const QList<LabNode> nodes = lab.nodes();
    QCOMPARE(nodes.size(), 3);
    QCOMPARE(nodes.at(1).masterName, QStringLiteral("master"));
    QCOMPARE(nodes.at(2).masterName, QStringLiteral("replica1"));

    QCOMPARE(info(lab, nodes.at(0)).connectedReplicas, 1);
    const NodeSnapshot r1 = info(lab, nodes.at(1));
    QCOMPARE(r1.masterPort, nodes.at(0).port);
    QCOMPARE(r1.connectedReplicas, 1);  // replica2 hangs off replica1
    const NodeSnapshot r2 = info(lab, nodes.at(2));
    QCOMPARE(r2.role, NodeSnapshot::Role::Replica);
    QCOMPARE(r2.masterPort, nodes.at(1).port);
    QCOMPARE(r2.masterLinkStatus, QStringLiteral("up"));
}

void TestLocalLab::standaloneThree()
{
    LocalLab lab(newLabDir(QStringLiteral("standalone")));
    lab.setStopOnDestroy(true);
    LabSpec spec;
    spec.standalone = 3;
    const QString reason = startAndWait(&lab, spec, 30000);
    QVERIFY2(reason.isEmpty(), qPrintable(reason));
    const QList<LabNode> nodes = lab.nodes();
    QCOMPARE(nodes.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const LabNode &node = nodes.at(i);
        QCOMPARE(node.name, QStringLiteral("redis%1").arg(i + 1));
        QVERIFY(node.masterName.isEmpty());
        const NodeSnapshot snap = info(lab, node);
        QCOMPARE(snap.role, NodeSnapshot::Role::Master);
        QCOMPARE(snap.connectedReplicas, 0);
        // Each from its own file, so set-up can persist with CONFIG REWRITE.
        const QString file = QDir(lab.dir()).filePath(node.name + QStringLiteral("/redis.conf"));
        QVERIFY(query(lab.profileFor(node), {"CONFIG", "SET", "tcp-keepalive", "61"}).result.ok());
        QVERIFY(query(lab.profileFor(node), {"CONFIG", "REWRITE"}).result.ok());
        QFile conf(file);
        QVERIFY(conf.open(QIODevice::ReadOnly));
        const QByteArray text = conf.readAll();
        QVERIFY(text.contains("tcp-keepalive 61"));
        QVERIFY(!text.contains("replicaof"));
    }
    LocalLab reloaded(lab.dir());
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.spec().standalone, 3);
}

void TestLocalLab::passwordLab()
{
    const QString dir = newLabDir(QStringLiteral("password"));
    LocalLab lab(dir);
    lab.setStopOnDestroy(true);
    LabSpec spec;
    spec.replicas = 1;
    spec.password = QStringLiteral("s3cret \"pass\" #1 \\ \u00e9");  // quotes, '#', '\\', UTF-8
    const QString reason = startAndWait(&lab, spec, 30000);
    QVERIFY2(reason.isEmpty(), qPrintable(reason));
    const LabNode master = lab.nodes().at(0);

    ConnectionProfile anonymous = lab.profileFor(master);
    anonymous.password.clear();
    const Reply noPassword = query(anonymous, {"PING"});
    QCOMPARE(noPassword.connectError.kind, NetError::Kind::AuthFailed);

    ConnectionProfile wrong = lab.profileFor(master);
    wrong.password = QStringLiteral("wrong");
    QCOMPARE(query(wrong, {"PING"}).connectError.kind, NetError::Kind::AuthFailed);

    const Reply ok = query(lab.profileFor(master), {"PING"});
    QVERIFY2(!ok.connectError.isError(), qPrintable(ok.connectError.message));
    QCOMPARE(ok.result.value.bytes(), QByteArray("PONG"));
    // The replica authenticated to its master with masterauth.
    QCOMPARE(info(lab, lab.nodes().at(1)).masterLinkStatus, QStringLiteral("up"));

    // Never in lab.json; read back from the node's redis.conf by a later process.
    QFile manifest(QDir(dir).filePath(QStringLiteral("lab.json")));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    QVERIFY(!manifest.readAll().contains("s3cret"));
    LocalLab later(dir);
    QVERIFY(later.load());
    QVERIFY(later.spec().password.isEmpty());
    QCOMPARE(later.profileFor(later.nodes().at(0)).password, spec.password);
    QVERIFY(!query(later.profileFor(later.nodes().at(1)), {"PING"}).connectError.isError());
    // The config holding it is private to its owner.
    const QFile::Permissions perms = QFileInfo(QDir(dir).filePath(QStringLiteral("master/redis.conf"))).permissions();
    QVERIFY(!(perms & (QFile::ReadGroup | QFile::ReadOther)));
}

void TestLocalLab::tlsLab()
{
    const QString dir = newLabDir(QStringLiteral("tls"));
    LocalLab lab(dir);
    lab.setStopOnDestroy(true);
    LabSpec spec;
    spec.tls = true;
    qint64 ms = 0;
    const QString reason = startAndWait(&lab, spec, 30000, &ms);
    QVERIFY2(reason.isEmpty(), qPrintable(reason));
    qInfo("TLS lab of 3 up in %lld ms", ms);
    for (const char *file : {"tls/ca.crt", "tls/server.crt", "tls/server.key", "tls/client.crt", "tls/client.key"})
        QVERIFY2(QFileInfo::exists(QDir(dir).filePath(QLatin1String(file))), file);

    const QList<LabNode> nodes = lab.nodes();
    const ConnectionProfile p = lab.profileFor(nodes.at(0));
    QVERIFY(p.tls.enabled);
    QVERIFY(!p.tls.insecure);
    const NodeSnapshot master = info(lab, nodes.at(0));
    QCOMPARE(master.connectedReplicas, 2);
    for (int i = 1; i < 3; ++i)
        QCOMPARE(info(lab, nodes.at(i)).masterLinkStatus, QStringLiteral("up"));
    const QByteArray conf = [&] {
        QFile f(QDir(dir).filePath(QStringLiteral("replica1/redis.conf")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    QVERIFY(conf.contains("port 0\n"));
    QVERIFY(conf.contains("tls-replication yes"));
    QVERIFY(conf.contains("tls-auth-clients yes"));

    // Plain TCP gets no answer that RespClient accepts, and a client without a certificate
    // is refused.
    ConnectionProfile plain = p;
    plain.tls = TlsOptions();
    plain.connectTimeoutMs = 2000;
    QVERIFY(query(plain, {"PING"}).connectError.isError());
    ConnectionProfile noCert = p;
    noCert.tls.certFile.clear();
    noCert.tls.keyFile.clear();
    noCert.connectTimeoutMs = 2000;
    QVERIFY(query(noCert, {"PING"}).connectError.isError());
}

void TestLocalLab::survivesItsObjectAndLoadsElsewhere()
{
    const QString dir = newLabDir(QStringLiteral("survive"));
    QList<LabNode> nodes;
    {
        LocalLab lab(dir);  // no stopOnDestroy: like `tandemctl lab up`
        const QString reason = startAndWait(&lab, LabSpec(), 30000);
        QVERIFY2(reason.isEmpty(), qPrintable(reason));
        nodes = lab.nodes();
    }
    LocalLab again(dir);
    QVERIFY(again.load());
    QCOMPARE(again.nodes().size(), nodes.size());
    for (int i = 0; i < nodes.size(); ++i) {
        const LabNode &n = again.nodes().at(i);
        QCOMPARE(n.name, nodes.at(i).name);
        QCOMPARE(n.port, nodes.at(i).port);
        QCOMPARE(n.pid, nodes.at(i).pid);
        QCOMPARE(n.masterName, nodes.at(i).masterName);
        QVERIFY2(again.isRunning(n), qPrintable(n.name));
        QVERIFY(portOpen(n.port));
    }
    QCOMPARE(info(again, again.nodes().at(0)).connectedReplicas, 2);

    QElapsedTimer clock;
    clock.start();
    again.stop();
    qInfo("stop() took %lld ms", clock.elapsed());
    QVERIFY(again.nodes().isEmpty());
    for (const LabNode &n : std::as_const(nodes)) {
        QVERIFY2(!portOpen(n.port), qPrintable(n.name));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/%1/cmdline").arg(n.pid))
                || QFile(QStringLiteral("/proc/%1/cmdline").arg(n.pid)).size() == 0
                || !again.isRunning(n));
    }
    QVERIFY2(!QFileInfo::exists(dir), "the lab created the directory, so stop() removes it");
    QVERIFY(redisProcessesIn(dir).isEmpty());
    QVERIFY(!LocalLab(dir).load());
}

void TestLocalLab::stopRemovesOnlyLabFiles()
{
    const QString dir = newLabDir(QStringLiteral("foreign"));
    QVERIFY(QDir().mkpath(dir + QStringLiteral("/master")));
    QFile mine(dir + QStringLiteral("/notes.txt"));
    QVERIFY(mine.open(QIODevice::WriteOnly));
    mine.write("not the lab's\n");
    mine.close();
    QFile inNode(dir + QStringLiteral("/master/keep.me"));
    QVERIFY(inNode.open(QIODevice::WriteOnly));
    inNode.close();

    LocalLab lab(dir);
    LabSpec spec;
    spec.replicas = 1;
    const QString reason = startAndWait(&lab, spec, 30000);
    QVERIFY2(reason.isEmpty(), qPrintable(reason));
    lab.stop();
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/notes.txt")));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/master/keep.me")));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/master/redis.conf")));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/master/redis.log")));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/replica1")));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/lab.json")));
}

void TestLocalLab::refusesSecondStartWhileRunning()
{
    const QString dir = newLabDir(QStringLiteral("twice"));
    LocalLab first(dir);
    first.setStopOnDestroy(true);
    LabSpec spec;
    spec.replicas = 0;
    QString reason = startAndWait(&first, spec, 30000);
    QVERIFY2(reason.isEmpty(), qPrintable(reason));
    LocalLab second(dir);
    reason = startAndWait(&second, spec, 30000);
    QVERIFY2(reason.contains(QLatin1String("already running")), qPrintable(reason));
    QVERIFY(first.isRunning(first.nodes().at(0)));
}

void TestLocalLab::missingBinaryFails()
{
    const QString dir = newLabDir(QStringLiteral("nobinary"));
    LocalLab lab(dir);
    LabSpec spec;
    spec.redisServer = QStringLiteral("/nonexistent/redis-server");
    const QString reason = startAndWait(&lab, spec, 5000);
    QVERIFY2(reason.contains(QStringLiteral("not found — apt-get install redis-server")), qPrintable(reason));
    QVERIFY(!QFileInfo::exists(dir));
}

void TestLocalLab::launcherFailureReportsOutput()
{
    const QString dir = newLabDir(QStringLiteral("badlauncher"));
    const QString script = writeScript(QStringLiteral("fake-redis-server"),
                                       "#!/bin/sh\necho '*** FATAL CONFIG FILE ERROR (fake) ***' >&2\nexit 1\n");
    QVERIFY(!script.isEmpty());

    LocalLab lab(dir);
    LabSpec spec;
    spec.redisServer = script;
    const QString reason = startAndWait(&lab, spec, 10000);
    QVERIFY2(reason.contains(QLatin1String("FATAL CONFIG FILE ERROR (fake)")), qPrintable(reason));
    QVERIFY2(!QFileInfo::exists(dir), "a failed start removes what it created");
}

void TestLocalLab::timeoutReportsLogAndCleansUp()
{
    // Real servers that never reach the wanted state: every node replicates from a port
    // nobody listens on, so the master never reports role:master.
    const QString dir = newLabDir(QStringLiteral("timeout"));
    const QString script = writeScript(QStringLiteral("stuck-redis-server"),
                                       QStringLiteral("#!/bin/sh\nexec %1 \"$1\" --replicaof 127.0.0.1 %2\n")
                                           .arg(TestEnv::findBinary(QStringLiteral("redis-server")))
                                           .arg(TestEnv::freePort())
                                           .toUtf8());
    QVERIFY(!script.isEmpty());

    LocalLab lab(dir);
    LabSpec spec;
    spec.replicas = 1;
    spec.redisServer = script;
    QElapsedTimer clock;
    clock.start();
    const QString reason = startAndWait(&lab, spec, 2000);
    QVERIFY2(reason.contains(QLatin1String("did not come up within 2000 ms")), qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("master waits for the master role")), qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("Connecting to MASTER")), qPrintable(reason));  // log tail
    QVERIFY(clock.elapsed() < 10000);
    QVERIFY2(redisProcessesIn(dir).isEmpty(), "servers of a failed start are stopped");
    QVERIFY(!QFileInfo::exists(dir));
}

void TestLocalLab::recycledPidIsNeverKilled()
{
    const QString dir = newLabDir(QStringLiteral("recycled"));
    LocalLab lab(dir);
    LabSpec spec;
    spec.replicas = 0;
    const QString reason = startAndWait(&lab, spec, 30000);
    QVERIFY2(reason.isEmpty(), qPrintable(reason));
    LabNode node = lab.nodes().at(0);
    lab.stop();

    // Pretend the dead server's pid now belongs to an unrelated process.
    QProcess bystander;
    bystander.start(QStringLiteral("sleep"), {QStringLiteral("30")});
    QVERIFY(bystander.waitForStarted());
    node.pid = bystander.processId();
    QVERIFY(!lab.isRunning(node));

    QVERIFY(QDir().mkpath(dir));
    QFile manifest(QDir(dir).filePath(QStringLiteral("lab.json")));
    QVERIFY(manifest.open(QIODevice::WriteOnly));
    manifest.write(QStringLiteral("{\"format\":1,\"spec\":{\"replicas\":0},\"nodes\":[{\"name\":\"master\","
                                  "\"host\":\"127.0.0.1\",\"port\":%1,\"pid\":%2}]}")
                       .arg(node.port).arg(node.pid).toUtf8());
    manifest.close();
    LocalLab stale(dir);
    QVERIFY(stale.load());
    QVERIFY(!stale.isRunning(stale.nodes().at(0)));
    stale.stop();
    QVERIFY(!bystander.waitForFinished(300));
    QCOMPARE(bystander.state(), QProcess::Running);
    bystander.kill();
    bystander.waitForFinished();
}

TANDEM_TEST_GUILESS_MAIN(TestLocalLab)
#include "tst_locallab.moc"
