#include "MigrateClientsView.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

MigrateClientsView::MigrateClientsView(const QString &prefix, QWidget *parent)
    : QWidget(parent)
{
    m_heading = new QLabel(this);
    m_heading->setObjectName(prefix + QStringLiteral("ClientsLabel"));
    m_heading->setWordWrap(true);
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(prefix + QStringLiteral("ClientList"));
    m_table->setHorizontalHeaderLabels({tr("Client address"), tr("Name"), tr("Library")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_table);
    layout->addStretch(1);
}

void MigrateClientsView::setClients(const QList<MigrateClient> &clients, const QString &source, const QString &target)
{
    m_heading->setText(clients.isEmpty()
                           ? tr("No client was connected to %1 when it was read.").arg(source)
                           : tr("%n client connection(s) to %1 when it was read: these must be repointed to %2 after "
                                "the cutover.", nullptr, int(clients.size()))
                                 .arg(source, target));
    m_table->setRowCount(int(clients.size()));
    for (int row = 0; row < clients.size(); ++row) {
        const MigrateClient &c = clients.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(c.address));
        m_table->setItem(row, 1, new QTableWidgetItem(c.name.isEmpty() ? tr("(no name)") : c.name));
        m_table->setItem(row, 2, new QTableWidgetItem(c.libName.isEmpty() ? tr("(not reported)") : c.libName));
        if (!c.command.isEmpty())
            m_table->item(row, 0)->setToolTip(tr("last command: %1").arg(c.command));
    }
    m_table->setVisible(!clients.isEmpty());
    // As tall as its rows (up to ten, then it scrolls): no empty grid under a short list.
    const int rows = qMin(int(clients.size()), 10);
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int row = 0; row < rows; ++row)
        height += m_table->rowHeight(row);
    m_table->setMaximumHeight(height);
}

int MigrateClientsView::count() const
{
    return m_table->rowCount();
}

QString MigrateClientsView::heading() const
{
    return m_heading->text();
}
