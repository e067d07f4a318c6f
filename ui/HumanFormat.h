#pragma once

#include <QCoreApplication>
#include <QString>
#include <QtGlobal>

// Short, human-readable renderings of the numbers an operator scans in tables.
class HumanFormat
{
    Q_DECLARE_TR_FUNCTIONS(HumanFormat)

public:
    // "42 s", "12 min", "5 h 3 min", "3 d 4 h".
    static QString duration(qint64 seconds);
    // "512 B", "1.2 MiB", "3.4 GiB" (binary units, like redis' used_memory_human).
    static QString bytes(qint64 bytes);
};
