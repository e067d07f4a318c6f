#include "SshServer.h"

#include "TestEnv.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QThread>

namespace {

QString randomToken(int length)
{
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString token;
    for (int i = 0; i < length; ++i)
        token += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof alphabet - 1))]);
    return token;
}

} // namespace

SshServer::SshServer()
    : m_dir(std::make_unique<QTemporaryDir>())
    , m_passphrase(QStringLiteral("correct horse ") + randomToken(8))
{
}

SshServer::~SshServer()
{
    stop();
    removePasswordUser();
}

QString SshServer::hostKeyFile() const
{
    return m_dir->filePath(QStringLiteral("ssh_host_ed25519_key"));
}

QString SshServer::hostPublicKeyFile() const
{
    return hostKeyFile() + QStringLiteral(".pub");
}

QString SshServer::plainKeyFile() const
{
    return m_dir->filePath(QStringLiteral("id_plain"));
}

SshOptions SshServer::clientOptions(const QString &knownHostsFile, bool acceptNewHostKey) const
{
    SshOptions o;
    o.enabled = true;
    o.host = QStringLiteral("127.0.0.1");
    o.port = m_port;
    o.user = user();
    o.keyFile = plainKeyFile();
    o.useAgent = false;
    o.knownHostsFile = knownHostsFile;
    o.acceptNewHostKey = acceptNewHostKey;
    return o;
}

QString SshServer::passphraseKeyFile() const
{
    return m_dir->filePath(QStringLiteral("id_passphrase"));
}

QString SshServer::unauthorizedKeyFile() const
{
    return m_dir->filePath(QStringLiteral("id_unauthorized"));
}

QString SshServer::log() const
{
    QFile f(m_dir->filePath(QStringLiteral("sshd.log")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

bool SshServer::generateKey(const QString &path, const QString &passphrase)
{
    const QString keygen = TestEnv::requireBinary(QStringLiteral("ssh-keygen"), QStringLiteral("openssh-client"));
    if (keygen.isEmpty()) {
        m_error = QStringLiteral("ssh-keygen is not installed");
        return false;
    }
    QFile::remove(path);
    QFile::remove(path + QStringLiteral(".pub"));
    QString output;
    if (TestEnv::run(keygen, {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                              QStringLiteral("-N"), passphrase, QStringLiteral("-C"),
                              QStringLiteral("tandem-test"), QStringLiteral("-f"), path},
                     &output)
        != 0) {
        m_error = QStringLiteral("ssh-keygen failed: ") + output;
        return false;
    }
    return true;
}

bool SshServer::generateKeys()
{
    if (m_keysReady)
        return true;
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    if (!generateKey(hostKeyFile(), QString()) || !generateKey(plainKeyFile(), QString())
        || !generateKey(passphraseKeyFile(), m_passphrase)
        || !generateKey(unauthorizedKeyFile(), QString()))
        return false;
    QFile authorized(m_dir->filePath(QStringLiteral("authorized_keys")));
    if (!authorized.open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write authorized_keys");
        return false;
    }
    for (const QString &key : {plainKeyFile(), passphraseKeyFile()}) {
        QFile pub(key + QStringLiteral(".pub"));
        if (!pub.open(QIODevice::ReadOnly)) {
            m_error = QStringLiteral("cannot read ") + pub.fileName();
            return false;
        }
        authorized.write(pub.readAll());
    }
    m_keysReady = true;
    return true;
}

bool SshServer::writeConfig()
{
    QFile config(m_dir->filePath(QStringLiteral("sshd_config")));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_error = QStringLiteral("cannot write sshd_config");
        return false;
    }
    QStringList lines{
        QStringLiteral("Port %1").arg(m_port),
        QStringLiteral("ListenAddress 127.0.0.1"),
        QStringLiteral("HostKey %1").arg(hostKeyFile()),
        QStringLiteral("PidFile %1").arg(m_dir->filePath(QStringLiteral("sshd.pid"))),
        QStringLiteral("AuthorizedKeysFile %1").arg(m_dir->filePath(QStringLiteral("authorized_keys"))),
        QStringLiteral("StrictModes no"),
        QStringLiteral("UsePAM no"),
        QStringLiteral("PasswordAuthentication yes"),
        QStringLiteral("KbdInteractiveAuthentication no"),
        QStringLiteral("PermitRootLogin prohibit-password"),
        QStringLiteral("AllowTcpForwarding yes"),
        QStringLiteral("X11Forwarding no"),
        QStringLiteral("PrintMotd no"),
        // DEBUG1 logs every global request, which is how tests see our keepalives.
        QStringLiteral("LogLevel DEBUG1"),
        QStringLiteral("Subsystem sftp internal-sftp"),
    };
    lines << m_extraConfig;
    config.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
    return true;
}

bool SshServer::start(int timeoutMs)
{
    const QString sshd = TestEnv::requireBinary(QStringLiteral("sshd"), QStringLiteral("openssh-server"));
    if (sshd.isEmpty()) {
        m_error = QStringLiteral("sshd is not installed (apt-get install openssh-server)");
        return false;
    }
    if (!generateKeys())
        return false;
    if (m_port == 0)
        m_port = TestEnv::freePort();
    if (!writeConfig())
        return false;
    QDir().mkpath(QStringLiteral("/run/sshd"));  // privilege separation directory
    QFile::remove(m_dir->filePath(QStringLiteral("sshd.log")));

    QStringList args = m_prefix;
    args << sshd << QStringLiteral("-D") << QStringLiteral("-f")
         << m_dir->filePath(QStringLiteral("sshd_config")) << QStringLiteral("-E")
         << m_dir->filePath(QStringLiteral("sshd.log"));
    const QString ready = QStringLiteral("Server listening on 127.0.0.1 port %1").arg(m_port);
    return m_process.start(args, [this] { return log(); }, ready, QStringLiteral("sshd"), timeoutMs,
                           &m_error);
}

void SshServer::stop()
{
    m_process.stop();
}

bool SshServer::regenerateHostKey()
{
    const bool running = m_process.isRunning();
    stop();
    if (!generateKey(hostKeyFile(), QString()))
        return false;
    return running ? start() : true;
}

QString SshServer::hostKeyFingerprint() const
{
    const QString keygen = TestEnv::findBinary(QStringLiteral("ssh-keygen"));
    QString output;
    if (keygen.isEmpty()
        || TestEnv::run(keygen, {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"),
                                 QStringLiteral("-f"), hostPublicKeyFile()},
                        &output)
            != 0)
        return {};
    // "256 SHA256:abc... comment (ED25519)"
    const QStringList fields = output.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return fields.size() >= 2 ? fields.at(1) : QString();
}

bool SshServer::createPasswordUser(QString *user, QString *password)
{
    const QString useradd = TestEnv::requireBinary(QStringLiteral("useradd"), QStringLiteral("passwd"));
    const QString chpasswd = TestEnv::requireBinary(QStringLiteral("chpasswd"), QStringLiteral("passwd"));
    if (useradd.isEmpty() || chpasswd.isEmpty())
        return false;
    removePasswordUser();
    const QString name = QStringLiteral("tandem") + randomToken(8).toLower();
    const QString secret = randomToken(20);
    QString output;
    if (TestEnv::run(useradd, {QStringLiteral("-M"), QStringLiteral("-s"), QStringLiteral("/bin/sh"),
                               QStringLiteral("-d"), QStringLiteral("/nonexistent"), name},
                     &output)
        != 0) {
        m_error = QStringLiteral("useradd failed: ") + output;
        return false;
    }
    m_passwordUser = name;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(chpasswd, {});
    if (!p.waitForStarted(5000)) {
        m_error = QStringLiteral("chpasswd did not start");
        return false;
    }
    p.write((name + QLatin1Char(':') + secret + QLatin1Char('\n')).toUtf8());
    p.closeWriteChannel();
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("chpasswd failed: ") + QString::fromUtf8(p.readAll());
        return false;
    }
    *user = name;
    *password = secret;
    return true;
}

void SshServer::removePasswordUser()
{
    if (m_passwordUser.isEmpty())
        return;
    const QString userdel = TestEnv::findBinary(QStringLiteral("userdel"));
    if (!userdel.isEmpty())
        TestEnv::run(userdel, {QStringLiteral("-f"), m_passwordUser});
    m_passwordUser.clear();
}
