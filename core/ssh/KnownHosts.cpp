#include "KnownHosts.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>

namespace {

const QLatin1String kSha256Prefix("SHA256:");

QString globalFile()
{
    return QStringLiteral("/etc/ssh/ssh_known_hosts");
}

// One known_hosts host field entry ("name", "[name]:port", "|1|salt|hash", "*.example.com").
bool patternMatches(const QByteArray &pattern, const QByteArray &name)
{
    if (pattern.startsWith("|1|")) {
        const QList<QByteArray> parts = pattern.mid(3).split('|');
        if (parts.size() != 2)
            return false;
        const QByteArray salt = QByteArray::fromBase64(parts.at(0));
        const QByteArray mac = QMessageAuthenticationCode::hash(name, salt,
                                                                QCryptographicHash::Sha1);
        return mac == QByteArray::fromBase64(parts.at(1));
    }
    if (pattern.contains('*') || pattern.contains('?')) {
        // Host names hold no '/', so glob-style (anchored) conversion is exact enough.
        const QRegularExpression re(
            QRegularExpression::wildcardToRegularExpression(QString::fromUtf8(pattern)));
        return re.match(QString::fromUtf8(name)).hasMatch();
    }
    return pattern == name;
}

QString fileAndLines(const QString &file, const QList<int> &lines)
{
    if (lines.isEmpty())
        return file;
    QStringList numbers;
    for (int line : lines)
        numbers << QString::number(line);
    return (lines.size() == 1 ? QStringLiteral("line %1 of %2") : QStringLiteral("lines %1 of %2"))
        .arg(numbers.join(QStringLiteral(", ")), file);
}

} // namespace

QString KnownHosts::userFile(const QString &configured)
{
    if (configured.isEmpty())
        return QDir::homePath() + QStringLiteral("/.ssh/known_hosts");
    if (configured == QLatin1String("~") || configured.startsWith(QLatin1String("~/")))
        return QDir::homePath() + configured.mid(1);
    return QFileInfo(configured).absoluteFilePath();
}

bool KnownHosts::prepareForWrite(const QString &file, QString *error)
{
    const QFileInfo info(file);
    QDir dir = info.absoluteDir();
    if (!dir.exists()) {
        if (!dir.mkpath(QStringLiteral("."))) {
            *error = QStringLiteral("cannot create directory %1").arg(dir.absolutePath());
            return false;
        }
        // A new ~/.ssh must not be readable by others, like OpenSSH creates it.
        QFile::setPermissions(dir.absolutePath(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    if (!info.exists()) {
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Append)) {
            *error = QStringLiteral("cannot create %1: %2").arg(file, f.errorString());
            return false;
        }
        f.close();
        QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    return true;
}

QString KnownHosts::hostPattern(const QString &host, quint16 port)
{
    if (port == 22)
        return host;
    return QLatin1Char('[') + host + QStringLiteral("]:") + QString::number(port);
}

QList<int> KnownHosts::linesFor(const QString &file, const QString &host, quint16 port)
{
    QList<int> result;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return result;
    const QByteArray name = hostPattern(host, port).toUtf8();
    int number = 0;
    while (!f.atEnd()) {
        ++number;
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.first().startsWith('@'))  // @cert-authority / @revoked marker
            fields.removeFirst();
        if (fields.isEmpty())
            continue;
        bool matched = false;
        for (const QByteArray &pattern : fields.first().split(',')) {
            if (pattern.startsWith('!'))
                continue;
            if (patternMatches(pattern, name)) {
                matched = true;
                break;
            }
        }
        if (matched)
            result << number;
    }
    return result;
}

QString KnownHosts::normalizedFingerprint(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return t;
    if (t.startsWith(kSha256Prefix, Qt::CaseInsensitive))
        return kSha256Prefix + t.mid(kSha256Prefix.size());
    return kSha256Prefix + t;
}

QString KnownHosts::serverFingerprint(ssh_session session, QString *keyType)
{
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(session, &key) != SSH_OK || !key)
        return {};
    if (keyType)
        *keyType = QString::fromUtf8(ssh_key_type_to_char(ssh_key_type(key)));
    unsigned char *hash = nullptr;
    size_t length = 0;
    QString result;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == 0) {
        char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
        if (text) {
            result = QString::fromUtf8(text);
            ssh_string_free_char(text);
        }
        ssh_clean_pubkey_hash(&hash);
    }
    ssh_key_free(key);
    return result;
}

NetError KnownHosts::verify(ssh_session session, const SshOptions &options, const QString &file)
{
    using Kind = NetError::Kind;
    const QString where = hostPattern(options.host, options.port);
    QString keyType;
    const QString fingerprint = serverFingerprint(session, &keyType);
    if (fingerprint.isEmpty())
        return NetError::make(Kind::Ssh,
                              QStringLiteral("Could not read the host key of SSH server %1.").arg(where));

    switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
        return {};
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: {
        QList<int> lines = linesFor(file, options.host, options.port);
        QString recorded = fileAndLines(file, lines);
        QString removeHint = QStringLiteral("ssh-keygen -R '%1' -f %2").arg(where, file);
        if (lines.isEmpty()) {
            // The conflicting entry can only be in the system-wide file then.
            lines = linesFor(globalFile(), options.host, options.port);
            if (!lines.isEmpty()) {
                recorded = fileAndLines(globalFile(), lines);
                removeHint = QStringLiteral("ask an administrator to update %1").arg(globalFile());
            }
        }
        return NetError::make(
            Kind::SshHostKeyChanged,
            QStringLiteral("WARNING: the host key of SSH server %1 has CHANGED: it now presents an %2 "
                           "key with fingerprint %3, which does not match %4. Someone could be "
                           "intercepting this connection (man-in-the-middle attack), or the "
                           "server's key was replaced. Tandem did not log in. If the change is "
                           "expected, remove the old entry (%5) and connect again.")
                .arg(where, keyType, fingerprint, recorded, removeHint),
            fingerprint);
    }
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND: {
        const QString wanted = normalizedFingerprint(options.acceptFingerprint);
        if (!options.acceptNewHostKey && wanted != fingerprint) {
            const QString mismatch = wanted.isEmpty()
                ? QString()
                : QStringLiteral(" It does not match the fingerprint you asked to accept (%1).")
                      .arg(wanted);
            return NetError::make(
                Kind::SshHostKeyUnknown,
                QStringLiteral("The SSH server %1 is not known (no entry in %2). Its %3 host key "
                               "fingerprint is %4; verify it with the server's administrator "
                               "before accepting it.%5")
                    .arg(where, file, keyType, fingerprint, mismatch),
                fingerprint);
        }
        QString error;
        if (!prepareForWrite(file, &error))
            return NetError::make(Kind::Ssh,
                                  QStringLiteral("Cannot store the host key of %1: %2").arg(where, error),
                                  fingerprint);
        if (ssh_session_update_known_hosts(session) != SSH_OK)
            return NetError::make(Kind::Ssh,
                                  QStringLiteral("Cannot store the host key of %1 in %2: %3")
                                      .arg(where, file, QString::fromUtf8(ssh_get_error(session))),
                                  fingerprint);
        return {};
    }
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return NetError::make(Kind::Ssh,
                          QStringLiteral("Cannot check the host key of %1 against %2: %3")
                              .arg(where, file, QString::fromUtf8(ssh_get_error(session))),
                          fingerprint);
}
