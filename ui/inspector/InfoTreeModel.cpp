#include "InfoTreeModel.h"

#include <QFont>
#include <QFontDatabase>

// Key rows carry their section's row + 1 as internal id; section rows carry 0.

InfoTreeModel::InfoTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

QString InfoTreeModel::displaySectionName(const QString &name)
{
    if (name == QLatin1String("cpu"))
        return QStringLiteral("CPU");
    if (name.isEmpty())
        return name;
    return name.at(0).toUpper() + name.mid(1);
}

QList<InfoTreeModel::Section> InfoTreeModel::ordered(const QMap<QString, QMap<QString, QString>> &sections)
{
    // The order INFO everything prints them in; anything newer goes after, alphabetically.
    static const QStringList order = {
        QStringLiteral("server"), QStringLiteral("clients"), QStringLiteral("memory"),
        QStringLiteral("persistence"), QStringLiteral("stats"), QStringLiteral("replication"),
        QStringLiteral("sentinel"), QStringLiteral("cpu"), QStringLiteral("modules"),
        QStringLiteral("commandstats"), QStringLiteral("errorstats"), QStringLiteral("latencystats"),
        QStringLiteral("cluster"), QStringLiteral("keyspace"),
    };
    QStringList names = sections.keys();
    std::stable_sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        const qsizetype ia = order.indexOf(a), ib = order.indexOf(b);
        const qsizetype ra = ia < 0 ? order.size() : ia, rb = ib < 0 ? order.size() : ib;
        return ra != rb ? ra < rb : a < b;
    });
    QList<Section> out;
    for (const QString &name : std::as_const(names)) {
        Section s;
        s.name = name;
        const QMap<QString, QString> &entries = sections[name];
        for (auto it = entries.cbegin(); it != entries.cend(); ++it)
            s.entries.append({it.key(), it.value()});
        out.append(s);
    }
    return out;
}

void InfoTreeModel::setSections(const QMap<QString, QMap<QString, QString>> &sections)
{
    QList<Section> next = ordered(sections);
    bool sameShape = next.size() == m_sections.size();
    for (qsizetype i = 0; sameShape && i < next.size(); ++i) {
        const Section &a = m_sections.at(i);
        const Section &b = next.at(i);
        sameShape = a.name == b.name && a.entries.size() == b.entries.size();
        for (qsizetype k = 0; sameShape && k < a.entries.size(); ++k)
            sameShape = a.entries.at(k).first == b.entries.at(k).first;
    }
    if (!sameShape) {
        beginResetModel();
        m_sections = std::move(next);
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < next.size(); ++i) {
        auto &entries = m_sections[i].entries;
        const auto &fresh = next.at(i).entries;
        // One dataChanged per run of changed values keeps a 1 s refresh cheap.
        qsizetype k = 0;
        while (k < entries.size()) {
            if (entries.at(k).second == fresh.at(k).second) {
                ++k;
                continue;
            }
            const qsizetype first = k;
            while (k < entries.size() && entries.at(k).second != fresh.at(k).second) {
                entries[k].second = fresh.at(k).second;
                ++k;
            }
            const QModelIndex parent = index(int(i), 0);
            Q_EMIT dataChanged(index(int(first), ValueColumn, parent), index(int(k - 1), ValueColumn, parent),
                               {Qt::DisplayRole, Qt::ToolTipRole});
        }
    }
}

void InfoTreeModel::clear()
{
    if (m_sections.isEmpty())
        return;
    beginResetModel();
    m_sections.clear();
    endResetModel();
}

QString InfoTreeModel::sectionName(int row) const
{
    return row >= 0 && row < m_sections.size() ? m_sections.at(row).name : QString();
}

QModelIndex InfoTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex InfoTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int InfoTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_sections.size());
    if (parent.internalId() == 0 && parent.column() == 0)
        return int(m_sections.at(parent.row()).entries.size());
    return 0;
}

int InfoTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant InfoTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0) {
        const Section &s = m_sections.at(index.row());
        if (role == FilterRole)
            return index.column() == KeyColumn ? displaySectionName(s.name) : QString();
        if (role == Qt::DisplayRole && index.column() == KeyColumn)
            return displaySectionName(s.name);
        if (role == Qt::DisplayRole && index.column() == ValueColumn)
            return s.entries.size() == 1 ? tr("1 key") : tr("%1 keys").arg(s.entries.size());
        if (role == Qt::FontRole && index.column() == KeyColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    }
    const auto &entry = m_sections.at(qsizetype(index.internalId() - 1)).entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case FilterRole:
        return index.column() == KeyColumn ? entry.first : entry.second;
    case Qt::FontRole:
        if (index.column() == ValueColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    default:
        return {};
    }
}

QVariant InfoTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == KeyColumn ? tr("Key") : tr("Value");
}
