#include "GroupPassword.h"

#include <QByteArray>

#include <openssl/rand.h>

QString GroupPassword::generate()
{
    QByteArray bytes(kRandomBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), kRandomBytes) != 1)
        return {};
    const QString out = QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    bytes.fill('\0');
    return out;
}
