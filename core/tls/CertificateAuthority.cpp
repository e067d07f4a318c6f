#include "CertificateAuthority.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QUrl>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace {

template<auto Fn>
struct Deleter
{
    template<typename T>
    void operator()(T *p) const { Fn(p); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;

constexpr long kCaValiditySeconds = 10L * 365 * 24 * 3600;
constexpr long kLeafValiditySeconds = 5L * 365 * 24 * 3600;

// OpenSSL keeps its reasons on a thread-local queue; drain it into one readable sentence.
QString sslReason(const QString &what)
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        reasons << QString::fromUtf8(buf);
    }
    return reasons.isEmpty() ? what : what + QStringLiteral(": ") + reasons.join(QStringLiteral("; "));
}

bool fail(QString *error, const QString &reason)
{
    if (error)
        *error = reason;
    return false;
}

// EC P-256: instant to generate, accepted by redis/OpenSSL and Qt alike.
PKeyPtr generateKey()
{
    return PKeyPtr(EVP_EC_gen("P-256"));
}

bool writeFile(const QString &path, const QByteArray &data, mode_t mode, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    // Created with the final mode, so a private key is never readable by others, not even briefly.
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return fail(error, QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno))));
    bool ok = ::fchmod(fd, mode) == 0;  // an existing file keeps its old mode otherwise
    qsizetype done = 0;
    while (ok && done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += n > 0 ? n : 0;
    }
    ok = (::close(fd) == 0) && ok;
    return ok ? true : fail(error, QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno))));
}

bool writePem(const QString &path, EVP_PKEY *key, X509 *cert, QString *error)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    const int ok = key ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                       : PEM_write_bio_X509(bio.get(), cert);
    if (!bio || ok != 1)
        return fail(error, sslReason(QStringLiteral("cannot encode %1").arg(path)));
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return writeFile(path, QByteArray(data, len), key ? 0600 : 0644, error);
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// Built as GENERAL_NAMEs rather than a config string, so no host name can smuggle in syntax.
bool addSubjectAltNames(X509 *cert, const QStringList &hostNames, QString *error)
{
    if (hostNames.isEmpty())
        return true;
    NamesPtr names(sk_GENERAL_NAME_new_null());
    for (const QString &name : hostNames) {
        GENERAL_NAME *gen = GENERAL_NAME_new();
        if (!gen)
            return fail(error, sslReason(QStringLiteral("out of memory")));
        const QHostAddress ip(name);
        if (!ip.isNull()) {
            ASN1_OCTET_STRING *octets = a2i_IPADDRESS(ip.toString().toLatin1().constData());
            if (!octets) {
                GENERAL_NAME_free(gen);
                return fail(error, sslReason(QStringLiteral("bad IP address %1").arg(name)));
            }
            GENERAL_NAME_set0_value(gen, GEN_IPADD, octets);
        } else {
            const QByteArray ace = QUrl::toAce(name);
            ASN1_IA5STRING *dns = ASN1_IA5STRING_new();
            if (ace.isEmpty() || !dns || ASN1_STRING_set(dns, ace.constData(), int(ace.size())) != 1) {
                ASN1_IA5STRING_free(dns);
                GENERAL_NAME_free(gen);
                return fail(error, QStringLiteral("bad host name '%1'").arg(name));
            }
            GENERAL_NAME_set0_value(gen, GEN_DNS, dns);
        }
        sk_GENERAL_NAME_push(names.get(), gen);
    }
    if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_REPLACE) != 1)
        return fail(error, sslReason(QStringLiteral("cannot add subjectAltName")));
    return true;
}

// A certificate with everything but the extensions: random serial, CN, validity, public key.
X509Ptr newCertificate(EVP_PKEY *key, const QString &commonName, long validitySeconds)
{
    X509Ptr cert(X509_new());
    BnPtr serial(BN_new());
    if (!cert || !serial || X509_set_version(cert.get(), X509_VERSION_3) != 1
        || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1
        || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
        return nullptr;
    // Back-dated an hour: clocks of the machines in a lab are rarely in perfect agreement.
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600)
        || !X509_gmtime_adj(X509_getm_notAfter(cert.get()), validitySeconds))
        return nullptr;
    const QByteArray cn = commonName.toUtf8();
    X509_NAME *subject = X509_get_subject_name(cert.get());
    if (X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(cn.constData()),
                                   int(cn.size()), -1, 0) != 1
        || X509_set_pubkey(cert.get(), key) != 1)
        return nullptr;
    return cert;
}

X509Ptr readCertificate(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return nullptr;
    const QByteArray pem = f.readAll();
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    return X509Ptr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

PKeyPtr readKey(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return nullptr;
    const QByteArray pem = f.readAll();
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    return PKeyPtr(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

} // namespace

bool CertificateAuthority::create(const QString &dir, const QString &commonName, QString *error)
{
    ERR_clear_error();
    if (!QDir().mkpath(dir))
        return fail(error, QStringLiteral("cannot create directory %1").arg(dir));
    PKeyPtr key = generateKey();
    if (!key)
        return fail(error, sslReason(QStringLiteral("cannot generate the CA key")));
    X509Ptr cert = newCertificate(key.get(), commonName, kCaValiditySeconds);
    if (!cert || X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) != 1)
        return fail(error, sslReason(QStringLiteral("cannot build the CA certificate")));
    if (!addExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE")
        || !addExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign")
        || !addExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash")
        || !addExtension(cert.get(), cert.get(), NID_authority_key_identifier, "keyid:always"))
        return fail(error, sslReason(QStringLiteral("cannot add CA extensions")));
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
        return fail(error, sslReason(QStringLiteral("cannot sign the CA certificate")));
    const QDir d(dir);
    return writePem(d.filePath(QStringLiteral("ca.key")), key.get(), nullptr, error)
        && writePem(d.filePath(QStringLiteral("ca.crt")), nullptr, cert.get(), error);
}

CertificateAuthority::CertificateAuthority(const QString &dir)
    : m_dir(dir)
{
}

bool CertificateAuthority::isValid() const
{
    X509Ptr cert = readCertificate(caCertFile());
    PKeyPtr key = readKey(caKeyFile());
    const bool ok = cert && key && X509_check_private_key(cert.get(), key.get()) == 1;
    ERR_clear_error();
    return ok;
}

QString CertificateAuthority::caCertFile() const
{
    return QDir(m_dir).filePath(QStringLiteral("ca.crt"));
}

QString CertificateAuthority::caKeyFile() const
{
    return QDir(m_dir).filePath(QStringLiteral("ca.key"));
}

bool CertificateAuthority::issue(const QString &baseName, const QString &commonName,
                                 const QStringList &hostNames, bool client, QString *error) const
{
    ERR_clear_error();
    X509Ptr caCert = readCertificate(caCertFile());
    PKeyPtr caKey = readKey(caKeyFile());
    if (!caCert || !caKey)
        return fail(error, sslReason(QStringLiteral("cannot load the CA from %1").arg(m_dir)));

    PKeyPtr key = generateKey();
    if (!key)
        return fail(error, sslReason(QStringLiteral("cannot generate a key")));
    X509Ptr cert = newCertificate(key.get(), commonName, kLeafValiditySeconds);
    if (!cert || X509_set_issuer_name(cert.get(), X509_get_subject_name(caCert.get())) != 1)
        return fail(error, sslReason(QStringLiteral("cannot build the certificate")));
    // Redis also presents its server certificate as a client when it replicates.
    const char *eku = client ? "clientAuth" : "serverAuth,clientAuth";
    if (!addExtension(cert.get(), caCert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), caCert.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(cert.get(), caCert.get(), NID_ext_key_usage, eku)
        || !addExtension(cert.get(), caCert.get(), NID_subject_key_identifier, "hash")
        || !addExtension(cert.get(), caCert.get(), NID_authority_key_identifier, "keyid:always"))
        return fail(error, sslReason(QStringLiteral("cannot add certificate extensions")));
    if (!addSubjectAltNames(cert.get(), hostNames, error))
        return false;
    if (X509_sign(cert.get(), caKey.get(), EVP_sha256()) <= 0)
        return fail(error, sslReason(QStringLiteral("cannot sign the certificate")));
    const QDir d(m_dir);
    return writePem(d.filePath(baseName + QStringLiteral(".key")), key.get(), nullptr, error)
        && writePem(d.filePath(baseName + QStringLiteral(".crt")), nullptr, cert.get(), error);
}
