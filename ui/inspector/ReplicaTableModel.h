#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <optional>

// A master's replicas as the inspector lists them: address, state, acknowledged offset, lag.
// Rows are replaced every poll; when the same replicas are listed in the same order only the
// values are announced, so the selection survives.
class ReplicaTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { AddressColumn, StateColumn, OffsetColumn, LagBytesColumn, LagSecondsColumn, ColumnCount };
    enum Role { AddressRole = Qt::UserRole + 1 };

    struct Row
    {
        QString address;
        QString state;                    // online, wait_bgsave, send_bulk, ... or empty
        bool connected = true;            // listed by the master
        std::optional<qint64> offset;     // acknowledged by the replica
        std::optional<qint64> lagBytes;
        std::optional<qint64> lagSeconds;
        bool operator==(const Row &) const = default;
    };

    explicit ReplicaTableModel(QObject *parent = nullptr);

    void setRows(const QList<Row> &rows);
    const QList<Row> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
};
