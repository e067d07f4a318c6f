#include "ValidateCommand.h"

#include "LiveConfigFetcher.h"

#include "config/ConfigAdvisor.h"
#include "config/ConfigValidator.h"
#include "net/ConnectionOptions.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace {

const QString kVersion = QStringLiteral("redis-version");
const QString kAgainst = QStringLiteral("against");

// One output entry per file: the named file first, then each included file in the order it
// was read; diagnostics in line order within each.
QList<QPair<QString, QList<ConfigDiagnostic>>> byFile(const QString &path,
                                                      const QList<ConfigDiagnostic> &diagnostics)
{
    QList<QPair<QString, QList<ConfigDiagnostic>>> groups{{path, {}}};
    for (const ConfigDiagnostic &d : diagnostics) {
        const QString file = d.file.isEmpty() ? path : d.file;
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const auto &g) { return g.first == file; });
        if (it == groups.end()) {
            groups.append({file, {}});
            it = groups.end() - 1;
        }
        it->second.append(d);
    }
    for (auto &g : groups)
        std::stable_sort(g.second.begin(), g.second.end(),
                         [](const ConfigDiagnostic &a, const ConfigDiagnostic &b) { return a.line < b.line; });
    return groups;
}

QString severityName(ConfigDiagnostic::Severity s)
{
    switch (s) {
    case ConfigDiagnostic::Severity::Error: return QStringLiteral("error");
    case ConfigDiagnostic::Severity::Warning: return QStringLiteral("warning");
    case ConfigDiagnostic::Severity::Info: return QStringLiteral("info");
    }
    return QStringLiteral("error");
}

} // namespace

void ValidateCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(
        QStringLiteral("Checks redis.conf files the way redis-server loads them (7.0 unless\n"
                       "--redis-version says otherwise), included files too.\n"
                       "Connection options apply to --against NODE."));
    ConnectionOptions::addTo(&m_parser);
    m_parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    m_parser.addOption({kVersion, QStringLiteral("Target redis release line, 2.8 to 7.2 (default 7.0)."),
                        QStringLiteral("X.Y")});
    m_parser.addOption({kAgainst, QStringLiteral("Also check the files against NODE (e.g. masterauth vs its requirepass)."),
                        QStringLiteral("NODE")});
    m_parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("redis.conf to check"),
                                   QStringLiteral("FILE..."));
    if (!parseArguments(m_parser, args))
        return;
    const QStringList paths = m_parser.positionalArguments();
    if (paths.isEmpty()) {
        usageError(QStringLiteral("validate needs at least one FILE"));
        return;
    }
    ConfigValidator::Options options;
    if (m_parser.isSet(kVersion)) {
        const QString v = m_parser.value(kVersion);
        const std::optional<RedisVersion> parsed = RedisVersion::parse(v);
        QStringList known;
        for (const RedisVersion &k : RedisVersion::known())
            known.append(k.toString());
        if (!parsed || !RedisVersion::known().contains(*parsed)) {
            usageError(QStringLiteral("--redis-version: unknown release line '%1' (known: %2)")
                           .arg(v, known.join(QStringLiteral(", "))));
            return;
        }
        options.target = *parsed;
    }
    if (m_parser.isSet(kAgainst)) {
        ConnectionProfile profile;
        QString error;
        if (!LiveConfigFetcher::profileFor(m_parser.value(kAgainst), m_parser, &profile, &error)) {
            usageError(error);
            return;
        }
        m_fetcher = new LiveConfigFetcher(profile, this);
    }

    for (const QString &path : paths) {
        FileResult f;
        f.path = path;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly)) {
            f.readable = true;
            f.doc = ConfigDocument::parse(file.readAll(), path);
            f.diagnostics = ConfigValidator::validate(f.doc, options);
            // What redis-server would refuse, then the replication risks it happily accepts.
            f.diagnostics += ConfigAdvisor::advise(f.doc);
        } else {
            // Not a usage error: the command line was fine, the file is the problem.
            ConfigDiagnostic d;
            d.code = QStringLiteral("file-unreadable");
            d.message = QStringLiteral("cannot read file: %1").arg(file.errorString());
            f.diagnostics.append(d);
        }
        m_files.append(f);
    }

    if (!m_fetcher) {
        print();
        return;
    }
    connect(m_fetcher, &LiveConfigFetcher::loaded, this, [this] {
        checkAgainstNode();
        print();
    });
    connect(m_fetcher, &LiveConfigFetcher::failed, this, [this](const NetError &e) {
        finish(LiveConfigFetcher::report(e, m_fetcher->profile(), err()));
    });
    m_fetcher->start();
}

void ValidateCommand::checkAgainstNode()
{
    // A replica configured with this file authenticates to NODE with masterauth: a
    // mismatch means replication will fail with "-NOAUTH"/"-WRONGPASS". Only the fact is
    // reported, never either password.
    const QByteArray requirepass = m_fetcher->value(QByteArrayLiteral("requirepass"));
    for (FileResult &f : m_files) {
        if (!f.readable)
            continue;
        const QList<const ConfigLine *> lines = f.doc.directives(QByteArrayLiteral("masterauth"));
        if (lines.isEmpty())
            continue;
        const ConfigLine *last = lines.last();
        if (last->args.value(0) == requirepass)
            continue;
        ConfigDiagnostic d;
        d.line = last->number;
        d.column = last->argColumns.value(0, last->nameColumn);
        d.severity = ConfigDiagnostic::Severity::Warning;
        d.code = QStringLiteral("masterauth-mismatch");
        d.message = requirepass.isEmpty()
            ? QStringLiteral("masterauth is set but %1 has no requirepass").arg(m_fetcher->profile().address())
            : QStringLiteral("masterauth differs from the requirepass of %1").arg(m_fetcher->profile().address());
        f.diagnostics.append(d);
    }
}

void ValidateCommand::print()
{
    bool anyError = false;
    int errors = 0;
    int warnings = 0;
    for (const FileResult &f : std::as_const(m_files)) {
        for (const ConfigDiagnostic &d : f.diagnostics) {
            if (d.severity == ConfigDiagnostic::Severity::Error) {
                anyError = true;
                ++errors;
            } else if (d.severity == ConfigDiagnostic::Severity::Warning) {
                ++warnings;
            }
        }
    }

    qsizetype fileCount = 0;
    if (m_parser.isSet(QStringLiteral("json"))) {
        QJsonArray files;
        for (const FileResult &f : std::as_const(m_files)) {
            for (const auto &group : byFile(f.path, f.diagnostics)) {
                QJsonArray diags;
                for (const ConfigDiagnostic &d : group.second) {
                    QJsonObject o;
                    o.insert(QStringLiteral("line"), d.line);
                    o.insert(QStringLiteral("column"), d.column);
                    o.insert(QStringLiteral("severity"), severityName(d.severity));
                    o.insert(QStringLiteral("code"), d.code);
                    o.insert(QStringLiteral("message"), d.message);
                    o.insert(QStringLiteral("fix"), d.fix.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(d.fix));
                    diags.append(o);
                }
                QJsonObject o;
                o.insert(QStringLiteral("path"), group.first);
                o.insert(QStringLiteral("diagnostics"), diags);
                files.append(o);
            }
        }
        QJsonObject top;
        top.insert(QStringLiteral("files"), files);
        out() << QJsonDocument(top).toJson(QJsonDocument::Indented);
    } else {
        for (const FileResult &f : std::as_const(m_files)) {
            for (const auto &group : byFile(f.path, f.diagnostics)) {
                ++fileCount;
                for (const ConfigDiagnostic &d : group.second) {
                    // Compiler style, so editors and CI annotators pick it up. Line 0 means
                    // "the whole file" (it could not be read).
                    out() << group.first;
                    if (d.line > 0)
                        out() << ":" << d.line << ":" << d.column;
                    out() << ": " << severityName(d.severity) << ": " << d.message << " [" << d.code << "]\n";
                    if (!d.fix.isEmpty())
                        out() << "  fix: " << d.fix << "\n";
                }
            }
        }
        err() << fileCount << (fileCount == 1 ? " file" : " files") << " checked: " << errors
              << (errors == 1 ? " error, " : " errors, ") << warnings << (warnings == 1 ? " warning\n" : " warnings\n");
    }
    finish(anyError ? ExitProblem : ExitOk);
}
