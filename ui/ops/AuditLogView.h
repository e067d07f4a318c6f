#pragma once

#include <QDialog>

class AuditLogModel;
class QLabel;
class QTableView;
class QTreeWidget;

// The audit log in the app: the operations newest first (outcome, duration, write pause) and,
// for the selected one, its steps with timestamps, nodes, commands and messages. Reads the
// file on open and on Refresh; never writes it. Non-modal.
class AuditLogView : public QDialog
{
    Q_OBJECT
public:
    explicit AuditLogView(const QString &path, QWidget *parent = nullptr);

    AuditLogModel *model() const { return m_model; }
    QTableView *operationsTable() const { return m_table; }
    QTreeWidget *stepsView() const { return m_steps; }
    QString selectedOperation() const;

public Q_SLOTS:
    void refresh();
    // Selects an operation by its id (e.g. from a result's "open in the audit log" link).
    void selectOperation(const QString &operationId);

private:
    void showSteps();

    QString m_path;
    AuditLogModel *m_model;
    QTableView *m_table;
    QTreeWidget *m_steps;
    QLabel *m_detail;
    QLabel *m_pathLabel;
};
