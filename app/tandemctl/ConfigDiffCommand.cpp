#include "ConfigDiffCommand.h"

#include "LiveConfigFetcher.h"

#include "config/ConfigDiff.h"
#include "net/ConnectionOptions.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

const QString kShowDefaults = QStringLiteral("show-defaults");

QJsonValue sideJson(const ConfigDifference::Side &side)
{
    if (!side.present)
        return QJsonValue(QJsonValue::Null);
    QJsonArray a;
    for (const QByteArray &v : side.values)
        a.append(QString::fromUtf8(v));
    return a;
}

} // namespace

void ConfigDiffCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(
        QStringLiteral("Compares the effective settings of A and B, each a redis.conf file or a node.\n"
                       "Connection options apply to nodes. Secrets are compared but never printed."));
    ConnectionOptions::addTo(&m_parser);
    m_parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    m_parser.addOption({kShowDefaults, QStringLiteral("Also list settings absent on one side and at their default on the other.")});
    m_parser.addPositionalArgument(QStringLiteral("A"), QStringLiteral("redis.conf path or node address"));
    m_parser.addPositionalArgument(QStringLiteral("B"), QStringLiteral("redis.conf path or node address"));
    if (!parseArguments(m_parser, args))
        return;
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() != 2) {
        usageError(QStringLiteral("config diff needs two arguments: A B (files or nodes)"));
        return;
    }
    for (int i = 0; i < 2; ++i) {
        if (!load(positional.at(i), &m_sources[i]))
            return;
    }
    for (Source &s : m_sources) {
        if (!s.fetcher)
            continue;
        ++m_pending;
        connect(s.fetcher, &LiveConfigFetcher::loaded, this, [this, &s] {
            // Secrets are needed to compare them; ConfigDiff masks them in its result.
            s.doc = s.fetcher->document(LiveConfig::Secrets::Show);
            sourceReady();
        });
        connect(s.fetcher, &LiveConfigFetcher::failed, this, [this, &s](const NetError &e) {
            finish(LiveConfigFetcher::report(e, s.fetcher->profile(), err()));
        });
    }
    if (m_pending == 0) {
        compareAndPrint();
        return;
    }
    for (Source &s : m_sources) {
        if (s.fetcher)
            s.fetcher->start();
    }
}

bool ConfigDiffCommand::load(const QString &arg, Source *source)
{
    source->label = arg;
    if (QFileInfo::exists(arg)) {
        QFile file(arg);
        if (!file.open(QIODevice::ReadOnly)) {
            // Like diff(1): trouble (2), distinct from "they differ" (1).
            err() << "tandemctl: cannot read " << arg << ": " << file.errorString() << "\n";
            finish(ExitUsage);
            return false;
        }
        source->doc = ConfigDocument::parse(file.readAll(), arg);
        return true;
    }
    // A path-looking argument that does not exist is a typo'd file, not a node: say so
    // instead of trying to connect to a host named "/etc/redis/x.conf".
    if (!arg.contains(QLatin1String("://"))
        && (arg.contains(QLatin1Char('/')) || arg.endsWith(QLatin1String(".conf")))) {
        usageError(QStringLiteral("no such file: %1").arg(arg));
        return false;
    }
    ConnectionProfile profile;
    QString error;
    if (!LiveConfigFetcher::profileFor(arg, m_parser, &profile, &error)) {
        usageError(QStringLiteral("'%1' is neither an existing file nor a node address (%2)").arg(arg, error));
        return false;
    }
    source->label = profile.address();
    source->fetcher = new LiveConfigFetcher(profile, this);
    return true;
}

void ConfigDiffCommand::sourceReady()
{
    if (--m_pending == 0)
        compareAndPrint();
}

void ConfigDiffCommand::compareAndPrint()
{
    ConfigDiff::Options options;
    options.showDefaults = m_parser.isSet(kShowDefaults);
    const QList<ConfigDifference> diffs = ConfigDiff::compare(m_sources[0].doc, m_sources[1].doc, options);

    if (m_parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const ConfigDifference &d : diffs) {
            QJsonObject o;
            o.insert(QStringLiteral("directive"), QString::fromUtf8(d.directive));
            o.insert(QStringLiteral("left"), sideJson(d.left));
            o.insert(QStringLiteral("right"), sideJson(d.right));
            list.append(o);
        }
        QJsonObject top;
        top.insert(QStringLiteral("left"), m_sources[0].label);
        top.insert(QStringLiteral("right"), m_sources[1].label);
        top.insert(QStringLiteral("differences"), list);
        out() << QJsonDocument(top).toJson(QJsonDocument::Indented);
    } else if (!diffs.isEmpty()) {
        // Unified-diff style, one directive per hunk, so it reads like redis.conf lines.
        out() << "--- " << m_sources[0].label << "\n+++ " << m_sources[1].label << "\n";
        for (const ConfigDifference &d : diffs) {
            const QString name = QString::fromUtf8(d.directive);
            const auto print = [&](char sign, const ConfigDifference::Side &side) {
                if (!side.present) {
                    out() << sign << "# " << name << " (not set: default)\n";
                    return;
                }
                for (const QByteArray &v : side.values)
                    out() << sign << name << " " << QString::fromUtf8(v) << "\n";
            };
            print('-', d.left);
            print('+', d.right);
        }
    }
    finish(diffs.isEmpty() ? ExitOk : ExitProblem);
}
