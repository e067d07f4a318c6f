#include "DataSize.h"

#include <cmath>

QString DataSize::text(qint64 bytes, const QLocale &locale)
{
    if (bytes < 0)
        return {};
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    constexpr int lastUnit = 5;
    if (bytes < 1000)
        return QStringLiteral("%1 B").arg(bytes);
    double value = double(bytes);
    int unit = 0;
    // Step up while the number, as it will be printed (rounded to one decimal), has 4 digits.
    while (unit < lastUnit && std::round(value * 10) / 10 >= 1000) {
        value /= 1024;
        ++unit;
    }
    return locale.toString(value, 'f', 1) + QLatin1Char(' ') + QLatin1String(units[unit]);
}
