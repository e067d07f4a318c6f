#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>

// Lists of config names (or values) as tandemctl prints them: a JSON array of strings, or
// one line "a, b, c". Shared by `config apply` and its --remote-file path.
namespace ConfigNameList {

QJsonArray toJson(const QList<QByteArray> &list);
QString toText(const QList<QByteArray> &list);

} // namespace ConfigNameList
