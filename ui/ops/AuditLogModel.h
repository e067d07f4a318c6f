#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// The operations of an audit log (AuditLog::read()), newest first: one row per operation with
// its outcome, duration and write pause; each keeps its steps for the detail view. An
// operation with op_started but no op_finished shows as "interrupted".
class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StartedColumn, OperationColumn, OutcomeColumn, DurationColumn, PauseColumn, ColumnCount };
    enum Role { OperationIdRole = Qt::UserRole + 1 };

    struct Step
    {
        QString id;
        QString title;
        QString node;
        QStringList commands;
        QString startedAt;     // ts of step_started (UTC ISO)
        QString status;        // "running" until step_finished
        qint64 durationMs = -1;
        QString message;
    };
    struct Operation
    {
        QString id;
        QString operation;     // "promote", "failover", ...
        QString title;
        QString strategy;
        QString startedAt;
        QString outcome;       // "succeeded", ..., "refused", "interrupted"
        bool finished = false;
        qint64 durationMs = -1;
        qint64 writePauseMs = -1;
        QString message;
        QList<Step> steps;
    };

    explicit AuditLogModel(QObject *parent = nullptr);

    void setEntries(const QList<QJsonObject> &entries);
    static QList<Operation> parse(const QList<QJsonObject> &entries);
    const QList<Operation> &operations() const { return m_ops; }
    int rowOf(const QString &operationId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString localTime(const QString &utcIso);

private:
    QList<Operation> m_ops;
};
