#pragma once

#include "migrate/MigrateFacts.h"

#include <QWidget>

class QLabel;
class QTableWidget;

// The connections the source had when it was read (CLIENT LIST): address, name and client
// library, under a line saying they must be pointed at the target after the cutover. Shown
// on the migration's preflight and again on its result.
class MigrateClientsView : public QWidget
{
    Q_OBJECT
public:
    // `prefix` names the children: <prefix>ClientsLabel, <prefix>ClientList.
    MigrateClientsView(const QString &prefix, QWidget *parent = nullptr);

    void setClients(const QList<MigrateClient> &clients, const QString &source, const QString &target);
    int count() const;
    QString heading() const;

private:
    QLabel *m_heading;
    QTableWidget *m_table;
};
