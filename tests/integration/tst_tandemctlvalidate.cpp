// tandemctl validate for another release line (--redis-version) and with included files,
// through the built binary: exit codes, the text report and the JSON shape.
#include "CliRunner.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestTandemctlValidate : public QObject
{
    Q_OBJECT

private:
    QString write(const QString &name, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(m_tmp.filePath(name)).absolutePath());
        return TestEnv::writeFile(m_tmp.filePath(name), bytes);
    }
    static QJsonObject json(const CliResult &r)
    {
        QJsonParseError pe;
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &pe).object();
        if (pe.error != QJsonParseError::NoError)
            qWarning("not JSON: %s", qPrintable(r.out));
        return o;
    }

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(m_tmp.isValid());
    }

    void olderReleaseLineRefusesNewerNames()
    {
        const QString conf = write(QStringLiteral("replica.conf"),
                                   "port 6380\nreplicaof 10.0.0.1 6379\nreplica-read-only yes\n");
        const CliResult old = CliRunner::run({QStringLiteral("validate"), QStringLiteral("--redis-version"),
                                              QStringLiteral("4.0"), conf});
        QVERIFY2(old.exitCode == 1, qPrintable(old.out + old.err));
        QVERIFY2(old.out.contains(conf + QStringLiteral(":2:1: error: 'replicaof' is not known to Redis 4.0 (added in 5.0) [unknown-in-version]")),
                 qPrintable(old.out));
        QVERIFY2(old.out.contains(QLatin1String("  fix: slaveof\n")), qPrintable(old.out));
        QVERIFY2(old.out.contains(QLatin1String("  fix: slave-read-only\n")), qPrintable(old.out));
        QVERIFY2(!old.err.contains(QLatin1String("approximate")), qPrintable(old.err));

        for (const QString &v : {QStringLiteral("5.0"), QStringLiteral("7.0"), QStringLiteral("7.2.4")}) {
            const CliResult ok = CliRunner::run({QStringLiteral("validate"), QStringLiteral("--redis-version"), v, conf});
            QVERIFY2(ok.exitCode == 0, qPrintable(v + ok.out + ok.err));
        }

        const QString newer = write(QStringLiteral("locale.conf"), "locale-collate \"\"\n");
        QCOMPARE(CliRunner::run({QStringLiteral("validate"), newer}).exitCode, 1);
        QCOMPARE(CliRunner::run({QStringLiteral("validate"), QStringLiteral("--redis-version"),
                                 QStringLiteral("7.2"), newer}).exitCode, 0);
    }

    void unknownReleaseLineIsAUsageError()
    {
        const QString conf = write(QStringLiteral("plain.conf"), "port 6379\n");
        const CliResult r = CliRunner::run({QStringLiteral("validate"), QStringLiteral("--redis-version"),
                                            QStringLiteral("9.9"), conf});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("2.8, 3.0, 3.2, 4.0, 5.0, 6.0, 6.2, 7.0, 7.2")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void includedFilesAreReportedUnderTheirOwnPath()
    {
        const QString inc = write(QStringLiteral("inc/extra.conf"), "# extra\nappendonly perhaps\n");
        write(QStringLiteral("inc/more/ok.conf"), "hz 20\n");
        const QString main = write(QStringLiteral("main.conf"),
                                   "port 6379\ninclude inc/extra.conf\ninclude "
                                       + m_tmp.filePath(QStringLiteral("inc/more/*.conf")).toLocal8Bit() + "\n");
        const CliResult r = CliRunner::run({QStringLiteral("validate"), main});
        QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(inc + QStringLiteral(":2:12: error: argument must be 'yes' or 'no' [bad-bool]")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(main + QStringLiteral(":2:9: info: ")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QLatin1String("2 files checked: 1 error")), qPrintable(r.err));

        const CliResult j = CliRunner::run({QStringLiteral("validate"), QStringLiteral("--json"), main});
        QCOMPARE(j.exitCode, 1);
        const QJsonArray files = json(j).value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 2);
        QCOMPARE(files.at(0).toObject().value(QStringLiteral("path")).toString(), main);
        const QJsonObject included = files.at(1).toObject();
        QCOMPARE(included.value(QStringLiteral("path")).toString(), inc);
        const QJsonArray diags = included.value(QStringLiteral("diagnostics")).toArray();
        QCOMPARE(diags.size(), 1);
        const QJsonObject d = diags.at(0).toObject();
        QCOMPARE(d.value(QStringLiteral("line")).toInt(), 2);
        QCOMPARE(d.value(QStringLiteral("column")).toInt(), 12);
        QCOMPARE(d.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(d.value(QStringLiteral("code")).toString(), QStringLiteral("bad-bool"));
        QVERIFY(d.value(QStringLiteral("fix")).isNull());
    }

    void missingIncludeAndLoop()
    {
        const QString missing = write(QStringLiteral("missing.conf"),
                                      "include " + m_tmp.filePath(QStringLiteral("nope.conf")).toLocal8Bit() + "\n");
        const CliResult r = CliRunner::run({QStringLiteral("validate"), missing});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QLatin1String("can't open config file")), qPrintable(r.out));

        const QString a = m_tmp.filePath(QStringLiteral("loop-a.conf"));
        const QString b = write(QStringLiteral("loop-b.conf"), "include " + a.toLocal8Bit() + "\n");
        write(QStringLiteral("loop-a.conf"), "include " + b.toLocal8Bit() + "\n");
        const CliResult loop = CliRunner::run({QStringLiteral("validate"), a});
        QCOMPARE(loop.exitCode, 1);
        QVERIFY2(loop.out.contains(b + QStringLiteral(":1:9: error: ")), qPrintable(loop.out));
        QVERIFY2(loop.out.contains(QLatin1String("[include-loop]")), qPrintable(loop.out));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlValidate)
#include "tst_tandemctlvalidate.moc"
