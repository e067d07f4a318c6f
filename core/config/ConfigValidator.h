#pragma once

#include "ConfigDiagnostic.h"

#include "RedisVersion.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class ConfigDocument;
struct ConfigLine;

// Checks redis.conf the way redis-server loads it (the 7.0 rules by default, or the directive
// set of another release line). Contract for the reference line: a file redis-server refuses
// yields at least one Error; a file it accepts yields none (warnings may appear).
// Included files are checked in place, as config.c loads them; their diagnostics carry `file`.
class ConfigValidator
{
public:
    struct Options
    {
        RedisVersion target = RedisVersion::reference();
        // Read and check included files too (a remote document passes false: its includes
        // then get an info "include-not-checked").
        bool followIncludes = true;
        // Reads an included file; nullopt = cannot be read. Empty = the local filesystem.
        std::function<std::optional<QByteArray>(const QString &path)> loader;
        // Expands an include glob to its matches, sorted like glob(3). Empty = the local one.
        std::function<QStringList(const QString &pattern)> glob;
        // Nesting beyond this is reported as an include loop (redis has no limit, but only
        // a loop gets anywhere near it).
        int maxIncludeDepth = 32;
    };

    static QList<ConfigDiagnostic> validate(const ConfigDocument &doc);
    static QList<ConfigDiagnostic> validate(const ConfigDocument &doc, const Options &options);

private:
    struct Walk;
    static void walkDocument(const ConfigDocument &doc, const QString &file, Walk &walk, int depth);
    static void followInclude(const ConfigLine &line, const QString &file, Walk &walk, int depth);
    static void checkLine(const ConfigLine &line, RedisVersion target, QList<ConfigDiagnostic> &out);
};
