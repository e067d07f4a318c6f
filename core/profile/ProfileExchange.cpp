#include "ProfileExchange.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace {

const QString kFormat = QStringLiteral("tandem-profiles");

// Reads typed fields of one JSON object; the first type or range error wins and later
// reads return defaults, so the caller checks once at the end.
class FieldReader
{
public:
    FieldReader(const QJsonObject &object, const QString &prefix, QString *error)
        : m_object(object), m_prefix(prefix), m_error(error) {}

    QString string(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() || v.isNull())
            return QString();
        if (!v.isString())
            fail(key, ProfileExchange::tr("must be text"));
        return v.toString();
    }
    bool boolean(const QString &key, bool fallback)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isBool())
            fail(key, ProfileExchange::tr("must be true or false"));
        return v.toBool(fallback);
    }
    int integer(const QString &key, int fallback, int min, int max)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        const double d = v.toDouble(-1.0);
        if (!v.isDouble() || d != double(qint64(d)) || d < min || d > max) {
            fail(key, ProfileExchange::tr("must be a whole number from %1 to %2").arg(min).arg(max));
            return fallback;
        }
        return int(d);
    }
    QJsonObject object(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (!v.isUndefined() && !v.isNull() && !v.isObject())
            fail(key, ProfileExchange::tr("must be an object"));
        return v.toObject();
    }
    void fail(const QString &key, const QString &why)
    {
        if (m_error->isEmpty())
            *m_error = QStringLiteral("%1%2 %3").arg(m_prefix, key, why);
    }

private:
    const QJsonObject &m_object;
    QString m_prefix;
    QString *m_error;
};

QJsonObject tlsToJson(const TlsOptions &tls)
{
    return {{QStringLiteral("enabled"), tls.enabled},
            {QStringLiteral("caFile"), tls.caFile},
            {QStringLiteral("certFile"), tls.certFile},
            {QStringLiteral("keyFile"), tls.keyFile},
            {QStringLiteral("serverName"), tls.serverName},
            {QStringLiteral("insecure"), tls.insecure}};
}

QJsonObject sshToJson(const SshOptions &ssh)
{
    return {{QStringLiteral("enabled"), ssh.enabled},
            {QStringLiteral("host"), ssh.host},
            {QStringLiteral("port"), int(ssh.port)},
            {QStringLiteral("user"), ssh.user},
            {QStringLiteral("keyFile"), ssh.keyFile},
            {QStringLiteral("knownHostsFile"), ssh.knownHostsFile},
            {QStringLiteral("useAgent"), ssh.useAgent},
            {QStringLiteral("acceptNewHostKey"), ssh.acceptNewHostKey},
            {QStringLiteral("acceptFingerprint"), ssh.acceptFingerprint},
            {QStringLiteral("keepaliveSeconds"), ssh.keepaliveSeconds}};
}

// Only these fields are read; nothing else in the file can reach a profile.
// Secret-looking keys are noticed so the user learns they were ignored.
struct SecretField
{
    QString key;
    SecretKind kind;
    bool inSsh;
};

const QList<SecretField> &secretFields()
{
    static const QList<SecretField> fields = {
        {QStringLiteral("password"), SecretKind::Password, false},
        {QStringLiteral("keyPassphrase"), SecretKind::SshPassphrase, true},
        {QStringLiteral("passphrase"), SecretKind::SshPassphrase, true},
        {QStringLiteral("password"), SecretKind::SshPassword, true},
    };
    return fields;
}

bool isPlainHost(const QString &host)
{
    // A URL or user@host here would smuggle in parts we read elsewhere (or a password).
    return !host.isEmpty() && !host.contains(QLatin1Char('/')) && !host.contains(QLatin1Char('@'))
        && !host.contains(QLatin1Char(' '));
}

} // namespace

QByteArray ProfileExchange::exportProfiles(const QList<SavedProfile> &profiles)
{
    QJsonArray entries;
    for (const SavedProfile &saved : profiles) {
        const ConnectionProfile &p = saved.profile;
        QJsonArray secrets;
        for (SecretKind kind : SecretKinds::all()) {
            // Whether the profile needs a secret, from its flags or from values a caller left in.
            if (saved.uses(kind) || !SecretKinds::value(p, kind).isEmpty())
                secrets.append(SecretKinds::id(kind));
        }
        entries.append(QJsonObject{{QStringLiteral("name"), p.name},
                                   {QStringLiteral("host"), p.host},
                                   {QStringLiteral("port"), int(p.port)},
                                   {QStringLiteral("user"), p.user},
                                   {QStringLiteral("db"), p.db},
                                   {QStringLiteral("connectTimeoutMs"), p.connectTimeoutMs},
                                   {QStringLiteral("commandTimeoutMs"), p.commandTimeoutMs},
                                   {QStringLiteral("tls"), tlsToJson(p.tls)},
                                   {QStringLiteral("ssh"), sshToJson(p.ssh)},
                                   {QStringLiteral("secrets"), secrets}});
    }
    const QJsonObject root{{QStringLiteral("format"), kFormat},
                           {QStringLiteral("version"), kVersion},
                           {QStringLiteral("profiles"), entries}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

ProfileExchange::ImportResult ProfileExchange::importProfiles(const QByteArray &json)
{
    ImportResult result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = tr("Not a valid JSON file: %1 at byte %2.")
                           .arg(parseError.errorString()).arg(parseError.offset);
        return result;
    }
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(QStringLiteral("format")).toString() != kFormat) {
        result.error = tr("Not a Tandem profile file (\"format\" is not \"%1\").").arg(kFormat);
        return result;
    }
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() != double(version.toInt()) || version.toInt() < 1) {
        result.error = tr("The file has no valid \"version\".");
        return result;
    }
    if (version.toInt() > kVersion) {
        result.error = tr("The file is format version %1; this Tandem reads up to version %2. "
                          "Update Tandem to import it.").arg(version.toInt()).arg(kVersion);
        return result;
    }
    const QJsonValue list = root.value(QStringLiteral("profiles"));
    if (!list.isArray()) {
        result.error = tr("The file has no \"profiles\" list.");
        return result;
    }

    const QJsonArray entries = list.toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries.at(i).toObject();
        const QString name = entry.value(QStringLiteral("name")).toString();
        const QString label = name.isEmpty() ? tr("Profile %1").arg(i + 1)
                                             : tr("Profile %1 (\"%2\")").arg(i + 1).arg(name);
        if (!entries.at(i).isObject()) {
            result.problems.append(tr("%1: not an object; skipped.").arg(label));
            continue;
        }

        QString error;
        FieldReader r(entry, QString(), &error);
        SavedProfile saved;
        ConnectionProfile &p = saved.profile;
        p.name = r.string(QStringLiteral("name"));
        p.host = r.string(QStringLiteral("host")).trimmed();
        if (error.isEmpty() && !isPlainHost(p.host))
            r.fail(QStringLiteral("host"), tr("must be a host name or IP address"));
        p.port = quint16(r.integer(QStringLiteral("port"), p.port, 1, 65535));
        p.user = r.string(QStringLiteral("user"));
        p.db = r.integer(QStringLiteral("db"), p.db, 0, 9999);
        p.connectTimeoutMs = r.integer(QStringLiteral("connectTimeoutMs"), p.connectTimeoutMs, 100, 3600000);
        p.commandTimeoutMs = r.integer(QStringLiteral("commandTimeoutMs"), p.commandTimeoutMs, 100, 3600000);

        const QJsonObject tlsObject = r.object(QStringLiteral("tls"));
        FieldReader t(tlsObject, QStringLiteral("tls."), &error);
        p.tls.enabled = t.boolean(QStringLiteral("enabled"), false);
        p.tls.caFile = t.string(QStringLiteral("caFile"));
        p.tls.certFile = t.string(QStringLiteral("certFile"));
        p.tls.keyFile = t.string(QStringLiteral("keyFile"));
        p.tls.serverName = t.string(QStringLiteral("serverName"));
        p.tls.insecure = t.boolean(QStringLiteral("insecure"), false);

        const QJsonObject sshObject = r.object(QStringLiteral("ssh"));
        FieldReader s(sshObject, QStringLiteral("ssh."), &error);
        p.ssh.enabled = s.boolean(QStringLiteral("enabled"), false);
        p.ssh.host = s.string(QStringLiteral("host")).trimmed();
        p.ssh.port = quint16(s.integer(QStringLiteral("port"), p.ssh.port, 1, 65535));
        p.ssh.user = s.string(QStringLiteral("user"));
        p.ssh.keyFile = s.string(QStringLiteral("keyFile"));
        p.ssh.knownHostsFile = s.string(QStringLiteral("knownHostsFile"));
        p.ssh.useAgent = s.boolean(QStringLiteral("useAgent"), p.ssh.useAgent);
        p.ssh.acceptNewHostKey = s.boolean(QStringLiteral("acceptNewHostKey"), false);
        p.ssh.acceptFingerprint = s.string(QStringLiteral("acceptFingerprint"));
        p.ssh.keepaliveSeconds = s.integer(QStringLiteral("keepaliveSeconds"), p.ssh.keepaliveSeconds, 0, 3600);
        if (error.isEmpty() && p.ssh.enabled && !isPlainHost(p.ssh.host))
            s.fail(QStringLiteral("host"), tr("must be a host name or IP address when SSH is enabled"));

        const QJsonValue secrets = entry.value(QStringLiteral("secrets"));
        if (!secrets.isUndefined() && !secrets.isArray())
            r.fail(QStringLiteral("secrets"), tr("must be a list"));
        const QJsonArray secretList = secrets.toArray();
        for (const QJsonValue &v : secretList) {
            SecretKind kind;
            if (!SecretKinds::fromId(v.toString(), &kind))
                r.fail(QStringLiteral("secrets"), tr("contains an unknown entry \"%1\"").arg(v.toString()));
            else if (!saved.uses(kind))
                saved.secrets.append(kind);
        }

        if (!error.isEmpty()) {
            result.problems.append(tr("%1: %2; skipped.").arg(label, error));
            continue;
        }

        // Secret values are never imported, whatever the file holds. The profile still
        // remembers it needs them, so Tandem asks on connect.
        QStringList ignored;
        for (const SecretField &f : secretFields()) {
            const QJsonObject &holder = f.inSsh ? sshObject : entry;
            if (!holder.contains(f.key))
                continue;
            ignored.append(f.inSsh ? QStringLiteral("ssh.") + f.key : f.key);
            if (!holder.value(f.key).toString().isEmpty() && !saved.uses(f.kind))
                saved.secrets.append(f.kind);
        }
        if (!ignored.isEmpty()) {
            result.notes.append(tr("%1: the file contains secrets (%2); they were ignored. "
                                   "Secrets are never imported; Tandem will ask for them when "
                                   "connecting.").arg(label, ignored.join(QStringLiteral(", "))));
        }
        result.profiles.append(saved);
    }
    return result;
}

bool ProfileExchange::exportToFile(const QString &path, const QList<SavedProfile> &profiles,
                                   QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(exportProfiles(profiles));
    if (!file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

ProfileExchange::ImportResult ProfileExchange::importFromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ImportResult result;
        result.error = tr("Cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    return importProfiles(file.readAll());
}
