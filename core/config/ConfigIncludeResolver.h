#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// Finds and reads the files one `include` line pulls in, the way config.c's loadServerConfig
// does: a pattern with * ? or [ is expanded with glob(3) (sorted; no match = nothing to load),
// anything else must open. Relative paths are resolved against the working directory the
// caller believes redis-server has at that point. Reading goes through a replaceable loader so
// tests and remote documents can supply their own files.
class ConfigIncludeResolver
{
public:
    using Loader = std::function<std::optional<QByteArray>(const QString &path)>;
    using Globber = std::function<QStringList(const QString &pattern)>;

    struct File
    {
        QString path;                    // absolute
        std::optional<QByteArray> bytes; // nullopt: could not be opened
    };

    struct Expansion
    {
        QString pattern;    // as written
        QString resolved;   // absolute pattern or path
        bool relative = false;
        bool glob = false;
        QList<File> files;  // glob matches in glob(3) order, or the single file
    };

    // Empty functions mean the local filesystem.
    explicit ConfigIncludeResolver(Loader loader = {}, Globber globber = {});

    Expansion expand(const QString &pattern, const QString &workingDir) const;

    static bool isGlob(const QString &pattern);
    // glob(3) with no flags: sorted matches, empty when nothing matches.
    static QStringList localGlob(const QString &pattern);
    // fopen()+fgets() semantics: a directory opens and reads as empty.
    static std::optional<QByteArray> localRead(const QString &path);
    // What identifies a file for loop detection (symlinks resolved when it exists locally).
    static QString identity(const QString &path);

private:
    Loader m_loader;
    Globber m_globber;
};
