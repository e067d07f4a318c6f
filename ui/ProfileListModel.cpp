#include "ProfileListModel.h"

#include "profile/ProfileStore.h"

ProfileListModel::ProfileListModel(ProfileStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(store, &ProfileStore::profileAboutToBeAdded, this,
            [this](int row) { beginInsertRows(QModelIndex(), row, row); });
    connect(store, &ProfileStore::profileAdded, this, [this] { endInsertRows(); });
    connect(store, &ProfileStore::profileAboutToBeRemoved, this,
            [this](int row) { beginRemoveRows(QModelIndex(), row, row); });
    connect(store, &ProfileStore::profileRemoved, this, [this] { endRemoveRows(); });
    connect(store, &ProfileStore::profileChanged, this, [this](int row) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    });
}

int ProfileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_store->count();
}

int ProfileListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const SavedProfile saved = m_store->at(index.row());
    const ConnectionProfile &p = saved.profile;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return p.name.isEmpty() ? p.address() : p.name;
        return p.displayName();
    case Qt::ToolTipRole:
        return p.displayName();
    case IdRole:
        return saved.id;
    default:
        return QVariant();
    }
}

QVariant ProfileListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case AddressColumn:
        return tr("Address");
    default:
        return QVariant();
    }
}

QString ProfileListModel::idAt(int row) const
{
    return m_store->at(row).id;
}

int ProfileListModel::rowOf(const QString &id) const
{
    return m_store->indexOf(id);
}
