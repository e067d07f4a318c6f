// No secret leaves Tandem in an export made without --include-secrets: every export tandemctl
// can make of a password-protected group with an ACL user (each node's redis.conf as running
// and minimal, the sentinel files, users.acl, the topology in every format, the bundle as an
// archive and as a folder) is written, and every byte of it — archives unpacked too — plus the
// command's output and the audit log is searched for each password. With --include-secrets the
// same search finds them, so the search can see a leak.
#include "BlockingRedis.h"
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "export/TarGz.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("Leak-group-Secret-0123456789abcdef");
const QString kAlicePass = QStringLiteral("Leak-alice-Secret-0123456789abcdef");

} // namespace

class TestExportSecrets : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    ReplicationLab m_lab;
    QStringList m_leaks;
    int m_bytesSearched = 0;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("TANDEM_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        e.insert(QStringLiteral("REDISCLI_AUTH"), kPassword);
        return e;
    }

    void search(const QByteArray &bytes, const QString &where)
    {
        m_bytesSearched += static_cast<int>(bytes.size());
        for (const QString &secret : {kPassword, kAlicePass}) {
            if (bytes.contains(secret.toUtf8()))
                m_leaks << where;
        }
        // An archive is searched unpacked too (compression would hide a password).
        if (bytes.startsWith("\x1f\x8b")) {
            QList<ExportFile> files;
            QString error;
            if (!TarGz::extract(bytes, &files, &error)) {
                m_leaks << QStringLiteral("%1: cannot unpack (%2)").arg(where, error);
                return;
            }
            for (const ExportFile &f : files)
                search(f.bytes, where + QStringLiteral("!") + f.name);
        }
    }

    void searchTree(const QString &path)
    {
        QFileInfo info(path);
        if (info.isFile()) {
            search(TestEnv::readFile(path), path);
            return;
        }
        QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            search(TestEnv::readFile(file), file);
        }
    }

    // Runs every export into `dir`; returns false (with the failing command) when one fails.
    bool exportEverything(const QString &dir, bool secrets, QString *failed)
    {
        QDir().mkpath(dir);
        const QString seed = m_lab.address(QStringLiteral("m"));
        QList<QPair<QStringList, QString>> runs;  // args, output path
        for (const QString &n : m_lab.names()) {
            const QString a = m_lab.address(n);
            runs << qMakePair(QStringList{QStringLiteral("redis-conf"), a}, dir + QStringLiteral("/%1.conf").arg(n))
                 << qMakePair(QStringList{QStringLiteral("redis-conf"), a, QStringLiteral("--minimal")},
                              dir + QStringLiteral("/%1-minimal.conf").arg(n));
        }
        runs << qMakePair(QStringList{QStringLiteral("sentinel"), QStringLiteral("--seed"), seed}, dir + QStringLiteral("/sentinel"))
             << qMakePair(QStringList{QStringLiteral("acl"), QStringLiteral("--seed"), seed}, dir + QStringLiteral("/users.acl"))
             << qMakePair(QStringList{QStringLiteral("bundle"), QStringLiteral("--seed"), seed}, dir + QStringLiteral("/bundle.tar.gz"))
             << qMakePair(QStringList{QStringLiteral("bundle"), QStringLiteral("--seed"), seed}, dir + QStringLiteral("/bundle-folder"));
        for (const QString &format : topologyFormats())
            runs << qMakePair(QStringList{QStringLiteral("topology"), QStringLiteral("--seed"), seed, QStringLiteral("--format"), format},
                              dir + QStringLiteral("/topology.") + format);
        for (const auto &[args, out] : runs) {
            QStringList full = QStringList{QStringLiteral("export")} + args + QStringList{QStringLiteral("--out"), out};
            if (secrets && (args.first() != QLatin1String("acl") && args.first() != QLatin1String("topology")))
                full << QStringLiteral("--include-secrets");
            const CliResult r = CliRunner::run(full, 60000, env());
            if (r.exitCode != 0) {
                *failed = QStringLiteral("%1: exit %2\n%3").arg(full.join(QLatin1Char(' '))).arg(r.exitCode).arg(r.err);
                return false;
            }
            search(r.out.toUtf8(), full.join(QLatin1Char(' ')) + QStringLiteral(" (stdout)"));
            search(r.err.toUtf8(), full.join(QLatin1Char(' ')) + QStringLiteral(" (stderr)"));
            searchTree(out);
        }
        return true;
    }

    static QStringList topologyFormats()
    {
        return {QStringLiteral("json"), QStringLiteral("dot"), QStringLiteral("text"), QStringLiteral("svg"), QStringLiteral("png")};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(m_tmp.isValid());
        m_lab.setPassword(kPassword);
        QVERIFY2(m_lab.addMaster(QStringLiteral("m")), qPrintable(m_lab.errorString()));
        QVERIFY2(m_lab.addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
        QVERIFY2(m_lab.addReplica(QStringLiteral("r2"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
        QVERIFY(m_lab.waitLinked());
        for (const QString &n : m_lab.names()) {
            BlockingRedis c(m_lab.address(n), kPassword);
            QCOMPARE(c.call({"ACL", "SETUSER", "alice", "on", ">" + kAlicePass.toUtf8(), "~*", "+@all"}).text, QByteArray("OK"));
        }
    }

    void noSecretWithoutIncludeSecrets()
    {
        QString failed;
        QVERIFY2(exportEverything(m_tmp.filePath(QStringLiteral("plain")), false, &failed), qPrintable(failed));
        search(TestEnv::readFile(m_tmp.filePath(QStringLiteral("data/audit.jsonl"))), QStringLiteral("audit log"));
        QVERIFY2(m_leaks.isEmpty(), qPrintable(QStringLiteral("passwords found in:\n") + m_leaks.join(QLatin1Char('\n'))));
        QVERIFY2(m_bytesSearched > 50000, qPrintable(QString::number(m_bytesSearched)));
        qInfo("searched %d bytes of exports, output and audit log: no password", m_bytesSearched);
    }

    void theSearchFindsThemWhenIncluded()
    {
        m_leaks.clear();
        QString failed;
        QVERIFY2(exportEverything(m_tmp.filePath(QStringLiteral("secrets")), true, &failed), qPrintable(failed));
        // The group password is in every node's redis.conf, the sentinel files and the bundles.
        for (const QString &expected : {QStringLiteral("/m.conf"), QStringLiteral("/r1-minimal.conf"), QStringLiteral("/sentinel/"),
                                        QStringLiteral("bundle.tar.gz!"), QStringLiteral("/bundle-folder/")}) {
            bool found = false;
            for (const QString &leak : std::as_const(m_leaks))
                found = found || leak.contains(expected);
            QVERIFY2(found, qPrintable(expected + QStringLiteral(" not among:\n") + m_leaks.join(QLatin1Char('\n'))));
        }
        // The audit log never holds one, secrets or not.
        const QByteArray audit = TestEnv::readFile(m_tmp.filePath(QStringLiteral("data/audit.jsonl")));
        QVERIFY(!audit.contains(kPassword.toUtf8()) && !audit.contains(kAlicePass.toUtf8()));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestExportSecrets)
#include "tst_exportsecrets.moc"
