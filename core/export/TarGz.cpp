#include "TarGz.h"

#include <QDateTime>
#include <QSet>

#include <zlib.h>

namespace {

constexpr int kBlock = 512;

void putOctal(char *field, int width, qint64 value)
{
    const QByteArray digits = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    memcpy(field, digits.constData(), static_cast<size_t>(width - 1));
    field[width - 1] = '\0';
}

// One ustar header; false when the name does not fit (100 + 155 bytes split at a '/').
bool header(QByteArray &out, const QByteArray &path, qint64 size, int mode, char type, qint64 mtime)
{
    char h[kBlock];
    memset(h, 0, sizeof h);
    QByteArray name = path, prefix;
    if (name.size() > 100) {
        const qsizetype cut = path.lastIndexOf('/', path.size() - 2);
        if (cut <= 0 || cut > 155 || path.size() - cut - 1 > 100)
            return false;
        prefix = path.left(cut);
        name = path.mid(cut + 1);
    }
    memcpy(h, name.constData(), static_cast<size_t>(name.size()));
    putOctal(h + 100, 8, mode);
    putOctal(h + 108, 8, 0);
    putOctal(h + 116, 8, 0);
    putOctal(h + 124, 12, size);
    putOctal(h + 136, 12, mtime);
    memset(h + 148, ' ', 8);
    h[156] = type;
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    memcpy(h + 265, "root", 4);
    memcpy(h + 297, "root", 4);
    memcpy(h + 345, prefix.constData(), static_cast<size_t>(prefix.size()));
    unsigned sum = 0;
    for (unsigned char c : h)
        sum += c;
    const QByteArray chk = QByteArray::number(sum, 8).rightJustified(6, '0');
    memcpy(h + 148, chk.constData(), 6);
    h[154] = '\0';
    h[155] = ' ';
    out.append(h, kBlock);
    return true;
}

void pad(QByteArray &out)
{
    if (out.size() % kBlock)
        out.append(QByteArray(kBlock - out.size() % kBlock, '\0'));
}

bool gzip(const QByteArray &in, QByteArray *out)
{
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    out->resize(static_cast<qsizetype>(deflateBound(&z, static_cast<uLong>(in.size()))) + 64);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef *>(out->data());
    z.avail_out = static_cast<uInt>(out->size());
    const int rc = deflate(&z, Z_FINISH);
    out->resize(static_cast<qsizetype>(z.total_out));
    deflateEnd(&z);
    return rc == Z_STREAM_END;
}

bool gunzip(const QByteArray &in, QByteArray *out)
{
    z_stream z{};
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return false;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    z.avail_in = static_cast<uInt>(in.size());
    char buffer[65536];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef *>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out->append(buffer, static_cast<qsizetype>(sizeof buffer - z.avail_out));
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END;
}

} // namespace

QByteArray TarGz::archive(const QList<ExportFile> &files, const QString &topDirectory, QString *error)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray top = topDirectory.toUtf8();
    QByteArray tar;
    QSet<QByteArray> dirs;
    auto addDir = [&](const QByteArray &dir) {
        if (dirs.contains(dir))
            return true;
        dirs.insert(dir);
        return header(tar, dir + '/', 0, 0755, '5', now);
    };
    if (!addDir(top)) {
        *error = QStringLiteral("the folder name %1 is too long for a tar archive").arg(topDirectory);
        return {};
    }
    for (const ExportFile &f : files) {
        const QByteArray path = top + '/' + f.name.toUtf8();
        // Parent directories first, so tar creates them with their own modes.
        for (qsizetype slash = path.indexOf('/', top.size() + 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (!addDir(path.left(slash))) {
                *error = QStringLiteral("the name %1 is too long for a tar archive").arg(f.name);
                return {};
            }
        }
        if (!header(tar, path, f.bytes.size(), f.executable ? 0755 : 0644, '0', now)) {
            *error = QStringLiteral("the name %1 is too long for a tar archive").arg(f.name);
            return {};
        }
        tar.append(f.bytes);
        pad(tar);
    }
    tar.append(QByteArray(2 * kBlock, '\0'));
    QByteArray gz;
    if (!gzip(tar, &gz)) {
        *error = QStringLiteral("compressing the archive failed");
        return {};
    }
    return gz;
}

bool TarGz::extract(const QByteArray &gz, QList<ExportFile> *files, QString *error)
{
    QByteArray tar;
    if (!gunzip(gz, &tar)) {
        *error = QStringLiteral("not a gzip stream");
        return false;
    }
    files->clear();
    for (qsizetype at = 0; at + kBlock <= tar.size();) {
        const char *h = tar.constData() + at;
        if (h[0] == '\0')
            break;
        const QByteArray name = QByteArray(h, static_cast<qsizetype>(strnlen(h, 100)));
        const QByteArray prefix = QByteArray(h + 345, static_cast<qsizetype>(strnlen(h + 345, 155)));
        bool ok = false;
        const qint64 size = QByteArray(h + 124, 11).toLongLong(&ok, 8);
        if (!ok || at + kBlock + size > tar.size()) {
            *error = QStringLiteral("a damaged tar header");
            return false;
        }
        const int mode = QByteArray(h + 100, 7).toInt(nullptr, 8);
        if (h[156] == '0' || h[156] == '\0') {
            const QByteArray path = prefix.isEmpty() ? name : prefix + '/' + name;
            files->append({QString::fromUtf8(path), tar.mid(at + kBlock, size), (mode & 0100) != 0});
        }
        at += kBlock + (size + kBlock - 1) / kBlock * kBlock;
    }
    return true;
}
