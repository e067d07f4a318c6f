#include "AuditLogModel.h"

#include <QColor>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>

#include <algorithm>

AuditLogModel::AuditLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QList<AuditLogModel::Operation> AuditLogModel::parse(const QList<QJsonObject> &entries)
{
    QList<Operation> ops;
    QHash<QString, qsizetype> byId;
    auto opFor = [&](const QString &id, const QString &ts) -> Operation & {
        auto it = byId.constFind(id);
        if (it != byId.constEnd())
            return ops[*it];
        Operation op;
        op.id = id;
        op.startedAt = ts;
        ops.append(op);
        byId.insert(id, ops.size() - 1);
        return ops.last();
    };
    for (const QJsonObject &e : entries) {
        const QString id = e.value(QStringLiteral("op")).toString();
        const QString event = e.value(QStringLiteral("event")).toString();
        const QString ts = e.value(QStringLiteral("ts")).toString();
        if (id.isEmpty())
            continue;
        Operation &op = opFor(id, ts);
        if (event == QLatin1String("op_started") || event == QLatin1String("op_refused")) {
            const QJsonObject plan = e.value(QStringLiteral("plan")).toObject();
            op.startedAt = ts;
            op.operation = plan.value(QStringLiteral("operation")).toString();
            op.title = plan.value(QStringLiteral("title")).toString();
            op.strategy = plan.value(QStringLiteral("strategy")).toString();
            if (event == QLatin1String("op_refused")) {
                op.finished = true;
                op.outcome = QStringLiteral("refused");
                op.message = e.value(QStringLiteral("message")).toString();
            }
        } else if (event == QLatin1String("step_started")) {
            Step step;
            step.id = e.value(QStringLiteral("step")).toString();
            step.title = e.value(QStringLiteral("title")).toString();
            step.node = e.value(QStringLiteral("node")).toString();
            const QJsonArray commands = e.value(QStringLiteral("commands")).toArray();
            for (const QJsonValue &c : commands)
                step.commands << c.toString();
            step.startedAt = ts;
            step.status = QStringLiteral("running");
            op.steps.append(step);
        } else if (event == QLatin1String("step_finished")) {
            const QString stepId = e.value(QStringLiteral("step")).toString();
            for (qsizetype i = op.steps.size() - 1; i >= 0; --i) {
                Step &step = op.steps[i];
                if (step.id != stepId || step.status != QLatin1String("running"))
                    continue;
                step.status = e.value(QStringLiteral("status")).toString();
                step.durationMs = e.value(QStringLiteral("duration_ms")).toInteger(-1);
                step.message = e.value(QStringLiteral("message")).toString();
                break;
            }
        } else if (event == QLatin1String("op_finished")) {
            op.finished = true;
            op.outcome = e.value(QStringLiteral("outcome")).toString();
            op.message = e.value(QStringLiteral("message")).toString();
            op.durationMs = e.value(QStringLiteral("duration_ms")).toInteger(-1);
            const QJsonValue pause = e.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("write_pause_ms"));
            if (!pause.isUndefined())
                op.writePauseMs = pause.toInteger(-1);
            if (op.title.isEmpty())
                op.title = e.value(QStringLiteral("title")).toString();
        }
    }
    for (Operation &op : ops) {
        if (!op.finished)
            op.outcome = QStringLiteral("interrupted");
    }
    // Ids are time-ordered, and so is the log: newest first is the reverse.
    std::reverse(ops.begin(), ops.end());
    return ops;
}

void AuditLogModel::setEntries(const QList<QJsonObject> &entries)
{
    beginResetModel();
    m_ops = parse(entries);
    endResetModel();
}

int AuditLogModel::rowOf(const QString &operationId) const
{
    for (int i = 0; i < m_ops.size(); ++i) {
        if (m_ops.at(i).id == operationId)
            return i;
    }
    return -1;
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ops.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditLogModel::localTime(const QString &utcIso)
{
    const QDateTime t = QDateTime::fromString(utcIso, Qt::ISODateWithMs);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : utcIso;
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_ops.size())
        return {};
    const Operation &op = m_ops.at(index.row());
    if (role == OperationIdRole)
        return op.id;
    if (role == Qt::ToolTipRole)
        return op.message.isEmpty() ? op.id : QString(op.id + QLatin1Char('\n') + op.message);
    if (role == Qt::ForegroundRole && index.column() == OutcomeColumn) {
        if (op.outcome == QLatin1String("succeeded"))
            return QColor(0x2e, 0x9e, 0x5b);
        if (op.outcome == QLatin1String("interrupted") || op.outcome == QLatin1String("partial"))
            return QColor(0xd9, 0x8a, 0x1c);
        return QColor(0xd9, 0x3b, 0x3b);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case StartedColumn: return localTime(op.startedAt);
    case OperationColumn: return op.title.isEmpty() ? op.operation : op.title;
    case OutcomeColumn: return op.outcome;
    case DurationColumn: return op.durationMs >= 0 ? tr("%1 ms").arg(op.durationMs) : QString();
    case PauseColumn: return op.writePauseMs >= 0 ? tr("%1 ms").arg(op.writePauseMs) : QString();
    default: return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StartedColumn: return tr("Started");
    case OperationColumn: return tr("Operation");
    case OutcomeColumn: return tr("Outcome");
    case DurationColumn: return tr("Duration");
    case PauseColumn: return tr("Write pause");
    default: return {};
    }
}
