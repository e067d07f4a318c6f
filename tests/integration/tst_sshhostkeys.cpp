// Who may connect: host key verification (unknown, accepted, changed) and the SSH login
// methods (key, passphrase, password, agent), against a real sshd in a network namespace.
#include "FdConnection.h"
#include "NetNamespace.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ssh/SshSessionPool.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using Forward = SshTestBed::Forward;

class TestSshHostKeys : public QObject
{
    Q_OBJECT

private:
    SshTestBed m_bed;

    SshOptions options() const { return m_bed.options(); }
    quint16 redisPort() const { return m_bed.redis().port(); }
    static Forward open(SshSessionPool &pool, const SshOptions &ssh, quint16 port)
    {
        return SshTestBed::open(pool, ssh, port);
    }

    // Opens a tunnel to the bed's redis-server with `ssh` and checks that a PING gets through.
    // Callers that go on afterwards check QTest::currentTestFailed().
    void pingThrough(SshSessionPool &pool, const SshOptions &ssh)
    {
        const Forward f = open(pool, ssh, redisPort());
        QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
        FdConnection c(f.fd);
        QCOMPARE(c.call({"PING"}), QByteArray("+PONG\r\n"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!SshTestBed::requireBinaries())
            return;
        QVERIFY2(m_bed.start(), qPrintable(m_bed.errorString()));
    }

    void cleanupTestCase() { m_bed.stop(); }

    void unknownHostKeyIsReported()
    {
        SshOptions o = options();
        o.knownHostsFile = m_bed.freshFile(QStringLiteral("known"));
        SshSessionPool pool;
        const Forward f = open(pool, o, redisPort());
        QCOMPARE(f.fd, -1);
        QCOMPARE(f.error.kind, NetError::Kind::SshHostKeyUnknown);
        qInfo("%s", qPrintable(f.error.message));
        const QString fingerprint = m_bed.sshd().hostKeyFingerprint();
        QVERIFY(fingerprint.startsWith(QLatin1String("SHA256:")));
        QCOMPARE(f.error.detail, fingerprint);
        QVERIFY2(f.error.message.contains(fingerprint) && f.error.message.contains(QString::number(m_bed.sshPort())),
                 qPrintable(f.error.message));
        QVERIFY(!QFileInfo::exists(o.knownHostsFile));  // nothing stored without consent

        o.acceptFingerprint = QStringLiteral("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        const Forward wrong = open(pool, o, redisPort());
        QCOMPARE(wrong.error.kind, NetError::Kind::SshHostKeyUnknown);

        o.acceptFingerprint = fingerprint.mid(7);  // without "SHA256:" is fine too
        const Forward right = open(pool, o, redisPort());
        QVERIFY2(right.fd >= 0, qPrintable(right.error.message));
        ::close(right.fd);
    }

    void acceptNewHostKeyStoresIt()
    {
        SshOptions o = options();
        o.knownHostsFile = m_bed.freshFile(QStringLiteral("dir")) + QStringLiteral("/known_hosts");  // dir too
        o.acceptNewHostKey = true;
        {
            SshSessionPool pool;
            pingThrough(pool, o);
        }
        if (QTest::currentTestFailed())
            return;
        QFile stored(o.knownHostsFile);
        QVERIFY(stored.open(QIODevice::ReadOnly));
        QVERIFY(stored.readAll().startsWith(QByteArray("[127.0.0.1]:" + QByteArray::number(m_bed.sshPort()) + ' ')));

        o.acceptNewHostKey = false;  // a new pool: a new session, verified from the file alone
        SshSessionPool pool;
        const Forward again = open(pool, o, redisPort());
        QVERIFY2(again.fd >= 0, qPrintable(again.error.message));
        ::close(again.fd);
    }

    void defaultKnownHostsFileIsCreated()
    {
        SshOptions o = options();
        o.knownHostsFile.clear();
        o.acceptNewHostKey = true;
        SshSessionPool pool;
        const Forward f = open(pool, o, redisPort());
        QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
        ::close(f.fd);
        const QFileInfo dir(m_bed.homePath(QStringLiteral(".ssh")));
        QVERIFY(dir.isDir());
        QCOMPARE(int(dir.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup)), 0);
        QVERIFY(QFileInfo(m_bed.homePath(QStringLiteral(".ssh/known_hosts"))).size() > 0);
    }

    void changedHostKeyIsRefused()
    {
        SshServer other;  // its own server: regenerating the shared one would disturb other tests
        quint16 port = 0;
        QVERIFY2(m_bed.startSshd(&other, 2223, &port), qPrintable(m_bed.errorString()));
        SshOptions o = options();
        o.port = port;
        o.keyFile = other.plainKeyFile();
        o.knownHostsFile = m_bed.freshFile(QStringLiteral("known"));
        o.acceptNewHostKey = true;
        {
            SshSessionPool pool;
            const Forward f = open(pool, o, redisPort());
            QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
            ::close(f.fd);
        }
        QVERIFY(other.regenerateHostKey());
        SshSessionPool pool;
        const Forward f = open(pool, o, redisPort());  // acceptNewHostKey is still set
        QCOMPARE(f.fd, -1);
        QCOMPARE(f.error.kind, NetError::Kind::SshHostKeyChanged);
        qInfo("%s", qPrintable(f.error.message));
        QCOMPARE(f.error.detail, other.hostKeyFingerprint());
        QVERIFY2(f.error.message.contains(QLatin1String("man-in-the-middle"))
                     && f.error.message.contains(QStringLiteral("line 1 of ") + o.knownHostsFile),
                 qPrintable(f.error.message));
        o.acceptFingerprint = other.hostKeyFingerprint();  // not even an explicit fingerprint
        QCOMPARE(open(pool, o, redisPort()).error.kind, NetError::Kind::SshHostKeyChanged);
        // Hashed entries (HashKnownHosts yes) are still found and named.
        QCOMPARE(TestEnv::run(TestEnv::findBinary(QStringLiteral("ssh-keygen")),
                              {QStringLiteral("-H"), QStringLiteral("-f"), o.knownHostsFile}), 0);
        QFile hashed(o.knownHostsFile);
        QVERIFY(hashed.open(QIODevice::ReadOnly) && hashed.readAll().startsWith("|1|"));
        const Forward again = open(pool, o, redisPort());
        QCOMPARE(again.error.kind, NetError::Kind::SshHostKeyChanged);
        QVERIFY2(again.error.message.contains(QStringLiteral("line 1 of ") + o.knownHostsFile),
                 qPrintable(again.error.message));
    }

    void wrongKeyFailsAuth()
    {
        SshOptions o = options();
        o.keyFile = m_bed.sshd().unauthorizedKeyFile();
        SshSessionPool pool;
        const Forward f = open(pool, o, redisPort());
        QCOMPARE(f.error.kind, NetError::Kind::SshAuthFailed);
        qInfo("%s", qPrintable(f.error.message));
        QVERIFY2(f.error.message.contains(o.keyFile) && f.error.message.contains(QLatin1String("publickey")),
                 qPrintable(f.error.message));
    }

    void passphraseKey_data()
    {
        QTest::addColumn<QString>("passphrase");
        QTest::addColumn<bool>("ok");
        QTest::newRow("right") << QString() << true;  // filled in below: the fixture makes it
        QTest::newRow("wrong") << QStringLiteral("not the passphrase") << false;
        QTest::newRow("missing") << QStringLiteral("-") << false;
    }

    void passphraseKey()
    {
        QFETCH(QString, passphrase);
        QFETCH(bool, ok);
        SshOptions o = options();
        o.keyFile = m_bed.sshd().passphraseKeyFile();
        o.keyPassphrase = passphrase.isEmpty() ? m_bed.sshd().passphrase()
                                               : passphrase == QLatin1String("-") ? QString() : passphrase;
        SshSessionPool pool;
        if (ok) {
            pingThrough(pool, o);
        } else {
            const Forward f = open(pool, o, redisPort());
            QCOMPARE(f.error.kind, NetError::Kind::SshAuthFailed);
            QVERIFY(!o.keyPassphrase.isEmpty() ? !f.error.message.contains(o.keyPassphrase) : true);
            QVERIFY(!f.error.message.contains(m_bed.sshd().passphrase()));
        }
    }

    void passwordAuth()
    {
        QString user, password;
        QVERIFY2(m_bed.sshd().createPasswordUser(&user, &password), qPrintable(m_bed.sshd().errorString()));
        SshOptions o = options();
        o.user = user;
        o.keyFile.clear();
        o.password = password;
        SshSessionPool pool;
        pingThrough(pool, o);
        if (QTest::currentTestFailed())
            return;

        o.password = password + QStringLiteral("x");
        SshSessionPool fresh;  // in `pool` the logged-in session would simply be reused
        const Forward bad = open(fresh, o, redisPort());
        QCOMPARE(bad.error.kind, NetError::Kind::SshAuthFailed);
        QVERIFY2(bad.error.message.contains(QLatin1String("password")), qPrintable(bad.error.message));
        QVERIFY(!bad.error.message.contains(password));
    }

    void agentAuth()
    {
        QTemporaryDir dir;
        const QString socketPath = dir.filePath(QStringLiteral("agent.sock"));
        QProcess agent;
        agent.start(TestEnv::findBinary(QStringLiteral("ssh-agent")), {QStringLiteral("-D"), QStringLiteral("-a"), socketPath});
        QVERIFY(agent.waitForStarted(5000));
        QTRY_VERIFY(QFileInfo::exists(socketPath));
        qputenv("SSH_AUTH_SOCK", QFile::encodeName(socketPath));
        auto restore = qScopeGuard([&] {
            qunsetenv("SSH_AUTH_SOCK");
            agent.kill();
            agent.waitForFinished(2000);
        });
        QProcess add;
        add.start(TestEnv::findBinary(QStringLiteral("ssh-add")), {m_bed.sshd().plainKeyFile()});
        QVERIFY(add.waitForFinished(10000));
        QCOMPARE(add.exitCode(), 0);

        SshOptions o = options();
        o.keyFile.clear();  // only the agent holds the key (HOME has no ~/.ssh/id_*)
        o.useAgent = false;
        SshSessionPool pool;
        QCOMPARE(open(pool, o, redisPort()).error.kind, NetError::Kind::SshAuthFailed);
        o.useAgent = true;
        pingThrough(pool, o);
    }
};

TANDEM_TEST_GUILESS_MAIN(TestSshHostKeys)
#include "tst_sshhostkeys.moc"
