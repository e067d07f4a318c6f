#include "HumanFormat.h"

#include "info/DataSize.h"

#include <QLocale>

QString HumanFormat::duration(qint64 seconds)
{
    if (seconds < 0)
        return {};
    constexpr qint64 minute = 60;
    constexpr qint64 hour = 60 * minute;
    constexpr qint64 day = 24 * hour;
    if (seconds < minute)
        return tr("%1 s").arg(seconds);
    if (seconds < hour)
        return tr("%1 min").arg(seconds / minute);
    if (seconds < day) {
        const qint64 minutes = (seconds % hour) / minute;
        return minutes == 0 ? tr("%1 h").arg(seconds / hour)
                            : tr("%1 h %2 min").arg(seconds / hour).arg(minutes);
    }
    const qint64 hours = (seconds % day) / hour;
    return hours == 0 ? tr("%1 d").arg(seconds / day)
                      : tr("%1 d %2 h").arg(seconds / day).arg(hours);
}

QString HumanFormat::bytes(qint64 bytes)
{
    if (bytes < 0)
        return {};
    return DataSize::text(bytes, QLocale());
}
