#include "ConnectionProfile.h"

#include <QUrl>

namespace {

bool splitHostPort(const QString &text, QString *host, quint16 *port, QString *error)
{
    QString h = text;
    QString p;
    if (h.startsWith(QLatin1Char('['))) {
        const qsizetype close = h.indexOf(QLatin1Char(']'));
        if (close < 0) {
            *error = QStringLiteral("unbalanced '[' in address '%1'").arg(text);
            return false;
        }
        const QString rest = h.mid(close + 1);
        h = h.mid(1, close - 1);
        if (rest.startsWith(QLatin1Char(':')))
            p = rest.mid(1);
        else if (!rest.isEmpty()) {
            *error = QStringLiteral("unexpected text after ']' in '%1'").arg(text);
            return false;
        }
    } else if (h.count(QLatin1Char(':')) == 1) {
        const qsizetype colon = h.indexOf(QLatin1Char(':'));
        p = h.mid(colon + 1);
        h = h.left(colon);
    }
    if (h.isEmpty()) {
        *error = QStringLiteral("missing host in '%1'").arg(text);
        return false;
    }
    *host = h;
    if (!p.isEmpty()) {
        bool ok = false;
        const uint v = p.toUInt(&ok);
        if (!ok || v == 0 || v > 65535) {
            *error = QStringLiteral("invalid port '%1'").arg(p);
            return false;
        }
        *port = quint16(v);
    }
    return true;
}

} // namespace

QString SshOptions::sessionKey() const
{
    return user + QLatin1Char('@') + host + QLatin1Char(':') + QString::number(port)
        + QLatin1Char('|') + keyFile + QLatin1Char('|') + knownHostsFile;
}

QString ConnectionProfile::address() const
{
    if (host.contains(QLatin1Char(':')))
        return QLatin1Char('[') + host + QStringLiteral("]:") + QString::number(port);
    return host + QLatin1Char(':') + QString::number(port);
}

QString ConnectionProfile::displayName() const
{
    QString s = (tls.enabled ? QStringLiteral("rediss://") : QString()) + address();
    if (!user.isEmpty())
        s = user + QLatin1Char('@') + s;
    if (ssh.enabled) {
        s += QStringLiteral(" via ssh ");
        if (!ssh.user.isEmpty())
            s += ssh.user + QLatin1Char('@');
        s += ssh.host;
        if (ssh.port != 22)
            s += QLatin1Char(':') + QString::number(ssh.port);
    }
    return s;
}

bool ConnectionProfile::parseAddress(const QString &text, ConnectionProfile *profile, QString *error)
{
    const QString t = text.trimmed();
    if (t.isEmpty()) {
        *error = QStringLiteral("empty node address");
        return false;
    }
    if (!t.contains(QStringLiteral("://")))
        return splitHostPort(t, &profile->host, &profile->port, error);

    const QUrl url(t, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("redis") && scheme != QLatin1String("rediss"))) {
        *error = QStringLiteral("'%1' is not a redis:// or rediss:// address").arg(t);
        return false;
    }
    if (url.host().isEmpty()) {
        *error = QStringLiteral("missing host in '%1'").arg(t);
        return false;
    }
    profile->host = url.host();
    if (url.port() != -1)
        profile->port = quint16(url.port());
    if (scheme == QLatin1String("rediss"))
        profile->tls.enabled = true;
    // redis://:pass@host means password only (legacy AUTH).
    if (!url.userName().isEmpty())
        profile->user = url.userName();
    if (!url.password().isEmpty())
        profile->password = url.password();
    const QString path = url.path();
    if (!path.isEmpty() && path != QLatin1String("/")) {
        bool ok = false;
        const int db = path.mid(1).toInt(&ok);
        if (!ok || db < 0) {
            *error = QStringLiteral("invalid database number in '%1'").arg(path);
            return false;
        }
        profile->db = db;
    }
    return true;
}

bool ConnectionProfile::parseSshTarget(const QString &text, SshOptions *ssh, QString *error)
{
    QString t = text.trimmed();
    const qsizetype at = t.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        ssh->user = t.left(at);
        t = t.mid(at + 1);
    }
    if (!splitHostPort(t, &ssh->host, &ssh->port, error))
        return false;
    ssh->enabled = true;
    return true;
}
