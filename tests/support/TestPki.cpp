#include "TestPki.h"

#include "tls/CertificateAuthority.h"

bool TestPki::fail(const QString &error)
{
    m_error = error;
    return false;
}

bool TestPki::create()
{
    if (!m_dir.isValid())
        return fail(QStringLiteral("cannot create a temporary directory"));
    QString error;
    if (!CertificateAuthority::create(caDir(), QStringLiteral("Tandem Test CA"), &error))
        return fail(error);
    const CertificateAuthority ca(caDir());
    if (!ca.isValid())
        return fail(QStringLiteral("the new CA in %1 does not load").arg(caDir()));
    if (!ca.issue(QStringLiteral("server"), QStringLiteral("redis test server"),
                  {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}, false, &error)
        || !ca.issue(QStringLiteral("client"), QStringLiteral("tandem"), {}, true, &error))
        return fail(error);
    return true;
}

bool TestPki::createStranger()
{
    if (!m_dir.isValid())
        return fail(QStringLiteral("cannot create a temporary directory"));
    const QString dir = m_dir.filePath(QStringLiteral("stranger"));
    QString error;
    if (!CertificateAuthority::create(dir, QStringLiteral("Stranger CA"), &error))
        return fail(error);
    m_strangerCaFile = CertificateAuthority(dir).caCertFile();
    return true;
}

TlsOptions TestPki::clientTls() const
{
    TlsOptions tls;
    tls.enabled = true;
    tls.caFile = caFile();
    tls.certFile = clientCert();
    tls.keyFile = clientKey();
    return tls;
}
