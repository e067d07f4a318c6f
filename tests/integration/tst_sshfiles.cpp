// Remote files for the redis.conf editor: SFTP read, safe replace (backup, temp upload, mode
// and owner, atomic rename, refusal when changed), remote commands, and a connection cut in
// the middle of an upload, against a real sshd on loopback (so the "remote" files are local).
#include "SshServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ssh/RemoteCommand.h"
#include "ssh/SshSessionPool.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

struct ReadOutcome
{
    bool done = false;
    QByteArray content;
    RemoteFileInfo info;
    NetError error;
};

struct WriteOutcome
{
    bool done = false;
    RemoteWriteResult result;
    NetError error;
};

QByteArray randomBytes(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        bytes[i] = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

bool writeLocal(const QString &path, const QByteArray &content, mode_t mode)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return false;
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

struct stat statLocal(const QString &path)
{
    struct stat st = {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return st;
}

// Everything in `dir` except `keep`: leftovers (temp files, backups) a step must not leave.
QStringList othersIn(const QString &dir, const QStringList &keep)
{
    QStringList others = QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &name : keep)
        others.removeAll(name);
    return others;
}

// Relays one TCP connection to the sshd and cuts it (both ways, abruptly) once `cutAfter`
// bytes went upstream: a connection that dies in the middle of an upload.
class CuttingRelay : public QObject
{
public:
    CuttingRelay(quint16 target, qint64 cutAfter)
        : m_target(target)
        , m_cutAfter(cutAfter)
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] { accept(); });
    }
    quint16 port() const { return m_server.serverPort(); }
    bool wasCut() const { return m_cut; }

private:
    void accept()
    {
        QTcpSocket *client = m_server.nextPendingConnection();
        auto *upstream = new QTcpSocket(client);
        upstream->connectToHost(QHostAddress::LocalHost, m_target);
        connect(client, &QTcpSocket::readyRead, this, [this, client, upstream] {
            if (upstream->state() != QAbstractSocket::ConnectedState)
                return;  // flushed once connected
            const QByteArray data = client->readAll();
            m_upstreamBytes += data.size();
            upstream->write(data);
            if (!m_cut && m_upstreamBytes > m_cutAfter) {
                m_cut = true;
                upstream->abort();
                client->abort();
            }
        });
        connect(upstream, &QTcpSocket::connected, this, [client, upstream] { upstream->write(client->readAll()); });
        connect(upstream, &QTcpSocket::readyRead, this, [client, upstream] { client->write(upstream->readAll()); });
        connect(upstream, &QTcpSocket::disconnected, this, [client] { client->disconnectFromHost(); });
        connect(client, &QTcpSocket::disconnected, this, [upstream] { upstream->disconnectFromHost(); });
    }

    QTcpServer m_server;
    quint16 m_target;
    qint64 m_cutAfter;
    qint64 m_upstreamBytes = 0;
    bool m_cut = false;
};

} // namespace

class TestSshFiles : public QObject
{
    Q_OBJECT

private:
    SshServer m_sshd;
    QTemporaryDir m_keys;  // known_hosts
    std::unique_ptr<QTemporaryDir> m_dir;  // the "remote" files; fresh for every test
    QString m_conf;

    SshOptions options() const
    {
        return m_sshd.clientOptions(m_keys.filePath(QStringLiteral("known_hosts")), true);
    }

    static ReadOutcome read(SshSessionPool &pool, const SshOptions &ssh, const QString &path)
    {
        ReadOutcome r;
        pool.readFile(ssh, path, &pool, [&r](const QByteArray &content, const RemoteFileInfo &info, const NetError &error) {
            r = {true, content, info, error};
        });
        if (!QTest::qWaitFor([&r] { return r.done; }, 40000))
            r.error = NetError::make(NetError::Kind::Other, QStringLiteral("test: no answer from readFile"));
        return r;
    }

    static WriteOutcome write(SshSessionPool &pool, const SshOptions &ssh, const QString &path,
                              const QByteArray &content, const RemoteWriteOptions &options = {})
    {
        WriteOutcome w;
        pool.writeFile(ssh, path, content, options, &pool, [&w](const RemoteWriteResult &result, const NetError &error) {
            w = {true, result, error};
        });
        if (!QTest::qWaitFor([&w] { return w.done; }, 70000))
            w.error = NetError::make(NetError::Kind::Other, QStringLiteral("test: no answer from writeFile"));
        return w;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (TestEnv::requireBinary(QStringLiteral("sshd"), QStringLiteral("openssh-server")).isEmpty()
            || TestEnv::requireBinary(QStringLiteral("ssh-keygen"), QStringLiteral("openssh-client")).isEmpty())
            return;
        QVERIFY2(::geteuid() == 0, "these tests run sshd and check file owners: run them as root");
        m_sshd.setPort(TestEnv::freePort());
        QVERIFY2(m_sshd.start(), qPrintable(m_sshd.errorString()));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // Other users (the password user below) must reach into it.
        QVERIFY(::chmod(QFile::encodeName(m_dir->path()).constData(), 0755) == 0);
        m_conf = m_dir->filePath(QStringLiteral("redis.conf"));
        QVERIFY(writeLocal(m_conf, "port 6379\nsave 900 1\n", 0640));
    }

    void readFileWithInfo()
    {
        SshSessionPool pool;
        const ReadOutcome r = read(pool, options(), m_conf);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        QCOMPARE(r.content, QByteArray("port 6379\nsave 900 1\n"));
        QCOMPARE(r.info.size, qint64(r.content.size()));
        QCOMPARE(r.info.mode, quint32(0640));
        QCOMPARE(r.info.uid, quint32(0));
        QCOMPARE(r.info.mtime, QFileInfo(m_conf).lastModified().toSecsSinceEpoch());

        const ReadOutcome missing = read(pool, options(), m_dir->filePath(QStringLiteral("nope.conf")));
        QCOMPARE(missing.error.kind, NetError::Kind::Other);
        QCOMPARE(missing.error.detail, QStringLiteral("no_such_file"));
    }

    void writeKeepsBackupModeAndOwner()
    {
        // Owned by daemon:adm, like a config another service owns; we log in as root.
        QVERIFY(::chown(QFile::encodeName(m_conf).constData(), 1, 4) == 0);
        SshSessionPool pool;
        const ReadOutcome r = read(pool, options(), m_conf);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        RemoteWriteOptions o;
        o.expectedMtime = r.info.mtime;
        o.expectedSize = r.info.size;
        const QByteArray next = "port 6380\nsave \"\"\n";
        const WriteOutcome w = write(pool, options(), m_conf, next, o);
        QVERIFY2(!w.error.isError(), qPrintable(w.error.message));
        QVERIFY2(w.result.warnings.isEmpty(), qPrintable(w.result.warnings.join(QLatin1Char('\n'))));
        QCOMPARE(w.result.bytesWritten, qint64(next.size()));
        QCOMPARE(TestEnv::readFile(m_conf), next);
        const struct stat st = statLocal(m_conf);
        QCOMPARE(st.st_mode & 07777, mode_t(0640));
        QCOMPARE(st.st_uid, uid_t(1));
        QCOMPARE(st.st_gid, gid_t(4));

        QVERIFY2(w.result.backupPath.startsWith(m_conf + QStringLiteral(".tandem-backup-")), qPrintable(w.result.backupPath));
        QCOMPARE(TestEnv::readFile(w.result.backupPath), r.content);
        const struct stat bst = statLocal(w.result.backupPath);
        QCOMPARE(bst.st_mode & 07777, mode_t(0640));
        QCOMPARE(bst.st_uid, uid_t(1));
        QCOMPARE(othersIn(m_dir->path(), {QStringLiteral("redis.conf"), QFileInfo(w.result.backupPath).fileName()}),
                 QStringList());

        // A second save within the same second gets its own backup.
        const WriteOutcome again = write(pool, options(), m_conf, "port 6381\n");
        QVERIFY2(!again.error.isError(), qPrintable(again.error.message));
        QVERIFY(again.result.backupPath != w.result.backupPath);
        QCOMPARE(TestEnv::readFile(again.result.backupPath), next);
        QCOMPARE(TestEnv::readFile(w.result.backupPath), r.content);
    }

    void refusesWhenChangedSinceRead()
    {
        SshSessionPool pool;
        const ReadOutcome r = read(pool, options(), m_conf);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        // Someone else edits the file (a different size, so no mtime granularity games).
        const QByteArray theirs = "port 6379\nsave 900 1\nmaxmemory 1gb\n";
        QVERIFY(writeLocal(m_conf, theirs, 0640));
        RemoteWriteOptions o;
        o.expectedMtime = r.info.mtime;
        o.expectedSize = r.info.size;
        const WriteOutcome w = write(pool, options(), m_conf, "mine\n", o);
        QCOMPARE(w.error.detail, QStringLiteral("remote_changed"));
        QVERIFY2(w.error.message.contains(QLatin1String("changed on the server since you opened it")),
                 qPrintable(w.error.message));
        qInfo("%s", qPrintable(w.error.message));
        QCOMPARE(TestEnv::readFile(m_conf), theirs);
        QCOMPARE(othersIn(m_dir->path(), {QStringLiteral("redis.conf")}), QStringList());  // not even a backup
    }

    void noPermissionLeavesOriginalIntact()
    {
        QString user, password;
        QVERIFY2(m_sshd.createPasswordUser(&user, &password), qPrintable(m_sshd.errorString()));
        const passwd *pw = ::getpwnam(user.toUtf8().constData());
        QVERIFY(pw);
        // The user owns the file but may not create anything in its (root's) directory.
        QVERIFY(::chown(QFile::encodeName(m_conf).constData(), pw->pw_uid, pw->pw_gid) == 0);
        SshOptions o = options();
        o.user = user;
        o.keyFile.clear();
        o.password = password;
        SshSessionPool pool;
        const ReadOutcome r = read(pool, o, m_conf);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        const WriteOutcome w = write(pool, o, m_conf, "port 1\n");
        QVERIFY(w.error.isError());
        qInfo("%s", qPrintable(w.error.message));
        QCOMPARE(w.error.detail, QStringLiteral("permission_denied"));
        QCOMPARE(TestEnv::readFile(m_conf), r.content);
        QCOMPARE(othersIn(m_dir->path(), {QStringLiteral("redis.conf")}), QStringList());

        // Without a backup the temp upload is refused the same way.
        RemoteWriteOptions noBackup;
        noBackup.backup = false;
        const WriteOutcome w2 = write(pool, o, m_conf, "port 1\n", noBackup);
        QCOMPARE(w2.error.detail, QStringLiteral("permission_denied"));
        QCOMPARE(TestEnv::readFile(m_conf), r.content);
        QCOMPARE(othersIn(m_dir->path(), {QStringLiteral("redis.conf")}), QStringList());
    }

    void largeFileRoundTrip()
    {
        const QByteArray big = randomBytes(1024 * 1024 + 17);  // not a multiple of the chunk size
        SshSessionPool pool;
        const WriteOutcome w = write(pool, options(), m_conf, big);
        QVERIFY2(!w.error.isError(), qPrintable(w.error.message));
        QCOMPARE(w.result.bytesWritten, qint64(big.size()));
        QVERIFY(TestEnv::readFile(m_conf) == big);
        const ReadOutcome r = read(pool, options(), m_conf);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        QCOMPARE(r.info.size, qint64(big.size()));
        QVERIFY(r.content == big);
        QCOMPARE(r.info.mode, quint32(0640));

        // Beyond the read limit: refused with a clear error, not read into memory.
        QVERIFY(::truncate(QFile::encodeName(m_conf).constData(), kRemoteFileMaxSize + 1) == 0);
        const ReadOutcome tooBig = read(pool, options(), m_conf);
        QCOMPARE(tooBig.error.detail, QStringLiteral("too_large"));
        QVERIFY2(tooBig.error.message.contains(QLatin1String("too large")), qPrintable(tooBig.error.message));
    }

    void writeCreatesNewFile()
    {
        const QString fresh = m_dir->filePath(QStringLiteral("new.conf"));
        SshSessionPool pool;
        const WriteOutcome w = write(pool, options(), fresh, "port 7000\n");
        QVERIFY2(!w.error.isError(), qPrintable(w.error.message));
        QVERIFY(w.result.backupPath.isEmpty());
        QCOMPARE(TestEnv::readFile(fresh), QByteArray("port 7000\n"));
    }

    void runCommandExitCodeAndOutput()
    {
        SshSessionPool pool;
        bool done = false;
        int exitCode = -2;
        QByteArray out, err;
        NetError error;
        const QString command = QStringLiteral("echo out; echo err >&2; printf %s ")
            + RemoteCommand::shellQuote(QStringLiteral("it's \"quoted\" $HOME"))
            + QStringLiteral("; exit 3");
        pool.runCommand(options(), command, &pool,
                        [&](int code, const QByteArray &o, const QByteArray &e, const NetError &er) {
                            done = true;
                            exitCode = code;
                            out = o;
                            err = e;
                            error = er;
                        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        QVERIFY2(!error.isError(), qPrintable(error.message));
        QCOMPARE(exitCode, 3);
        QCOMPARE(out, QByteArray("out\nit's \"quoted\" $HOME"));
        QCOMPARE(err, QByteArray("err\n"));
    }

    void droppedConnectionMidUpload()
    {
        const QByteArray original = TestEnv::readFile(m_conf);
        CuttingRelay relay(m_sshd.port(), 4 * 1024 * 1024);
        SshOptions o = options();
        o.port = relay.port();
        o.knownHostsFile = m_keys.filePath(QStringLiteral("known_hosts_relay"));
        SshSessionPool pool;
        const WriteOutcome w = write(pool, o, m_conf, randomBytes(20 * 1024 * 1024));
        QVERIFY(relay.wasCut());
        QVERIFY(w.error.isError());
        qInfo("%s", qPrintable(w.error.message));
        QCOMPARE(w.error.kind, NetError::Kind::Ssh);
        QCOMPARE(TestEnv::readFile(m_conf), original);
        QCOMPARE(statLocal(m_conf).st_mode & 07777, mode_t(0640));
        // The backup was complete before the upload began; the temp file cannot be removed
        // over a dead connection, but it is hidden and never at the file's path.
        for (const QString &name : othersIn(m_dir->path(), {QStringLiteral("redis.conf")}))
            QVERIFY2(name.startsWith(QLatin1String(".redis.conf.tandem-"))
                         || name.startsWith(QLatin1String("redis.conf.tandem-backup-")),
                     qPrintable(name));

        // The pool recovers: a new session writes fine.
        const WriteOutcome ok = write(pool, options(), m_conf, "port 6390\n");
        QVERIFY2(!ok.error.isError(), qPrintable(ok.error.message));
        QCOMPARE(TestEnv::readFile(m_conf), QByteArray("port 6390\n"));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestSshFiles)
#include "tst_sshfiles.moc"
