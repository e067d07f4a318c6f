#pragma once

#include "ConfigDiagnostic.h"

#include <QList>

class ConfigDocument;
struct ConfigLine;

// Checks redis.conf the way redis-server 7.0 loads it. Contract: a file redis-server
// refuses yields at least one Error; a file it accepts yields none (warnings may appear).
class ConfigValidator
{
public:
    static QList<ConfigDiagnostic> validate(const ConfigDocument &doc);

private:
    static void checkLine(const ConfigLine &line, QList<ConfigDiagnostic> &out);
};
