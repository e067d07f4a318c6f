#include "ConfigNameList.h"

#include <QByteArrayList>

namespace ConfigNameList {

QJsonArray toJson(const QList<QByteArray> &list)
{
    QJsonArray a;
    for (const QByteArray &b : list)
        a.append(QString::fromUtf8(b));
    return a;
}

QList<QByteArray> fromJson(const QJsonValue &value)
{
    QList<QByteArray> out;
    for (const QJsonValue &e : value.toArray())
        out.append(e.toString().toUtf8());
    return out;
}

QString toText(const QList<QByteArray> &list)
{
    return QString::fromUtf8(QByteArrayList(list.cbegin(), list.cend()).join(", "));
}

} // namespace ConfigNameList
