#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>

// Lists of config names as the config steps report them and tandemctl / the GUI show them: a
// JSON array of strings (step details), or one line "a, b, c".
namespace ConfigNameList {

QJsonArray toJson(const QList<QByteArray> &list);
QList<QByteArray> fromJson(const QJsonValue &value);
QString toText(const QList<QByteArray> &list);

} // namespace ConfigNameList
