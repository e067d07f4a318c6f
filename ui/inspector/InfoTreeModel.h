#pragma once

#include <QAbstractItemModel>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

// Every INFO section and key of one node as a two-level tree (section -> key, value).
// Refreshed every poll: when the sections and keys are the same as before, only changed
// values are announced, so expansion, selection and scrolling survive the refresh.
class InfoTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, ColumnCount };
    // The text a filter should match: names and values, not decorations like key counts.
    enum Role { FilterRole = Qt::UserRole + 1 };

    explicit InfoTreeModel(QObject *parent = nullptr);

    // NodeSnapshot::sections: lower-case section name -> key -> raw value.
    void setSections(const QMap<QString, QMap<QString, QString>> &sections);
    void clear();
    QString sectionName(int row) const;  // the raw (lower-case) name

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "server" -> "Server", "cpu" -> "CPU".
    static QString displaySectionName(const QString &name);

private:
    struct Section
    {
        QString name;
        QList<QPair<QString, QString>> entries;  // key, value
    };

    static QList<Section> ordered(const QMap<QString, QMap<QString, QString>> &sections);

    QList<Section> m_sections;
};
