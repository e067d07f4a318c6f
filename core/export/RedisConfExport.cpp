#include "RedisConfExport.h"

#include "config/ConfigDiff.h"
#include "config/ConfigDocument.h"
#include "config/ConfigSchema.h"
#include "config/ConfigSections.h"
#include "config/LiveConfig.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QMap>
#include <QSet>

namespace {

using ArgLines = QList<QList<QByteArray>>;

QByteArray textOf(const QList<QByteArray> &lines)
{
    QByteArray out;
    for (const QByteArray &l : lines)
        out.append(l).append('\n');
    return out;
}

QByteArray sectionBanner(const QByteArray &section)
{
    const QByteArray title = ' ' + section + ' ';
    const qsizetype left = std::max<qsizetype>(3, (80 - title.size()) / 2);
    const qsizetype right = std::max<qsizetype>(3, 80 - left - title.size());
    return QByteArray(left, '#') + title + QByteArray(right, '#');
}

// `doc` with each line of `name` (or its alias) replaced by `lines` at the first one's place.
// False when the file has no such line.
bool replaceDirective(ConfigDocument &doc, const QByteArray &name, const ArgLines &lines)
{
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(name);
    const QByteArray alias = d && d->alias ? QByteArray(d->alias) : QByteArray();
    QByteArray out;
    bool done = false;
    for (const ConfigLine &l : doc.lines()) {
        const bool match = l.kind == ConfigLine::Kind::Directive
                           && (l.lowerName() == name || (!alias.isEmpty() && l.lowerName() == alias));
        if (!match) {
            out.append(l.raw).append(l.ending);
            continue;
        }
        if (!done) {
            const QByteArray ending = l.ending.isEmpty() ? QByteArrayLiteral("\n") : l.ending;
            for (const QList<QByteArray> &args : lines)
                out.append(LiveConfig::directiveLine(name, args)).append(ending);
            done = true;
        }
    }
    if (done)
        doc = ConfigDocument::parse(out, doc.path());
    return done;
}

// Secrets out of the final text: sensitive directives get the placeholder, clear ACL
// passwords (">secret") their SHA-256 ("#hex"), which redis-server accepts as the same user.
void maskSecrets(ConfigDocument &doc, RedisConfExportResult &result)
{
    QSet<QByteArray> hidden;
    for (int i = 0; i < doc.lines().size(); ++i) {
        const ConfigLine l = doc.lines().at(i);
        if (l.kind != ConfigLine::Kind::Directive)
            continue;
        const QByteArray name = l.lowerName();
        if (name == "user") {
            QList<QByteArray> args = l.args;
            bool changed = false;
            for (QByteArray &a : args) {
                if (a.startsWith('>')) {
                    a = '#' + QCryptographicHash::hash(a.mid(1), QCryptographicHash::Sha256).toHex();
                    changed = true;
                }
            }
            if (changed) {
                doc.replaceLine(i, LiveConfig::directiveLine(l.name, args));
                hidden.insert("user");
            }
        } else if (LiveConfig::isSecret(name) && !l.args.isEmpty() && !l.args.first().isEmpty()
            && l.args.first() != LiveConfig::placeholder()) {
            doc.replaceLine(i, LiveConfig::directiveLine(name, {LiveConfig::placeholder()}));
            hidden.insert(name);
        }
    }
    result.secretsHidden = QStringList();
    for (const QByteArray &n : hidden)
        result.secretsHidden.append(QString::fromLatin1(n));
    result.secretsHidden.sort();
}

QList<QByteArray> secretNamesIn(const ConfigDocument &doc)
{
    QList<QByteArray> names;
    for (const ConfigLine &l : doc.lines()) {
        if (l.kind != ConfigLine::Kind::Directive || l.args.isEmpty() || names.contains(l.lowerName()))
            continue;
        // ACL users carry a clear secret only as ">password" ("#hash" is none).
        const bool secret = l.lowerName() == "user"
                                ? std::any_of(l.args.cbegin(), l.args.cend(), [](const QByteArray &a) { return a.startsWith('>'); })
                                : LiveConfig::isSecret(l.lowerName()) && !l.args.first().isEmpty();
        if (secret)
            names.append(l.lowerName());
    }
    return names;
}

// Names grouped by redis.conf section, sections in the stock file's order.
QMap<int, QList<QByteArray>> bySection(const QList<QByteArray> &names)
{
    const QList<QByteArray> &order = ConfigSections::order();
    QMap<int, QList<QByteArray>> groups;
    for (const QByteArray &n : names)
        groups[static_cast<int>(order.indexOf(ConfigSections::sectionOf(n)))].append(n);
    return groups;
}

// The settings where `doc` and the running values differ (absent = the default).
QList<ConfigDifference> differencesFromLive(const ConfigDocument &doc, const QMap<QByteArray, QByteArray> &live)
{
    ConfigDiff::Options diffOptions;
    diffOptions.maskSecrets = false;
    QList<QPair<QByteArray, QByteArray>> pairs;
    for (auto it = live.cbegin(); it != live.cend(); ++it)
        pairs.append({it.key(), it.value()});
    return ConfigDiff::compare(doc, LiveConfig::fromPairs(pairs, LiveConfig::Secrets::Show), diffOptions);
}

// The file's own settings put to their running values. Returns how many changed.
int updateFromLive(ConfigDocument &doc, const QMap<QByteArray, QByteArray> &live)
{
    QSet<QByteArray> changed;
    for (const ConfigDifference &d : differencesFromLive(doc, live)) {
        if (d.right.present && live.contains(d.directive))
            changed.insert(d.directive);
    }
    // replicaof: "" on a master writes no line, so the diff cannot see a file that still
    // names a master; compare it directly.
    const QList<QByteArray> fileRepl = doc.effective("replicaof").isEmpty() ? doc.effective("slaveof")
                                                                            : doc.effective("replicaof");
    if (QByteArrayList(fileRepl.cbegin(), fileRepl.cend()).join(' ') != live.value("replicaof").trimmed())
        changed.insert("replicaof");

    int count = 0;
    QList<QByteArray> names(changed.cbegin(), changed.cend());
    std::sort(names.begin(), names.end());
    for (const QByteArray &name : names) {
        const ArgLines lines = LiveConfig::linesFor(name, live.value(name));
        ++count;
        if (replaceDirective(doc, name, lines))
            continue;
        if (lines.size() == 1) {
            doc.set(name, lines.first());
        } else {
            QByteArray bytes = doc.toBytes();
            if (!bytes.isEmpty() && !bytes.endsWith('\n'))
                bytes.append('\n');
            for (const QList<QByteArray> &args : lines)
                bytes.append(LiveConfig::directiveLine(name, args)).append('\n');
            doc = ConfigDocument::parse(bytes, doc.path());
        }
    }
    return count;
}

} // namespace

QList<QByteArray> RedisConfExport::userDirectives(const QList<QByteArray> &aclUsers)
{
    static const QSet<QByteArray> plainDefault{"on", "nopass", "sanitize-payload", "~*", "&*", "+@all"};
    QList<QByteArray> out;
    for (const QByteArray &line : aclUsers) {
        const QList<QByteArray> words = line.split(' ');
        if (words.size() < 2 || words.first() != "user")
            continue;
        if (words.at(1) == "default") {
            bool restricted = false;
            for (qsizetype i = 2; i < words.size(); ++i) {
                if (!plainDefault.contains(words.at(i)) && !words.at(i).startsWith('#'))
                    restricted = true;
            }
            if (!restricted)
                continue;
        }
        out.append(line);
    }
    return out;
}

QString RedisConfExport::fileNameFor(const QString &address)
{
    QString safe = address;
    safe.remove(QLatin1Char('[')).remove(QLatin1Char(']'));
    safe.replace(QLatin1Char(':'), QLatin1Char('-')).replace(QLatin1Char('/'), QLatin1Char('-'));
    return QStringLiteral("redis-%1.conf").arg(safe);
}

QByteArray RedisConfExport::header(const RedisConfExportInput &input, const RedisConfExportOptions &options,
                                   const QString &origin)
{
    QList<QByteArray> lines;
    lines << QStringLiteral("# redis.conf of %1 (Redis %2)%3, exported by Tandem %4 on %5 UTC.")
                 .arg(input.address, input.versionText.isEmpty() ? QStringLiteral("?") : input.versionText,
                      options.minimal ? QStringLiteral(": only the settings that differ from the defaults") : QString(),
                      QStringLiteral(TANDEM_VERSION),
                      QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                 .toUtf8();
    lines << QByteArray("# " + origin.toUtf8() + '.');
    if (!options.omit.isEmpty())
        lines << QByteArray("# Left to the including file: " + options.omit.join(", ") + '.');
    return textOf(lines);
}

RedisConfExportResult RedisConfExport::build(const RedisConfExportInput &input, const RedisConfExportOptions &options)
{
    RedisConfExportResult result;
    QMap<QByteArray, QByteArray> live = LiveConfig::canonicalValues(input.live);
    for (const QByteArray &name : options.omit)
        live.remove(name);
    const bool aclFile = !live.value("aclfile").isEmpty();
    const ConfigSchema &schema = ConfigSchema::instance();

    ConfigDocument doc;
    if (input.haveFile && !options.minimal) {
        doc = ConfigDocument::parse(input.fileBytes, input.filePath);
        result.updatedSettings = updateFromLive(doc, live);
        result.origin = QStringLiteral("The node's own %1 with %2 setting(s) put to their running values")
                            .arg(input.filePath).arg(result.updatedSettings);
        if (!doc.directives("include").isEmpty())
            result.warnings << QStringLiteral("%1 includes other files; their content is not part of this export")
                                   .arg(input.filePath);
        for (const QByteArray &name : options.omit)
            doc.remove(name);
    } else {
        QList<QByteArray> names;
        if (options.minimal) {
            for (const ConfigDifference &d : differencesFromLive(ConfigDocument(), live)) {
                if (live.contains(d.directive))
                    names.append(d.directive);
            }
            if (!live.value("replicaof").trimmed().isEmpty() && !names.contains("replicaof"))
                names.append("replicaof");
            result.origin = QStringLiteral("Only the %1 running setting(s) that differ from Redis %2's defaults")
                                .arg(names.size()).arg(input.version.toString());
        } else {
            names = live.keys();
            result.origin = QStringLiteral("Generated from the node's CONFIG GET * (a node's own file is read only through SSH)");
        }
        QList<QByteArray> users;
        if (!aclFile && !options.omit.contains("user"))
            users = RedisConfExport::userDirectives(input.aclUsers);
        if (!users.isEmpty() && !names.contains("user"))
            names.append("user");
        QList<QByteArray> out;
        const QMap<int, QList<QByteArray>> groups = bySection(names);
        for (auto g = groups.cbegin(); g != groups.cend(); ++g) {
            out << QByteArray() << sectionBanner(ConfigSections::order().at(g.key())) << QByteArray();
            QList<QByteArray> sorted = g.value();
            std::sort(sorted.begin(), sorted.end());
            for (const QByteArray &name : sorted) {
                const ConfigSchema::Directive *d = schema.findIn(name, input.version);
                if (!d)
                    d = schema.find(name);
                if (options.minimal && d && d->description)
                    out << QByteArray(QByteArrayLiteral("# ") + d->description + " (default: "
                                      + (d->defaultValue && *d->defaultValue ? QByteArray(d->defaultValue) : QByteArray("\"\""))
                                      + ')');
                if (name == "user") {
                    out << users;
                    continue;
                }
                for (const QList<QByteArray> &args : LiveConfig::linesFor(name, live.value(name)))
                    out << LiveConfig::directiveLine(name, args);
            }
        }
        doc = ConfigDocument::parse(textOf(out));
    }

    const QList<QByteArray> secrets = secretNamesIn(doc);
    if (!options.includeSecrets) {
        maskSecrets(doc, result);
        if (!result.secretsHidden.isEmpty())
        {
            QStringList placeholders = result.secretsHidden;
            if (placeholders.removeAll(QStringLiteral("user")) > 0)
                result.warnings << QStringLiteral("clear ACL passwords in user lines were written as their SHA-256 "
                                                  "(\"#<hex>\"), which Redis accepts for the same password");
            if (!placeholders.isEmpty())
                result.warnings << QStringLiteral("%1 replaced by %2: fill in the real value before using the file, "
                                                  "or export with secrets included")
                                       .arg(placeholders.join(QStringLiteral(", ")),
                                            QString::fromLatin1(LiveConfig::placeholder()));
        }
    } else if (!secrets.isEmpty()) {
        QStringList names;
        for (const QByteArray &n : secrets)
            names << QString::fromLatin1(n);
        result.warnings << QStringLiteral("the file contains passwords in clear (%1): keep it private")
                               .arg(names.join(QStringLiteral(", ")));
    }
    result.bytes = header(input, options, result.origin) + doc.toBytes();
    return result;
}
