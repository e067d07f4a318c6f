#include "ConfigDiffTableModel.h"

#include "config/ConfigSchema.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

ConfigDiffTableModel::ConfigDiffTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_leftTitle(tr("Left"))
    , m_rightTitle(tr("Right"))
{
}

void ConfigDiffTableModel::setDifferences(const QList<ConfigDifference> &differences)
{
    beginResetModel();
    m_rows = differences;
    endResetModel();
}

void ConfigDiffTableModel::setTitles(const QString &left, const QString &right)
{
    m_leftTitle = left;
    m_rightTitle = right;
    Q_EMIT headerDataChanged(Qt::Horizontal, LeftColumn, RightColumn);
}

QString ConfigDiffTableModel::sideText(const QByteArray &directive, const ConfigDifference::Side &side)
{
    if (side.present) {
        QStringList values;
        for (const QByteArray &v : side.values)
            values.append(QString::fromUtf8(v));
        // Several lines (save points, rename-command...) read as one list.
        return values.join(QStringLiteral("; "));
    }
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(directive);
    if (d && d->defaultValue && *d->defaultValue)
        return tr("(default: %1)").arg(QString::fromUtf8(d->defaultValue));
    return tr("(not set)");
}

int ConfigDiffTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConfigDiffTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConfigDiffTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ConfigDifference &d = m_rows.at(index.row());
    const ConfigDifference::Side *side = index.column() == LeftColumn    ? &d.left
                                         : index.column() == RightColumn ? &d.right
                                                                         : nullptr;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (!side)
            return QString::fromUtf8(d.directive);
        return sideText(d.directive, *side);
    case Qt::ForegroundRole:
        if (side && !side->present)
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::FontRole:
        if (side && !side->present) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    default:
        return {};
    }
}

QVariant ConfigDiffTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case DirectiveColumn:
        return tr("Setting");
    case LeftColumn:
        return m_leftTitle;
    case RightColumn:
        return m_rightTitle;
    default:
        return {};
    }
}

QString ConfigDiffTableModel::toText() const
{
    QString out = QStringList{tr("Setting"), m_leftTitle, m_rightTitle}.join(QLatin1Char('\t'));
    out += QLatin1Char('\n');
    for (int row = 0; row < m_rows.size(); ++row) {
        QStringList cells;
        for (int column = 0; column < ColumnCount; ++column)
            cells.append(data(index(row, column)).toString());
        out += cells.join(QLatin1Char('\t')) + QLatin1Char('\n');
    }
    return out;
}
