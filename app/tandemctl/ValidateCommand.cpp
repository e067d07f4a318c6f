#include "ValidateCommand.h"

#include "LiveConfigFetcher.h"

#include "config/ConfigAdvisor.h"
#include "config/ConfigValidator.h"
#include "net/ConnectionOptions.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace {

const QString kJson = QStringLiteral("json");
const QString kVersion = QStringLiteral("redis-version");
const QString kAgainst = QStringLiteral("against");

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
        QStringLiteral("Checks redis.conf files the way redis-server 7.0 loads them.\n"
                       "Connection options apply to --against NODE."));
    ConnectionOptions::addTo(&m_parser);
    m_parser.addOption({kJson, QStringLiteral("Print JSON.")});
    m_parser.addOption({kVersion, QStringLiteral("Target redis version (checks use the 7.0 table)."),
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
    if (m_parser.isSet(kVersion)) {
        const QString v = m_parser.value(kVersion);
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("^(\\d+)\\.(\\d+)(\\.\\d+)?$")).match(v);
        if (!m.hasMatch()) {
            usageError(QStringLiteral("--redis-version wants X.Y (e.g. 7.0), not '%1'").arg(v));
            return;
        }
        // Only the 7.0 table exists; say so rather than pretend to know another version.
        if (m.captured(1) != QLatin1String("7") || m.captured(2) != QLatin1String("0"))
            err() << "tandemctl: note: checking against the redis 7.0 directive table; "
                  << "version-specific checks for " << v << " are approximate\n";
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
            f.diagnostics = ConfigValidator::validate(f.doc);
            // What redis-server would refuse, then the replication risks it happily accepts.
            f.diagnostics += ConfigAdvisor::advise(f.doc);
            std::stable_sort(f.diagnostics.begin(), f.diagnostics.end(),
                             [](const ConfigDiagnostic &a, const ConfigDiagnostic &b) { return a.line < b.line; });
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
    connect(m_fetcher, &LiveConfigFetcher::fetched, this, [this] {
        checkAgainstNode();
        print();
    });
    connect(m_fetcher, &LiveConfigFetcher::failed, this, [this](const NetError &e) {
        finish(LiveConfigFetcher::report(e, m_fetcher->profile(), err()));
    });
    m_fetcher->fetch();
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

    if (m_parser.isSet(kJson)) {
        QJsonArray files;
        for (const FileResult &f : std::as_const(m_files)) {
            QJsonArray diags;
            for (const ConfigDiagnostic &d : f.diagnostics) {
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
            o.insert(QStringLiteral("path"), f.path);
            o.insert(QStringLiteral("diagnostics"), diags);
            files.append(o);
        }
        QJsonObject top;
        top.insert(QStringLiteral("files"), files);
        out() << QJsonDocument(top).toJson(QJsonDocument::Indented);
    } else {
        for (const FileResult &f : std::as_const(m_files)) {
            for (const ConfigDiagnostic &d : f.diagnostics) {
                // Compiler style, so editors and CI annotators pick it up. Line 0 means
                // "the whole file" (it could not be read).
                out() << f.path;
                if (d.line > 0)
                    out() << ":" << d.line << ":" << d.column;
                out() << ": " << severityName(d.severity) << ": " << d.message << " [" << d.code << "]\n";
                if (!d.fix.isEmpty())
                    out() << "  fix: " << d.fix << "\n";
            }
        }
        err() << m_files.size() << (m_files.size() == 1 ? " file" : " files") << " checked: " << errors
              << (errors == 1 ? " error, " : " errors, ") << warnings << (warnings == 1 ? " warning\n" : " warnings\n");
    }
    finish(anyError ? ExitProblem : ExitOk);
}
