#pragma once

#include <QAbstractTableModel>

class ProfileStore;

// Saved profiles as rows (name, address), in the store's order; views sort through a proxy.
// A thin adapter: every change comes from ProfileStore's about-to/did signals.
class ProfileListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, AddressColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit ProfileListModel(ProfileStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QString idAt(int row) const;
    int rowOf(const QString &id) const;

private:
    ProfileStore *m_store;
};
