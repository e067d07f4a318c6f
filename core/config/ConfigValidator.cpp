#include "ConfigValidator.h"

#include "ConfigDocument.h"
#include "ConfigIncludeResolver.h"
#include "ConfigSchema.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <optional>

namespace {

using Severity = ConfigDiagnostic::Severity;

ConfigDiagnostic diag(const ConfigLine &line, int column, Severity severity, const char *code,
                      const QString &message, const QString &fix = {})
{
    return ConfigDiagnostic{line.number, column, severity, QString::fromLatin1(code), message,
                            fix, QString()};
}

int argColumn(const ConfigLine &line, qsizetype i)
{
    return i >= 0 && i < line.argColumns.size() ? line.argColumns.at(i) : line.nameColumn;
}

// util.c string2ll: optional '-', no '+', no spaces, no leading zeros, no overflow.
std::optional<long long> string2ll(const QByteArray &s)
{
    if (s.isEmpty() || s.size() > 20)
        return std::nullopt;
    if (s == "0")
        return 0LL;
    qsizetype p = 0;
    const bool negative = s.at(0) == '-';
    if (negative && ++p == s.size())
        return std::nullopt;
    if (s.at(p) < '1' || s.at(p) > '9')
        return std::nullopt;
    unsigned long long v = 0;
    for (; p < s.size(); ++p) {
        const char c = s.at(p);
        if (c < '0' || c > '9')
            return std::nullopt;
        if (v > (std::numeric_limits<unsigned long long>::max() - unsigned(c - '0')) / 10)
            return std::nullopt;
        v = v * 10 + unsigned(c - '0');
    }
    if (negative) {
        if (v > 9223372036854775808ULL)
            return std::nullopt;
        return v == 9223372036854775808ULL ? std::numeric_limits<long long>::min()
                                           : -static_cast<long long>(v);
    }
    if (v > 9223372036854775807ULL)
        return std::nullopt;
    return static_cast<long long>(v);
}

// util.c memtoull: digits then an optional unit; strtoull's wrap-around is kept on purpose,
// it decides what redis-server accepts.
std::optional<unsigned long long> memtoull(const QByteArray &s)
{
    if (s.startsWith('-'))
        return std::nullopt;
    qsizetype u = 0;
    while (u < s.size() && s.at(u) >= '0' && s.at(u) <= '9')
        ++u;
    const QByteArray unit = s.mid(u).toLower();
    unsigned long long mul = 1;
    if (unit.isEmpty() || unit == "b")
        mul = 1;
    else if (unit == "k")
        mul = 1000;
    else if (unit == "kb")
        mul = 1024;
    else if (unit == "m")
        mul = 1000ULL * 1000;
    else if (unit == "mb")
        mul = 1024ULL * 1024;
    else if (unit == "g")
        mul = 1000ULL * 1000 * 1000;
    else if (unit == "gb")
        mul = 1024ULL * 1024 * 1024;
    else
        return std::nullopt;
    if (u >= 128)
        return std::nullopt;
    const QByteArray digits = s.left(u);
    errno = 0;
    const unsigned long long v = std::strtoull(digits.constData(), nullptr, 10);
    return v * mul;
}

QString rangeMessage(const ConfigSchema::Directive &d)
{
    if (d.type == ConfigSchema::Type::Octal)
        return QStringLiteral("argument must be between %1 and %2 inclusive")
            .arg(QString::number(d.min, 8), QString::number(d.max, 8));
    return QStringLiteral("argument must be between %1 and %2 inclusive")
        .arg(QString::number(d.min), QString::number(d.max));
}

bool inRange(const ConfigSchema::Directive &d, long long v)
{
    if (v < d.min)
        return false;
    return v < 0 || static_cast<unsigned long long>(v) <= d.max;
}

// Splits one argument the way config.c re-splits a lone argument of a multi-arg directive.
std::optional<QList<QByteArray>> splitArgs(const QByteArray &text)
{
    const ConfigDocument doc = ConfigDocument::parse(QByteArray("x " + text));
    if (doc.lines().isEmpty())
        return QList<QByteArray>{};
    const ConfigLine &l = doc.lines().constFirst();
    if (l.kind == ConfigLine::Kind::Invalid)
        return std::nullopt;
    return l.args;
}

} // namespace

// State of one validation run across the main file and everything it includes, in the
// order redis-server reads them.
struct ConfigValidator::Walk
{
    explicit Walk(const Options &o) : options(o), resolver(o.loader, o.glob) {}

    ConfigValidator::Options options;
    ConfigIncludeResolver resolver;
    QList<ConfigDiagnostic> out;
    QHash<QByteArray, QPair<QString, int>> seen;  // canonical name -> (file, line) that set it
    // config.c's `dir` chdir()s while loading, so later relative includes resolve there.
    QString workingDir;
    QStringList loading;  // identities of the files being loaded, outermost first
    bool clusterEnabled = false;
    QString clusterFile;
    int clusterLine = 0;
    int clusterColumn = 0;
    bool replica = false;
    bool clusterReported = false;

    // config.c's sanity check, run at the end of every loadServerConfigFromString().
    void checkClusterReplica()
    {
        if (clusterReported || !clusterEnabled || !replica)
            return;
        clusterReported = true;
        out.append(ConfigDiagnostic{clusterLine, clusterColumn, Severity::Error,
                                    QStringLiteral("replicaof-in-cluster"),
                                    QStringLiteral("replicaof directive not allowed in cluster mode"),
                                    QString(), clusterFile});
    }
};

QList<ConfigDiagnostic> ConfigValidator::validate(const ConfigDocument &doc)
{
    return validate(doc, Options{});
}

QList<ConfigDiagnostic> ConfigValidator::validate(const ConfigDocument &doc, const Options &options)
{
    Walk walk(options);
    // Best guess for redis-server's working directory: where the file lives (an unsaved
    // document: ours). `dir` lines correct it as they come.
    walk.workingDir = doc.path().isEmpty() ? QDir::currentPath()
                                           : QFileInfo(doc.path()).absolutePath();
    if (!doc.path().isEmpty())
        walk.loading.append(ConfigIncludeResolver::identity(doc.path()));
    walkDocument(doc, QString(), walk, 0);
    walk.checkClusterReplica();

    // A file included twice (not recursively) would repeat its findings word for word.
    QList<ConfigDiagnostic> out;
    QSet<QString> included;
    for (const ConfigDiagnostic &d : std::as_const(walk.out)) {
        if (!d.file.isEmpty()) {
            const QString key = QStringList{d.file, QString::number(d.line), QString::number(d.column),
                                            d.code, d.message}.join(QChar(0));
            if (included.contains(key))
                continue;
            included.insert(key);
        }
        out.append(d);
    }
    return out;
}

void ConfigValidator::walkDocument(const ConfigDocument &doc, const QString &file, Walk &walk,
                                   int depth)
{
    const ConfigSchema &schema = ConfigSchema::instance();
    const RedisVersion target = walk.options.target;
    for (const ConfigLine &line : doc.lines()) {
        const qsizetype before = walk.out.size();
        checkLine(line, target, walk.out);
        for (qsizetype i = before; i < walk.out.size(); ++i)
            walk.out[i].file = file;
        if (line.kind != ConfigLine::Kind::Directive)
            continue;
        const QByteArray name = line.lowerName();
        if (name == "cluster-enabled") {
            walk.clusterEnabled = !line.args.isEmpty() && line.args.constFirst().toLower() == "yes";
            walk.clusterFile = file;
            walk.clusterLine = line.number;
            walk.clusterColumn = line.nameColumn;
        } else if (name == "replicaof" || name == "slaveof") {
            walk.replica = true;
        } else if (name == "dir" && line.args.size() == 1 && !line.args.constFirst().isEmpty()) {
            walk.workingDir = QDir::cleanPath(
                QDir(walk.workingDir).filePath(QString::fromLocal8Bit(line.args.constFirst())));
        } else if (name == "include" && line.args.size() == 1) {
            followInclude(line, file, walk, depth);
        }

        const ConfigSchema::Directive *d = schema.findIn(name, target);
        // Lines of these add up (save points, one buffer class each, users, modules...); any
        // other directive, replicaof and bind included, is overridden by a later line.
        static const QSet<QByteArray> accumulating = {"save", "client-output-buffer-limit", "include",
                                                      "rename-command", "user", "loadmodule", "sentinel"};
        if (!d || accumulating.contains(QByteArray(d->name)))
            continue;
        const QByteArray key(d->name);
        const auto it = walk.seen.constFind(key);
        if (it != walk.seen.cend()) {
            // Last wins across included files too: say where the overridden one was.
            const QString where = it->first == file
                ? QStringLiteral("line %1").arg(it->second)
                : QStringLiteral("line %1 of %2").arg(it->second).arg(
                      it->first.isEmpty() ? QStringLiteral("the main file") : it->first);
            walk.out.append(ConfigDiagnostic{line.number, line.nameColumn, Severity::Info,
                                             QStringLiteral("repeated-directive"),
                                             QStringLiteral("'%1' is set again; this occurrence (line %2) wins over %3")
                                                 .arg(QString::fromLatin1(key)).arg(line.number).arg(where),
                                             QString(), file});
        }
        walk.seen.insert(key, {file, line.number});
    }
}

void ConfigValidator::followInclude(const ConfigLine &line, const QString &file, Walk &walk,
                                    int depth)
{
    auto report = [&](int column, Severity severity, const char *code, const QString &message) {
        walk.out.append(ConfigDiagnostic{line.number, column, severity, QString::fromLatin1(code),
                                         message, QString(), file});
    };
    const QString pattern = QString::fromLocal8Bit(line.args.constFirst());
    if (!walk.options.followIncludes) {
        report(line.nameColumn, Severity::Info, "include-not-checked",
               QStringLiteral("Included files are not validated here"));
        return;
    }
    const ConfigIncludeResolver::Expansion e = walk.resolver.expand(pattern, walk.workingDir);
    const QString relativeNote = e.relative
        ? QStringLiteral(" (a relative path: redis-server resolves it against its working directory; checked as '%1')")
              .arg(e.resolved)
        : QString();
    if (e.glob && e.files.isEmpty()) {
        report(line.nameColumn, Severity::Info, "include-no-match",
               QStringLiteral("'%1' matches no file; redis-server skips it").arg(pattern) + relativeNote);
        return;
    }
    for (const ConfigIncludeResolver::File &f : e.files) {
        if (!f.bytes) {
            report(argColumn(line, 0), Severity::Error, "missing-include",
                   QStringLiteral("Fatal error, can't open config file '%1'").arg(e.glob ? f.path : pattern)
                       + relativeNote);
            continue;
        }
        const QString id = ConfigIncludeResolver::identity(f.path);
        if (walk.loading.contains(id)) {
            report(argColumn(line, 0), Severity::Error, "include-loop",
                   QStringLiteral("'%1' is already being loaded (%2): redis-server would include it again and again until it crashes")
                       .arg(f.path, QStringList(walk.loading.mid(walk.loading.indexOf(id)) << id)
                                        .join(QStringLiteral(" -> "))));
            continue;
        }
        if (depth + 1 > walk.options.maxIncludeDepth) {
            report(argColumn(line, 0), Severity::Error, "include-loop",
                   QStringLiteral("Includes nested more than %1 deep at '%2': most likely a loop")
                       .arg(walk.options.maxIncludeDepth).arg(f.path));
            continue;
        }
        const qsizetype before = walk.out.size();
        walk.loading.append(id);
        walkDocument(ConfigDocument::parse(*f.bytes, f.path), f.path, walk, depth + 1);
        walk.loading.removeLast();
        // The include line itself says how its file fared, for views that show one file.
        int errors = 0;
        const ConfigDiagnostic *first = nullptr;
        for (qsizetype i = before; i < walk.out.size(); ++i) {
            if (walk.out.at(i).severity == Severity::Error) {
                if (!first)
                    first = &walk.out.at(i);
                ++errors;
            }
        }
        if (first) {
            const QString summary =
                QStringLiteral("'%1' has %2 %3; first at %4:%5: %6")
                    .arg(f.path)
                    .arg(errors)
                    .arg(errors == 1 ? QStringLiteral("error") : QStringLiteral("errors"))
                    .arg(first->file.isEmpty() ? f.path : first->file)
                    .arg(first->line)
                    .arg(first->message);
            report(argColumn(line, 0), Severity::Info, "include-has-errors", summary);
        }
    }
    // A glob's matches are read as one string and checked once, like one file.
    walk.checkClusterReplica();
}

void ConfigValidator::checkLine(const ConfigLine &line, RedisVersion target,
                                QList<ConfigDiagnostic> &out)
{
    if (line.kind == ConfigLine::Kind::Invalid) {
        out.append(diag(line, 1, Severity::Error, "unbalanced-quotes",
                        QStringLiteral("Unbalanced quotes in configuration line")));
        return;
    }
    if (line.kind != ConfigLine::Kind::Directive)
        return;

    const ConfigSchema &schema = ConfigSchema::instance();
    const QByteArray name = line.lowerName();
    const QString qname = QString::fromUtf8(name);
    const ConfigSchema::Directive *d = schema.findIn(name, target);
    const qsizetype argc = line.args.size();
    const int col = line.nameColumn;
    const bool reference = target == RedisVersion::reference();

    auto badDirective = [&](const char *code) {
        QString fix;
        if (qstrcmp(code, "unknown-directive") == 0)
            fix = QString::fromLatin1(schema.suggest(name, target));
        out.append(diag(line, col, Severity::Error, code,
                        QStringLiteral("Bad directive or wrong number of arguments"), fix));
    };

    // A name another release line knows. For the reference line the verdict stays the plain
    // "Bad directive" redis-server 7.0 prints; for other lines say which release has it.
    const bool otherLine = schema.find(name) || schema.removedIn(name);
    if (!d && !reference && otherLine && !schema.knownIn(name, target)) {
        const RedisVersion since = schema.since(name);
        const auto removed = schema.removedIn(name);
        QString fix;
        QString message;
        if (target < since) {
            message = QStringLiteral("'%1' is not known to Redis %2 (added in %3)")
                          .arg(qname, target.toString(), since.toString());
            // The older name of the same setting, when this line has it.
            const ConfigSchema::Directive *canonical = schema.find(name);
            if (canonical && canonical->alias && schema.knownIn(canonical->alias, target))
                fix = QString::fromLatin1(canonical->alias);
        } else {
            message = QStringLiteral("'%1' is not known to Redis %2 (removed in %3)")
                          .arg(qname, target.toString(), removed ? removed->toString() : QString());
        }
        out.append(diag(line, col, Severity::Error, "unknown-in-version", message, fix));
        return;
    }

    if (!d || (d->type == ConfigSchema::Type::Special
               && ConfigSchema::handParsedNames().contains(QByteArray(d->name)))) {
        if (!d && ConfigSchema::ignoredNames().contains(name)) {
            // Real settings before 7.0 (ziplist lists, Lua effects replication), ignored since.
            if (target >= RedisVersion{7, 0})
                out.append(diag(line, col, Severity::Warning, "ignored-directive",
                                QStringLiteral("Configuration option '%1' is deprecated and will be ignored.").arg(qname)));
            return;
        }
        if (name == "include" && argc == 1)
            return;  // followed (or not) by the walk, which knows the including file
        if ((name == "rename-command" && argc == 2) || (name == "user" && argc >= 1)
            || (name == "loadmodule" && argc >= 1))
            return;
        if (name == "sentinel") {
            if (argc != 0)
                out.append(diag(line, col, Severity::Error, "sentinel-directive",
                                QStringLiteral("sentinel directive while not in sentinel mode")));
            return;
        }
        if (!d && name.contains('.')) {
            if (argc < 1)
                out.append(diag(line, col, Severity::Error, "wrong-arity",
                                QStringLiteral("Module config specified without value")));
            return;
        }
        badDirective(d ? "wrong-arity" : "unknown-directive");
        return;
    }

    // On a line that predates the new name, the old one is the only name: nothing to warn.
    if (schema.isAlias(name) && schema.knownIn(QByteArrayView(d->name), target))
        out.append(diag(line, col, Severity::Warning, "deprecated-alias",
                        QStringLiteral("'%1' is an old name for '%2'").arg(qname, QString::fromLatin1(d->name)),
                        QString::fromLatin1(d->name)));

    const bool multi = d->has(ConfigSchema::MultiArg);
    if (!multi && argc != 1) {
        out.append(diag(line, col, Severity::Error, "wrong-arity",
                        QStringLiteral("wrong number of arguments")));
        return;
    }
    QList<QByteArray> args = line.args;
    if (multi && argc == 1 && !args.at(0).isEmpty()) {
        const auto split = splitArgs(args.at(0));
        if (!split) {
            out.append(diag(line, argColumn(line, 0), Severity::Error, "unbalanced-quotes",
                            QStringLiteral("Invalid multi-argument")));
            return;
        }
        args = *split;
    }
    auto error = [&](qsizetype argIndex, const char *code, const QString &message) {
        out.append(diag(line, argColumn(line, std::min(argIndex, argc - 1)), Severity::Error, code,
                        message));
    };
    const QByteArray arg = args.isEmpty() ? QByteArray() : args.constFirst();

    switch (d->type) {
    case ConfigSchema::Type::Bool: {
        const QByteArray v = arg.toLower();
        if (v != "yes" && v != "no")
            error(0, "bad-bool", QStringLiteral("argument must be 'yes' or 'no'"));
        // Debian builds against the system jemalloc, which lacks the defrag hint API, so
        // its redis-server refuses this (isValidActiveDefrag).
        else if (name == "activedefrag" && v == "yes")
            error(0, "unsupported", QStringLiteral("Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution"));
        return;
    }
    case ConfigSchema::Type::Enum: {
        const QList<QByteArray> values = d->enumList();
        bool ok = !args.isEmpty();
        for (const QByteArray &a : std::as_const(args))
            ok = ok && values.contains(a.toLower());
        if (!ok) {
            QStringList names;
            for (const QByteArray &v : values)
                names.append(QString::fromLatin1(v));
            error(0, "bad-enum", QStringLiteral("argument(s) must be one of the following: %1")
                                     .arg(names.join(QStringLiteral(", "))));
        }
        return;
    }
    case ConfigSchema::Type::Integer: {
        const auto v = string2ll(arg);
        if (!v)
            error(0, "bad-number", QStringLiteral("argument couldn't be parsed into an integer"));
        else if (!inRange(*d, *v))
            error(0, "out-of-range", rangeMessage(*d));
        return;
    }
    case ConfigSchema::Type::Octal: {
        bool ok = false;
        const long long v = arg.toLongLong(&ok, 8);
        if (!ok || arg.isEmpty())
            error(0, "bad-number", QStringLiteral("argument couldn't be parsed as an octal number"));
        else if (!inRange(*d, v))
            error(0, "out-of-range", rangeMessage(*d));
        return;
    }
    case ConfigSchema::Type::Memory: {
        if (const auto v = memtoull(arg)) {
            if (*v > d->max || (d->min > 0 && *v < static_cast<unsigned long long>(d->min)))
                error(0, "out-of-range", rangeMessage(*d));
            return;
        }
        if (d->has(ConfigSchema::Percent) && arg.size() > 1 && arg.endsWith('%')) {
            const auto pct = string2ll(arg.chopped(1));
            if (pct && *pct >= 0) {
                if (*pct > -d->min)
                    error(0, "out-of-range",
                          QStringLiteral("percentage argument must be less or equal to %1").arg(-d->min));
                return;
            }
        }
        error(0, "bad-memory", d->has(ConfigSchema::Percent)
                                   ? QStringLiteral("argument must be a memory or percent value")
                                   : QStringLiteral("argument must be a memory value"));
        return;
    }
    case ConfigSchema::Type::String:
        if ((name == "dbfilename" || name == "appendfilename") && arg.contains('/'))
            error(0, "bad-string", QStringLiteral("%1 can't be a path, just a filename").arg(qname));
        if (name == "cluster-announce-hostname") {
            for (const char c : arg) {
                if (!QChar::isLetterOrNumber(uchar(c)) || uchar(c) > 127) {
                    if (c != '-' && c != '.') {
                        error(0, "bad-string", QStringLiteral("Hostnames may only contain alphanumeric characters, hyphens or dots"));
                        break;
                    }
                }
            }
        }
        if (name == "appenddirname" && arg.contains('/'))
            error(0, "bad-string", QStringLiteral("appenddirname can't be a path, just a dirname"));
        return;
    case ConfigSchema::Type::Special:
        break;
    }

    // Specials, each as its setter in config.c.
    if (name == "save") {
        if (args.size() == 1 && args.at(0).isEmpty())
            return;  // save "" turns snapshots off
        bool ok = args.size() % 2 == 0;
        for (qsizetype i = 0; ok && i < args.size(); ++i) {
            char *end = nullptr;
            const QByteArray a = args.at(i);
            const long long v = std::strtoll(a.constData(), &end, 10);
            ok = *end == '\0' && ((i % 2 == 0) ? v >= 1 : v >= 0);
        }
        if (!ok)
            error(0, "bad-save", QStringLiteral("Invalid save parameters"));
    } else if (name == "client-output-buffer-limit") {
        if (args.size() % 4 != 0) {
            error(0, "wrong-arity", QStringLiteral("Wrong number of arguments in buffer limit configuration."));
            return;
        }
        for (qsizetype i = 0; i < args.size(); i += 4) {
            const QByteArray cls = args.at(i).toLower();
            if (cls != "normal" && cls != "slave" && cls != "replica" && cls != "pubsub") {
                error(i, "bad-enum", QStringLiteral("Invalid client class specified in buffer limit configuration."));
                return;
            }
            char *end = nullptr;
            const QByteArray secs = args.at(i + 3);
            const long long s = std::strtoll(secs.constData(), &end, 10);
            if (!memtoull(args.at(i + 1)) || !memtoull(args.at(i + 2)) || s < 0 || *end != '\0') {
                error(i + 1, "bad-memory", QStringLiteral("Error in hard, soft or soft_seconds setting in buffer limit configuration."));
                return;
            }
        }
    } else if (name == "oom-score-adj-values") {
        bool ok = args.size() == 3;
        for (qsizetype i = 0; ok && i < args.size(); ++i) {
            char *end = nullptr;
            const QByteArray a = args.at(i);
            const long v = std::strtol(a.constData(), &end, 10);
            ok = *end == '\0' && v >= -2000 && v <= 2000;
        }
        if (!ok)
            error(0, "bad-oom-score", QStringLiteral("Invalid oom-score-adj-values"));
    } else if (name == "notify-keyspace-events") {
        for (const char c : arg) {
            if (!QByteArrayView("Ag$lshzxeKEtmdn").contains(c)) {
                error(0, "bad-enum", QStringLiteral("Invalid event class character. Use 'Ag$lshzxeKEtmdn'."));
                return;
            }
        }
    } else if (name == "bind") {
        if (args.size() > 16)
            error(0, "wrong-arity", QStringLiteral("Too many bind addresses specified."));
    } else if (name == "replicaof" || name == "slaveof") {
        if (args.size() != 2) {
            error(0, "wrong-arity", QStringLiteral("wrong number of arguments"));
            return;
        }
        if (args.at(0).toLower() == "no" && args.at(1).toLower() == "one")
            return;
        char *end = nullptr;
        const QByteArray p = args.at(1);
        const long port = std::strtol(p.constData(), &end, 10);
        if (port < 0 || port > 65535 || *end != '\0')
            error(1, "bad-number", QStringLiteral("Invalid master port"));
    } else if (name == "dir") {
        if (!QFileInfo(QString::fromLocal8Bit(arg)).isDir())
            error(0, "missing-dir", QStringLiteral("No such file or directory"));
    } else if (name == "latency-tracking-info-percentiles") {
        if (args.size() == 1 && args.at(0).isEmpty())
            return;  // "" clears the list
        for (qsizetype i = 0; i < args.size(); ++i) {
            bool ok = false;
            const double v = args.at(i).toDouble(&ok);
            if (!ok || v < 0 || v > 100) {
                error(i, "bad-number", QStringLiteral("latency-tracking-info-percentiles should be a list of doubles between 0 and 100"));
                return;
            }
        }
    }
}
