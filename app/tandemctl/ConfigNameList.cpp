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

QString toText(const QList<QByteArray> &list)
{
    return QString::fromUtf8(QByteArrayList(list.cbegin(), list.cend()).join(", "));
}

} // namespace ConfigNameList
