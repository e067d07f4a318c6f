#pragma once

#include "net/ConnectionProfile.h"

#include <QString>
#include <QTemporaryDir>

// A throwaway PKI made with core's CertificateAuthority in a temporary directory: a CA, a
// server certificate for 127.0.0.1 and localhost, and a client certificate signed by it.
// Optionally a second, unrelated "stranger" CA that signed none of them.
class TestPki
{
public:
    TestPki() = default;
    TestPki(const TestPki &) = delete;
    TestPki &operator=(const TestPki &) = delete;

    // Creates the CA and issues the server and client certificates; false with errorString().
    bool create();
    // Creates the stranger CA; false with errorString().
    bool createStranger();

    // The CA's directory, as CertificateAuthority lays it out: <name>.crt and <name>.key.
    QString caDir() const { return m_dir.filePath(QStringLiteral("ca")); }
    QString caFile() const { return inCa(QStringLiteral("ca.crt")); }
    QString caKeyFile() const { return inCa(QStringLiteral("ca.key")); }
    QString serverCert() const { return inCa(QStringLiteral("server.crt")); }
    QString serverKey() const { return inCa(QStringLiteral("server.key")); }
    QString clientCert() const { return inCa(QStringLiteral("client.crt")); }
    QString clientKey() const { return inCa(QStringLiteral("client.key")); }
    QString strangerCaFile() const { return m_strangerCaFile; }  // empty until createStranger()

    // A path in the temporary directory that the PKI does not use (nothing is created).
    QString unusedPath(const QString &name) const { return m_dir.filePath(QStringLiteral("unused/") + name); }

    // TLS enabled, verifying the server against caFile(), presenting the client certificate.
    TlsOptions clientTls() const;

    QString errorString() const { return m_error; }

private:
    bool fail(const QString &error);
    QString inCa(const QString &name) const { return caDir() + QLatin1Char('/') + name; }

    QTemporaryDir m_dir;
    QString m_strangerCaFile;
    QString m_error;
};
