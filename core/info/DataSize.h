#pragma once

#include <QLocale>
#include <QString>

// One rule for every byte count Tandem shows: binary units (like redis' used_memory_human),
// one decimal, and never four digits before the point — 1,000 KiB is shown as 1.0 MiB.
class DataSize
{
public:
    // "512 B", "1.2 KiB", "1.0 MiB", "3.4 GiB"; empty for a negative (unknown) size.
    // The locale decides the decimal point (the GUI passes the user's, the CLI the C locale).
    static QString text(qint64 bytes, const QLocale &locale = QLocale::c());
};
