#include "TestRegistry.h"

#include "doctor/LogSignatureTable.h"

#include <QTest>

// Real redis-server log lines (copied as 7.0.15 writes them; the wording is the source's
// serverLog format) are recognised with the right code, and a line that passed (the link came
// up later) or came before the last restart is not reported.
class TestLogSignatures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachKnownLineHasItsCode_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("severity");
        const int critical = int(Finding::Severity::Critical);
        const int warning = int(Finding::Severity::Warning);
        // Captured from redis-server 7.0.15 on this machine (replica without masterauth, with a wrong one).
        QTest::newRow("noauth-abort") << QStringLiteral(
            "25950:S 06 Dec 2026 02:37:58.028 # MASTER aborted replication with an error: NOAUTH Authentication required.")
                                      << QStringLiteral("replica-noauth") << critical;
        QTest::newRow("noauth-psync") << QStringLiteral(
            "25950:S 06 Dec 2026 02:37:58.028 # Unexpected reply to PSYNC from master: -NOAUTH Authentication required.")
                                      << QStringLiteral("replica-noauth") << critical;
        QTest::newRow("wrongpass") << QStringLiteral(
            "25957:S 06 Dec 2026 02:37:56.978 # Unable to AUTH to MASTER: -WRONGPASS invalid username-password pair "
            "or user is disabled.") << QStringLiteral("replica-wrongpass") << critical;
        QTest::newRow("overcommit") << QStringLiteral(
            "25944:M 06 Dec 2026 02:37:54.796 # WARNING Memory overcommit must be enabled! Without it, a background "
            "save or replication may fail under low memory condition. Being disabled, it can can also cause failures "
            "without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue "
            "add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl "
            "vm.overcommit_memory=1' for this to take effect.") << QStringLiteral("overcommit-memory") << warning;
        // Formatted from the 7.0.15 source's format strings (replication.c, networking.c, rdb.c, server.c, syscheck.c).
        QTest::newRow("noperm") << QStringLiteral(
            "1:S 06 Dec 2026 02:40:00.001 # Unexpected reply to PSYNC from master: -NOPERM this user has no "
            "permissions to run the 'psync' command") << QStringLiteral("replica-noperm") << critical;
        QTest::newRow("denied") << QStringLiteral(
            "1:S 06 Dec 2026 02:40:00.001 # Error reply to PING from master: '-DENIED Redis is running in protected "
            "mode because protected mode is enabled and no password is set for the default user. In this mode "
            "connections are only accepted from the loopback interface.'")
                                << QStringLiteral("master-protected-mode") << critical;
        QTest::newRow("refused") << QStringLiteral(
            "1:S 06 Dec 2026 02:40:00.001 # Error condition on socket for SYNC: Connection refused")
                                 << QStringLiteral("master-unreachable") << critical;
        QTest::newRow("connect") << QStringLiteral(
            "1:S 06 Dec 2026 02:40:00.001 # Unable to connect to MASTER: Connection refused")
                                 << QStringLiteral("master-unreachable") << critical;
        QTest::newRow("obuf") << QStringLiteral(
            "1:M 06 Dec 2026 02:40:00.001 # Client id=7 addr=10.0.0.2:41234 laddr=10.0.0.1:6379 fd=9 name= age=31 "
            "idle=0 flags=S db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 "
            "rbp=0 obl=0 oll=6012 omem=268453728 tot-mem=268455656 events=r cmd=psync user=default redir=-1 resp=2 "
            "scheduled to be closed ASAP for overcoming of output buffer limits.")
                              << QStringLiteral("output-buffer-limit") << critical;
        QTest::newRow("backlog") << QStringLiteral(
            "1:M 06 Dec 2026 02:40:00.001 * Unable to partial resync with replica 10.0.0.2:6379 for lack of backlog "
            "(Replica request was: 123456).") << QStringLiteral("backlog-too-small") << warning;
        QTest::newRow("rdbver") << QStringLiteral("1:S 06 Dec 2026 02:40:00.001 # Can't handle RDB format version 11")
                                << QStringLiteral("rdb-version") << critical;
        QTest::newRow("bulk-timeout") << QStringLiteral(
            "1:S 06 Dec 2026 02:40:00.001 # Timeout receiving bulk data from MASTER... If the problem persists try to "
            "set the 'repl-timeout' parameter in redis.conf to a larger value.")
                                      << QStringLiteral("sync-timeout") << warning;
        QTest::newRow("bgsave") << QStringLiteral("1:M 06 Dec 2026 02:40:00.001 # Background saving error")
                                << QStringLiteral("bgsave-error") << critical;
        QTest::newRow("fork") << QStringLiteral(
            "1:M 06 Dec 2026 02:40:00.001 # Can't save in background: fork: Cannot allocate memory")
                              << QStringLiteral("fork-failed") << critical;
        QTest::newRow("thp") << QStringLiteral(
            "1:M 06 Dec 2026 02:40:00.001 # WARNING You have Transparent Huge Pages (THP) support enabled in your "
            "kernel. This will create latency and memory usage issues with Redis. To fix this issue run the command "
            "'echo madvise > /sys/kernel/mm/transparent_hugepage/enabled' as root, and add it to your /etc/rc.local "
            "in order to retain the setting after a reboot. Redis must be restarted after THP is disabled (set to "
            "'madvise' or 'never').") << QStringLiteral("transparent-huge-pages") << warning;
        QTest::newRow("somaxconn") << QStringLiteral(
            "1:M 06 Dec 2026 02:40:00.001 # WARNING: The TCP backlog setting of 511 cannot be enforced because "
            "/proc/sys/net/core/somaxconn is set to the lower value of 128.") << QStringLiteral("somaxconn") << warning;
        QTest::newRow("maxclients") << QStringLiteral(
            "1:M 06 Dec 2026 02:40:00.001 # Current maximum open files is 1024. maxclients has been reduced to 992 "
            "to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.")
                                    << QStringLiteral("maxclients-reduced") << warning;
    }

    void eachKnownLineHasItsCode()
    {
        QFETCH(QString, line);
        QFETCH(QString, code);
        QFETCH(int, severity);
        const LogSignatureTable::Signature *s = LogSignatureTable::match(line);
        QVERIFY2(s, qPrintable(line));
        QCOMPARE(s->code, code);
        QCOMPARE(int(s->severity), severity);
        QVERIFY(!s->meaning.isEmpty() && !s->fix.isEmpty());
        const FindingList findings = LogSignatureTable::findings(line.toUtf8() + '\n', QStringLiteral("n:1"));
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().evidence, line);
    }

    void ordinaryLinesAreNotFindings()
    {
        QVERIFY(!LogSignatureTable::match(QStringLiteral("1:M 06 Dec 2026 02:37:54.797 * Ready to accept connections")));
        QVERIFY(!LogSignatureTable::match(
            QStringLiteral("1:S 06 Dec 2026 02:37:58.028 * Master replied to PING, replication can continue...")));
    }

    void aRepeatedLineIsOneFindingWithItsCount()
    {
        const QByteArray log =
            "25950:S 06 Dec 2026 02:37:58.028 # MASTER aborted replication with an error: NOAUTH Authentication required.\n"
            "25950:S 06 Dec 2026 02:37:58.028 * Retrying with SYNC...\n"
            "25950:S 06 Dec 2026 02:37:59.029 # MASTER aborted replication with an error: NOAUTH Authentication required.\n";
        const FindingList f = LogSignatureTable::findings(log, QStringLiteral("n:1"));
        QCOMPARE(f.size(), 1);
        QVERIFY2(f.first().evidence.startsWith(QLatin1String("25950:S 06 Dec 2026 02:37:59.029")), qPrintable(f.first().evidence));
        QVERIFY(f.first().evidence.endsWith(QLatin1String("(2 times)")));
    }

    void aLinkThatCameUpLaterIsNotReported()
    {
        const QByteArray log =
            "25950:S 06 Dec 2026 02:37:58.028 # MASTER aborted replication with an error: NOAUTH Authentication required.\n"
            "25950:S 06 Dec 2026 02:38:10.000 * MASTER <-> REPLICA sync: Finished with success\n";
        QVERIFY(LogSignatureTable::scan(log).isEmpty());
    }

    void linesBeforeTheLastStartAreHistory()
    {
        const QByteArray log =
            "1:M 06 Dec 2026 02:00:00.000 # Background saving error\n"
            "2:C 06 Dec 2026 02:10:00.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n"
            "2:M 06 Dec 2026 02:10:00.100 * Ready to accept connections\n";
        QVERIFY(LogSignatureTable::scan(log).isEmpty());
    }
};

TANDEM_TEST_GUILESS_MAIN(TestLogSignatures)
#include "tst_logsignatures.moc"
