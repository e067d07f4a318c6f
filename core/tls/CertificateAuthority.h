#pragma once

#include <QString>
#include <QStringList>

// A small private CA for labs and tests (OpenSSL 3): creates a CA key/certificate and issues
// server and client certificates signed by it, all as PEM files. Not for production PKI.
class CertificateAuthority
{
public:
    // Creates <dir>/ca.crt and <dir>/ca.key (RSA 2048 or EC P-256, valid 10 years).
    // Returns false with a reason in *error.
    static bool create(const QString &dir, const QString &commonName, QString *error);

    // Loads an existing CA from <dir>/ca.crt + <dir>/ca.key.
    explicit CertificateAuthority(const QString &dir);
    bool isValid() const;

    // Issues <dir>/<baseName>.crt and <dir>/<baseName>.key. `hostNames` become DNS/IP
    // subjectAltNames (IP addresses are detected). `client` sets extendedKeyUsage clientAuth,
    // otherwise serverAuth (+clientAuth, since redis also uses its server cert for replication).
    bool issue(const QString &baseName, const QString &commonName, const QStringList &hostNames,
               bool client, QString *error) const;

    QString caCertFile() const;
    QString caKeyFile() const;
    QString dir() const { return m_dir; }

private:
    QString m_dir;
};
