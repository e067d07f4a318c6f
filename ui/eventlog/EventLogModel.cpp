#include "EventLogModel.h"

#include <QLocale>

// Q_INIT_RESOURCE must be called outside any namespace; tandem_ui is a static library, so the
// severity icons would be dropped by the linker when no other code references them.
static void initEventLogResources()
{
    Q_INIT_RESOURCE(tandem);
}

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    initEventLogResources();
}

void EventLogModel::setMaxRows(int rows)
{
    m_maxRows = std::max(rows, 1);
    trimTo(m_maxRows);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::severityName(Anomaly::Severity severity)
{
    switch (severity) {
    case Anomaly::Severity::Info: return tr("Info");
    case Anomaly::Severity::Warning: return tr("Warning");
    case Anomaly::Severity::Critical: return tr("Critical");
    }
    return {};
}

QIcon EventLogModel::severityIcon(Anomaly::Severity severity)
{
    // Shapes differ as well as colours (circle, triangle, octagon) for colour-blind users.
    switch (severity) {
    case Anomaly::Severity::Info: return QIcon(QStringLiteral(":/icons/severity-info.svg"));
    case Anomaly::Severity::Warning: return QIcon(QStringLiteral(":/icons/severity-warning.svg"));
    case Anomaly::Severity::Critical: return QIcon(QStringLiteral(":/icons/severity-critical.svg"));
    }
    return {};
}

QString EventLogModel::formatLine(const TopologyEvent &event)
{
    const QString time = event.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    QString message = event.message;
    message.replace(QLatin1Char('\n'), QLatin1Char(' '));
    message.replace(QLatin1Char('\t'), QLatin1Char(' '));
    return QStringList{time, severityName(event.severity), event.node, message}.join(QLatin1Char('\t'));
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TopologyEvent &e = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: {
            const QDateTime local = e.at.toLocalTime();
            // The date only when it is not today: the log usually covers the last hours.
            return local.toString(local.date() == QDate::currentDate()
                                      ? QStringLiteral("HH:mm:ss")
                                      : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        }
        case SeverityColumn: return severityName(e.severity);
        case NodeColumn: return e.node;
        case MessageColumn: return e.message;
        default: return {};
        }
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return severityIcon(e.severity);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return QLocale().toString(e.at.toLocalTime(), QLocale::LongFormat);
        if (index.column() == MessageColumn)
            return e.message;
        return {};
    case SeverityRole:
        return int(e.severity);
    case TimestampRole:
        return e.at;
    case KindRole:
        return int(e.kind);
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case SeverityColumn: return tr("Severity");
    case NodeColumn: return tr("Node");
    case MessageColumn: return tr("Message");
    default: return {};
    }
}

void EventLogModel::append(const QList<TopologyEvent> &events)
{
    if (events.isEmpty())
        return;
    // Only the newest maxRows of a huge batch can ever be shown.
    const qsizetype skip = std::max<qsizetype>(0, events.size() - m_maxRows);
    trimTo(int(m_maxRows - (events.size() - skip)));
    const int first = int(m_events.size());
    beginInsertRows(QModelIndex(), first, first + int(events.size() - skip) - 1);
    m_events.append(events.mid(skip));
    endInsertRows();
}

void EventLogModel::trimTo(int rows)
{
    const int excess = int(m_events.size()) - std::max(rows, 0);
    if (excess <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, excess - 1);
    m_events.remove(0, excess);
    endRemoveRows();
}

void EventLogModel::clear()
{
    if (m_events.isEmpty())
        return;
    beginResetModel();
    m_events.clear();
    endResetModel();
}
