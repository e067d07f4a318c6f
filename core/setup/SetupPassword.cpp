#include "SetupPassword.h"

#include <QByteArray>

#include <openssl/rand.h>

namespace SetupPassword {

QString generate(int bytes)
{
    QByteArray raw(qMax(bytes, kRandomBytes), Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(raw.data()), int(raw.size())) != 1)
        return {};
    const QString text = QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    raw.fill('\0');
    return text;
}

} // namespace SetupPassword
