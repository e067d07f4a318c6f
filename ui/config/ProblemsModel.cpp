#include "ProblemsModel.h"

ProblemsModel::ProblemsModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_errorIcon(QStringLiteral(":/icons/severity-critical.svg"))
    , m_warningIcon(QStringLiteral(":/icons/severity-warning.svg"))
    , m_infoIcon(QStringLiteral(":/icons/severity-info.svg"))
{
}

void ProblemsModel::setDiagnostics(const QList<ConfigDiagnostic> &diagnostics)
{
    beginResetModel();
    m_diagnostics = diagnostics;
    endResetModel();
}

bool ProblemsModel::isRenameFix(const ConfigDiagnostic &diagnostic)
{
    return !diagnostic.fix.isEmpty()
           && (diagnostic.code == QLatin1String("unknown-directive")
               || diagnostic.code == QLatin1String("deprecated-alias"));
}

int ProblemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_diagnostics.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConfigDiagnostic &d = m_diagnostics.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            switch (d.severity) {
            case ConfigDiagnostic::Severity::Error: return tr("Error");
            case ConfigDiagnostic::Severity::Warning: return tr("Warning");
            case ConfigDiagnostic::Severity::Info: return tr("Info");
            }
            return {};
        case LineColumn: return d.line;
        case MessageColumn:
            return d.fix.isEmpty() ? d.message : tr("%1 (did you mean '%2'?)").arg(d.message, d.fix);
        case CodeColumn: return d.code;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() != SeverityColumn)
            return {};
        switch (d.severity) {
        case ConfigDiagnostic::Severity::Error: return m_errorIcon;
        case ConfigDiagnostic::Severity::Warning: return m_warningIcon;
        case ConfigDiagnostic::Severity::Info: return m_infoIcon;
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == MessageColumn ? data(index, Qt::DisplayRole) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == LineColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case LineRole: return d.line;
    case ColumnRole: return d.column;
    case FixRole: return d.fix;
    case CodeRole: return d.code;
    default: return {};
    }
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case LineColumn: return tr("Line");
    case MessageColumn: return tr("Message");
    case CodeColumn: return tr("Code");
    default: return {};
    }
}
