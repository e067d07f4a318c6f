#pragma once

#include "config/ConfigDiff.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

// The rows of a ConfigDiff: directive, left value, right value. A side where the directive is
// absent shows the default it runs with, in the placeholder colour. Values arrive masked
// from ConfigDiff, so no secret ever reaches this model.
class ConfigDiffTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { DirectiveColumn, LeftColumn, RightColumn, ColumnCount };

    explicit ConfigDiffTableModel(QObject *parent = nullptr);

    void setDifferences(const QList<ConfigDifference> &differences);
    void setTitles(const QString &left, const QString &right);
    const ConfigDifference &difference(int row) const { return m_rows.at(row); }

    // The table as tab-separated text with a header line, for the clipboard.
    QString toText() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static QString sideText(const QByteArray &directive, const ConfigDifference::Side &side);

    QList<ConfigDifference> m_rows;
    QString m_leftTitle;
    QString m_rightTitle;
};
