#include "ProfileCompare.h"

#include <QTest>

namespace ProfileCompare {

void withoutSecrets(const ConnectionProfile &a, const ConnectionProfile &b)
{
    QCOMPARE(a.name, b.name);
    QCOMPARE(a.host, b.host);
    QCOMPARE(a.port, b.port);
    QCOMPARE(a.user, b.user);
    QCOMPARE(a.db, b.db);
    QCOMPARE(a.connectTimeoutMs, b.connectTimeoutMs);
    QCOMPARE(a.commandTimeoutMs, b.commandTimeoutMs);
    QCOMPARE(a.tls.enabled, b.tls.enabled);
    QCOMPARE(a.tls.caFile, b.tls.caFile);
    QCOMPARE(a.tls.certFile, b.tls.certFile);
    QCOMPARE(a.tls.keyFile, b.tls.keyFile);
    QCOMPARE(a.tls.serverName, b.tls.serverName);
    QCOMPARE(a.tls.insecure, b.tls.insecure);
    QCOMPARE(a.ssh.enabled, b.ssh.enabled);
    QCOMPARE(a.ssh.host, b.ssh.host);
    QCOMPARE(a.ssh.port, b.ssh.port);
    QCOMPARE(a.ssh.user, b.ssh.user);
    QCOMPARE(a.ssh.keyFile, b.ssh.keyFile);
    QCOMPARE(a.ssh.knownHostsFile, b.ssh.knownHostsFile);
    QCOMPARE(a.ssh.useAgent, b.ssh.useAgent);
    QCOMPARE(a.ssh.acceptNewHostKey, b.ssh.acceptNewHostKey);
    QCOMPARE(a.ssh.acceptFingerprint, b.ssh.acceptFingerprint);
    QCOMPARE(a.ssh.keepaliveSeconds, b.ssh.keepaliveSeconds);
}

} // namespace ProfileCompare
