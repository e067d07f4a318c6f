#include "AuditCommand.h"

#include "ops/AuditLog.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// One readable line per entry: time, operation id, event, step and outcome.
QString line(const QJsonObject &e)
{
    const QString event = e.value(QStringLiteral("event")).toString();
    QString what;
    if (event == QLatin1String("op_started") || event == QLatin1String("op_refused")) {
        what = e.value(QStringLiteral("plan")).toObject().value(QStringLiteral("title")).toString();
        if (event == QLatin1String("op_refused"))
            what += QString(QStringLiteral(" — ") + e.value(QStringLiteral("message")).toString());
    } else if (event == QLatin1String("step_started")) {
        what = QString(e.value(QStringLiteral("step")).toString() + QStringLiteral(": ")
                       + e.value(QStringLiteral("title")).toString());
    } else if (event == QLatin1String("step_finished")) {
        what = QString(e.value(QStringLiteral("step")).toString() + QStringLiteral(": ")
                       + e.value(QStringLiteral("status")).toString() + QStringLiteral(" (")
                       + QString::number(e.value(QStringLiteral("duration_ms")).toInteger()) + QStringLiteral(" ms)"));
        const QString message = e.value(QStringLiteral("message")).toString();
        if (!message.isEmpty())
            what += QString(QStringLiteral(" ") + message);
    } else if (event == QLatin1String("op_finished")) {
        what = QString(e.value(QStringLiteral("outcome")).toString() + QStringLiteral(": ")
                       + e.value(QStringLiteral("message")).toString());
        const QJsonValue pause = e.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("write_pause_ms"));
        if (!pause.isUndefined())
            what += QString(QStringLiteral(" (write pause ") + pause.toVariant().toString() + QStringLiteral(" ms)"));
    } else {
        what = e.value(QStringLiteral("message")).toString();
    }
    return QStringLiteral("%1  %2  %3  %4").arg(e.value(QStringLiteral("ts")).toString(),
                                                e.value(QStringLiteral("op")).toString(),
                                                event.leftJustified(13), what);
}

} // namespace

void AuditCommand::start(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Prints the audit log of operations (promote, failover, recover, config apply): every "
        "step with its time and outcome. The log is $TANDEM_DATA_DIR/audit.jsonl, else in the "
        "user's data directory."));
    parser.addOptions({
        {QStringLiteral("json"), QStringLiteral("Print the entries as a JSON array.")},
        {QStringLiteral("limit"), QStringLiteral("Only the newest N entries."), QStringLiteral("N")},
    });
    if (!parseArguments(parser, args))
        return;
    int limit = 0;
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1) {
            usageError(QStringLiteral("--limit takes a positive number"));
            return;
        }
    }
    const AuditLog log;
    const QFileInfo file(log.path());
    if (file.exists() && !file.isReadable()) {
        err() << "tandemctl: cannot read " << log.path() << "\n";
        finish(ExitProblem);
        return;
    }
    const QList<QJsonObject> entries = log.read(limit);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const QJsonObject &e : entries)
            array.append(e);
        out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else if (entries.isEmpty()) {
        out() << "The audit log " << log.path() << " is empty.\n";
    } else {
        for (const QJsonObject &e : entries)
            out() << line(e) << "\n";
        const QList<QJsonObject> open = log.unfinished();
        for (const QJsonObject &e : open)
            out() << "Unfinished: " << e.value(QStringLiteral("op")).toString()
                  << " (interrupted? run `tandemctl recover --seed NODE`)\n";
    }
    finish(ExitOk);
}
