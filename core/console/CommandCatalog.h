#pragma once

#include <QStringList>

// Redis command names (7.0, plus the Sentinel ones) for console completion. A static list is
// enough: completing a name the server does not know costs nothing, the server says so.
class CommandCatalog
{
public:
    // Upper case, sorted, unique.
    static const QStringList &commandNames();
};
