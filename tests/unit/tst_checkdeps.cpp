#include "TestEnv.h"
#include "TestRegistry.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// installer/check-deps.sh is the guard that fails the test run when the build or the tests
// use something installer/deps.sh does not install. Fed crafted CMake caches and package
// lists, it must name the file and the package when one is missing, and pass when the list
// covers everything. It asks this machine's dpkg, so the packages it names are real ones.
class TestCheckDeps : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_script;
    QStringList m_packages;  // what deps.sh installs for the tests
    QString m_openGlDir;     // Qt6OpenGL's CMake package directory, from the real build's cache

    struct Result
    {
        int exitCode = -1;
        QString output;
    };

    Result check(const QByteArray &cache, const QStringList &packages, const QStringList &programs)
    {
        const QString cachePath = m_dir.filePath(QStringLiteral("CMakeCache.txt"));
        if (TestEnv::writeFile(cachePath, cache).isEmpty())
            return {};
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("bash"), {m_script, QStringLiteral("--cache"), cachePath,
                                         QStringLiteral("--packages"), packages.join(QLatin1Char(' ')),
                                         QStringLiteral("--programs"), programs.join(QLatin1Char(' '))});
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
            return {};
        return {p.exitCode(), QString::fromUtf8(p.readAll())};
    }

    QStringList packagesWithout(const QString &package) const
    {
        QStringList list = m_packages;
        list.removeAll(package);
        return list;
    }

    QByteArray openGlCache() const { return "Qt6OpenGL_DIR:PATH=" + m_openGlDir.toUtf8() + '\n'; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_script = QFINDTESTDATA("../../installer/check-deps.sh");
        QVERIFY2(!m_script.isEmpty(), "installer/check-deps.sh not found");
        QVERIFY2(!TestEnv::findBinary(QStringLiteral("dpkg-query")).isEmpty(),
                 "dpkg-query is missing: Tandem builds on Debian and the checker asks dpkg");

        QString listed;
        QCOMPARE(TestEnv::run(QStringLiteral("bash"),
                              {QFileInfo(m_script).dir().filePath(QStringLiteral("deps.sh")),
                               QStringLiteral("--list"), QStringLiteral("test")},
                              &listed),
                 0);
        m_packages = listed.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(m_packages.contains(QStringLiteral("libqt6opengl6-dev")), qPrintable(listed));

        const QByteArray realCache = TestEnv::readFile(TestEnv::binaryDir() + QStringLiteral("/CMakeCache.txt"));
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("^Qt6OpenGL_DIR:PATH=(.*)$"), QRegularExpression::MultilineOption)
                .match(QString::fromUtf8(realCache));
        QVERIFY2(m.hasMatch(), "the build's CMakeCache.txt has no Qt6OpenGL_DIR");
        m_openGlDir = m.captured(1);
        QVERIFY(QFile::exists(m_openGlDir + QStringLiteral("/Qt6OpenGLConfig.cmake")));
    }

    // The failure that once reached a newcomer: Qt6Charts needs Qt6OpenGL's CMake files,
    // which only a Recommends of qt6-base-dev brings.
    void missingCMakePackageIsNamed()
    {
        const Result r = check(openGlCache(), packagesWithout(QStringLiteral("libqt6opengl6-dev")), {});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.output.contains(QStringLiteral("Qt6OpenGLConfig.cmake")), qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral("package libqt6opengl6-dev")), qPrintable(r.output));
    }

    void fullListPasses()
    {
        const Result r = check(openGlCache(), m_packages, {QStringLiteral("redis-server")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    }

    void missingProgramIsNamed()
    {
        const Result r = check("# no packages found\n", packagesWithout(QStringLiteral("socat")),
                               {QStringLiteral("redis-server"), QStringLiteral("socat")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.output.contains(QStringLiteral("program socat")), qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral("package socat,")), qPrintable(r.output));
        QVERIFY2(!r.output.contains(QStringLiteral("redis-server")), qPrintable(r.output));
    }

    void programNotInstalledFails()
    {
        const Result r = check("", m_packages, {QStringLiteral("tandem-no-such-program")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.output.contains(QStringLiteral("tandem-no-such-program (tests): (not installed)")),
                 qPrintable(r.output));
    }

    void pkgConfigModuleIsChecked()
    {
        const QByteArray cache = "__pkg_config_arguments_hiredis:INTERNAL=REQUIRED;IMPORTED_TARGET;hiredis\n";
        const Result r = check(cache, packagesWithout(QStringLiteral("libhiredis-dev")), {});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.output.contains(QStringLiteral("pkg-config module hiredis")), qPrintable(r.output));
        QVERIFY2(r.output.contains(QStringLiteral("package libhiredis-dev")), qPrintable(r.output));
        QVERIFY2(check(cache, m_packages, {}).exitCode == 0, "hiredis is on the list");
    }

    // A library installed by hand (no package owns it) is something deps.sh cannot repeat.
    void handMadeFileFails()
    {
        QTemporaryDir elsewhere;  // files beside the cache count as the build's own
        const QString lib = TestEnv::writeFile(elsewhere.filePath(QStringLiteral("libhandmade.so")), "x");
        QVERIFY(!lib.isEmpty());
        const Result r = check("HANDMADE_LIBRARY:FILEPATH=" + lib.toUtf8() + '\n', m_packages, {});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.output.contains(lib) && r.output.contains(QStringLiteral("no Debian package")),
                 qPrintable(r.output));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestCheckDeps)
#include "tst_checkdeps.moc"
