#include "ConfigIncludeResolver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <glob.h>

ConfigIncludeResolver::ConfigIncludeResolver(Loader loader, Globber globber)
    : m_loader(std::move(loader)), m_globber(std::move(globber))
{
}

bool ConfigIncludeResolver::isGlob(const QString &pattern)
{
    // config.c: strchr for '*', '?' or '['.
    return pattern.contains(QLatin1Char('*')) || pattern.contains(QLatin1Char('?'))
           || pattern.contains(QLatin1Char('['));
}

QStringList ConfigIncludeResolver::localGlob(const QString &pattern)
{
    QStringList out;
    glob_t buf;
    const QByteArray p = QFile::encodeName(pattern);
    if (::glob(p.constData(), 0, nullptr, &buf) == 0) {
        for (size_t i = 0; i < buf.gl_pathc; ++i)
            out.append(QFile::decodeName(QByteArray(buf.gl_pathv[i])));
        globfree(&buf);
    }
    return out;
}

std::optional<QByteArray> ConfigIncludeResolver::localRead(const QString &path)
{
    // fopen(dir, "r") succeeds on Linux and fgets then reads nothing: redis loads it as empty.
    const QFileInfo info(path);
    if (info.isDir())
        return info.isReadable() ? std::optional<QByteArray>(QByteArray()) : std::nullopt;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return f.readAll();
}

QString ConfigIncludeResolver::identity(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(path) : canonical;
}

ConfigIncludeResolver::Expansion ConfigIncludeResolver::expand(const QString &pattern,
                                                               const QString &workingDir) const
{
    Expansion e;
    e.pattern = pattern;
    if (pattern.isEmpty()) {
        e.files.append({pattern, std::nullopt});  // fopen("") fails
        return e;
    }
    e.relative = QDir::isRelativePath(pattern);
    e.resolved = e.relative ? QDir::cleanPath(QDir(workingDir).filePath(pattern)) : pattern;
    e.glob = isGlob(pattern);
    const QStringList paths = e.glob ? (m_globber ? m_globber(e.resolved) : localGlob(e.resolved))
                                     : QStringList{e.resolved};
    for (const QString &p : paths)
        e.files.append({p, m_loader ? m_loader(p) : localRead(p)});
    return e;
}
