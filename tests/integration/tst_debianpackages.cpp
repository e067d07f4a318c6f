// The Debian packages a user installs with `apt-get install ./dist/*.deb`: CPack run on this
// build tree (cmake/Packaging.cmake, what installer/package.sh runs after its release build)
// must give two .debs that lintian passes without errors, whose desktop entry and AppStream
// file validate, whose files and modes are the ones listed here, where tandemctl pulls in no
// Qt GUI library, and whose programs, run from the unpacked tree, say they are 0.1.0.
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestDebianPackages : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode = -1;
        QString out;  // stdout and stderr
    };

    QTemporaryDir m_tmp;
    QString m_dpkgDeb;
    QMap<QString, QString> m_debs;  // package name -> .deb path
    QMap<QString, QString> m_roots; // package name -> unpacked tree

    static Run run(const QString &program, const QStringList &args, int timeoutMs = 120000,
                   const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit) {
            p.kill();
            p.waitForFinished(1000);
            return {-1, QString::fromUtf8(p.readAll())};
        }
        return {p.exitCode(), QString::fromUtf8(p.readAll())};
    }

    QString field(const QString &package, const QString &name) const
    {
        return run(m_dpkgDeb, {QStringLiteral("--field"), m_debs.value(package), name}).out.trimmed();
    }

    // "path" -> "mode owner" for every entry of the package's data, from dpkg-deb -c.
    QMap<QString, QString> contents(const QString &package) const
    {
        const Run r = run(m_dpkgDeb, {QStringLiteral("--contents"), m_debs.value(package)});
        QMap<QString, QString> entries;
        static const QRegularExpression line(QStringLiteral("^(\\S+)\\s+(\\S+)\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\.(/\\S*)$"));
        for (const QString &text : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QRegularExpressionMatch m = line.match(text);
            if (m.hasMatch())
                entries.insert(m.captured(3), m.captured(1) + QLatin1Char(' ') + m.captured(2));
            else
                entries.insert(QStringLiteral("unparsed: ") + text, QString());
        }
        return entries;
    }

    // Checks the package holds exactly `files` (mode 0755 for `executables`, else 0644) plus
    // the directories leading to them (0755), all owned by root.
    void expectFiles(const QString &package, const QStringList &files, const QStringList &executables)
    {
        const QMap<QString, QString> entries = contents(package);
        QStringList seenFiles;
        for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
            const QString &path = it.key();
            const QString &modeOwner = it.value();
            QVERIFY2(modeOwner.endsWith(QStringLiteral(" root/root")), qPrintable(path + QLatin1Char(' ') + modeOwner));
            if (path.endsWith(QLatin1Char('/'))) {
                QVERIFY2(modeOwner.startsWith(QStringLiteral("drwxr-xr-x ")), qPrintable(path + QLatin1Char(' ') + modeOwner));
                continue;
            }
            seenFiles.append(path);
            const QString want = executables.contains(path) ? QStringLiteral("-rwxr-xr-x ") : QStringLiteral("-rw-r--r-- ");
            QVERIFY2(modeOwner.startsWith(want), qPrintable(path + QLatin1Char(' ') + modeOwner));
        }
        QStringList wanted = files;
        wanted.sort();
        seenFiles.sort();
        QCOMPARE(seenFiles, wanted);
    }

    // gzip -n: no file name and no time stamp in the header, so rebuilds give the same bytes.
    static void expectReproducibleGzip(const QString &path)
    {
        const QByteArray bytes = TestEnv::readFile(path);
        QVERIFY2(bytes.size() > 10 && bytes.startsWith("\x1f\x8b"), qPrintable(path));
        QVERIFY2((bytes.at(3) & 0x08) == 0, qPrintable(path + QStringLiteral(": file name stored")));
        QVERIFY2(bytes.mid(4, 4) == QByteArray(4, '\0'), qPrintable(path + QStringLiteral(": time stamp stored")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QString cpack = TestEnv::requireBinary(QStringLiteral("cpack"), QStringLiteral("cmake"));
        m_dpkgDeb = TestEnv::requireBinary(QStringLiteral("dpkg-deb"), QStringLiteral("dpkg"));
        // CPack asks dpkg-shlibdeps for the library dependencies and file which files are binaries.
        QVERIFY(!TestEnv::requireBinary(QStringLiteral("dpkg-shlibdeps"), QStringLiteral("dpkg-dev")).isEmpty());
        QVERIFY(!TestEnv::requireBinary(QStringLiteral("file"), QStringLiteral("file")).isEmpty());
        QVERIFY(!cpack.isEmpty() && !m_dpkgDeb.isEmpty());
        const QString config = TestEnv::binaryDir() + QStringLiteral("/CPackConfig.cmake");
        QVERIFY2(QFile::exists(config), qPrintable(config + QStringLiteral(" is missing: configure the build first")));

        const QString out = m_tmp.filePath(QStringLiteral("cpack"));
        const Run made = run(cpack, {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"), config,
                                     QStringLiteral("-B"), out}, 240000);
        QVERIFY2(made.exitCode == 0, qPrintable(made.out));
        const QString arch = run(QStringLiteral("dpkg"), {QStringLiteral("--print-architecture")}).out.trimmed();
        for (const QString &package : {QStringLiteral("tandem"), QStringLiteral("tandemctl")}) {
            const QString deb = out + QStringLiteral("/%1_0.1.0-1_%2.deb").arg(package, arch);
            QVERIFY2(QFile::exists(deb), qPrintable(deb + QStringLiteral(" was not made:\n") + made.out
                                                    + QDir(out).entryList(QDir::Files).join(QLatin1Char(' '))));
            m_debs.insert(package, deb);
            const QString root = m_tmp.filePath(QStringLiteral("root-") + package);
            const Run unpacked = run(m_dpkgDeb, {QStringLiteral("--extract"), deb, root});
            QVERIFY2(unpacked.exitCode == 0, qPrintable(unpacked.out));
            m_roots.insert(package, root);
        }
    }

    void lintianFindsNoErrors()
    {
        const QString lintian = TestEnv::requireBinary(QStringLiteral("lintian"), QStringLiteral("lintian"));
        QVERIFY(!lintian.isEmpty());
        const Run r = run(lintian, {QStringLiteral("--fail-on"), QStringLiteral("error"), m_debs.value(QStringLiteral("tandem")),
                                    m_debs.value(QStringLiteral("tandemctl"))}, 240000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY2(!QRegularExpression(QStringLiteral("^E: "), QRegularExpression::MultilineOption).match(r.out).hasMatch(),
                 qPrintable(r.out));
    }

    void desktopEntryAndAppStreamValidate()
    {
        const QString desktopValidate =
            TestEnv::requireBinary(QStringLiteral("desktop-file-validate"), QStringLiteral("desktop-file-utils"));
        const QString appstreamcli = TestEnv::requireBinary(QStringLiteral("appstreamcli"), QStringLiteral("appstream"));
        QVERIFY(!desktopValidate.isEmpty() && !appstreamcli.isEmpty());
        const QString share = m_roots.value(QStringLiteral("tandem")) + QStringLiteral("/usr/share");

        const Run desktop = run(desktopValidate, {share + QStringLiteral("/applications/dev.tandem.Tandem.desktop")});
        QVERIFY2(desktop.exitCode == 0 && desktop.out.isEmpty(), qPrintable(desktop.out));
        const QByteArray entry = TestEnv::readFile(share + QStringLiteral("/applications/dev.tandem.Tandem.desktop"));
        QVERIFY2(entry.contains("\nExec=tandem\n") && entry.contains("\nIcon=dev.tandem.Tandem\n"), entry.constData());

        // Fails on warnings too; no network: screenshot URLs are not fetched.
        const Run metainfo = run(appstreamcli, {QStringLiteral("validate"), QStringLiteral("--no-net"),
                                                share + QStringLiteral("/metainfo/dev.tandem.Tandem.metainfo.xml")});
        QVERIFY2(metainfo.exitCode == 0, qPrintable(metainfo.out));
        QVERIFY2(!QRegularExpression(QStringLiteral("^[EWI]: "), QRegularExpression::MultilineOption).match(metainfo.out).hasMatch(),
                 qPrintable(metainfo.out));
        // The whole tree: the launchable names the desktop entry that is really installed.
        const Run tree = run(appstreamcli, {QStringLiteral("validate-tree"), QStringLiteral("--no-net"),
                                            m_roots.value(QStringLiteral("tandem"))});
        QVERIFY2(tree.exitCode == 0, qPrintable(tree.out));
        QVERIFY2(!QRegularExpression(QStringLiteral("^[EWI]: "), QRegularExpression::MultilineOption).match(tree.out).hasMatch(),
                 qPrintable(tree.out));
    }

    void packagesHoldTheirFilesWithStandardModes()
    {
        QStringList gui{QStringLiteral("/usr/bin/tandem"),
                        QStringLiteral("/usr/share/applications/dev.tandem.Tandem.desktop"),
                        QStringLiteral("/usr/share/metainfo/dev.tandem.Tandem.metainfo.xml"),
                        QStringLiteral("/usr/share/icons/hicolor/scalable/apps/dev.tandem.Tandem.svg"),
                        QStringLiteral("/usr/share/man/man1/tandem.1.gz"),
                        QStringLiteral("/usr/share/doc/tandem/copyright"),
                        QStringLiteral("/usr/share/doc/tandem/changelog.Debian.gz")};
        for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
            gui.append(QStringLiteral("/usr/share/icons/hicolor/%1x%1/apps/dev.tandem.Tandem.png").arg(size));
        expectFiles(QStringLiteral("tandem"), gui, {QStringLiteral("/usr/bin/tandem")});
        if (QTest::currentTestFailed())
            return;
        expectFiles(QStringLiteral("tandemctl"),
                    {QStringLiteral("/usr/bin/tandemctl"), QStringLiteral("/usr/share/man/man1/tandemctl.1.gz"),
                     QStringLiteral("/usr/share/bash-completion/completions/tandemctl"),
                     QStringLiteral("/usr/share/doc/tandemctl/copyright"),
                     QStringLiteral("/usr/share/doc/tandemctl/changelog.Debian.gz")},
                    {QStringLiteral("/usr/bin/tandemctl")});
        if (QTest::currentTestFailed())
            return;
        // The completion at least parses (bash -n), and defines its function for tandemctl.
        const QString completion = m_roots.value(QStringLiteral("tandemctl"))
            + QStringLiteral("/usr/share/bash-completion/completions/tandemctl");
        const Run parsed = run(QStringLiteral("bash"), {QStringLiteral("-n"), completion});
        QVERIFY2(parsed.exitCode == 0 && parsed.out.isEmpty(), qPrintable(parsed.out));
        QVERIFY(TestEnv::readFile(completion).contains("complete -F _tandemctl tandemctl"));
        for (const QString &package : {QStringLiteral("tandem"), QStringLiteral("tandemctl")}) {
            const QString share = m_roots.value(package) + QStringLiteral("/usr/share");
            expectReproducibleGzip(share + QStringLiteral("/man/man1/%1.1.gz").arg(package));
            expectReproducibleGzip(share + QStringLiteral("/doc/%1/changelog.Debian.gz").arg(package));
            // The control members (md5sums included) are 0644 whatever the build's umask.
            const Run members = run(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("\"$0\" --ctrl-tarfile \"$1\" | tar -tvf -"),
                                                           m_dpkgDeb, m_debs.value(package)});
            QVERIFY2(members.exitCode == 0 && members.out.contains(QStringLiteral("./md5sums")), qPrintable(members.out));
            for (const QString &text : members.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                if (!text.endsWith(QLatin1Char('/')))
                    QVERIFY2(text.startsWith(QStringLiteral("-rw-r--r-- root/root")), qPrintable(text));
            }
        }
    }

    void controlFieldsAndDependencies()
    {
        for (const QString &package : {QStringLiteral("tandem"), QStringLiteral("tandemctl")}) {
            QCOMPARE(field(package, QStringLiteral("Package")), package);
            QCOMPARE(field(package, QStringLiteral("Version")), QStringLiteral("0.1.0-1"));
            QCOMPARE(field(package, QStringLiteral("Section")), QStringLiteral("admin"));
            QCOMPARE(field(package, QStringLiteral("Priority")), QStringLiteral("optional"));
            QVERIFY(!field(package, QStringLiteral("Maintainer")).isEmpty());
            QVERIFY(field(package, QStringLiteral("Homepage")).startsWith(QStringLiteral("https://")));
            QVERIFY2(field(package, QStringLiteral("Description")).count(QLatin1Char('\n')) >= 3,
                     qPrintable(field(package, QStringLiteral("Description"))));
        }
        const QString cliDepends = field(QStringLiteral("tandemctl"), QStringLiteral("Depends"));
        QVERIFY2(cliDepends.contains(QStringLiteral("libqt6core6")) && cliDepends.contains(QStringLiteral("libqt6network6"))
                     && cliDepends.contains(QStringLiteral("libsecret-1-0")),
                 qPrintable(cliDepends));
        // The command line runs on servers without a display stack.
        QVERIFY2(!cliDepends.contains(QStringLiteral("libqt6widgets")) && !cliDepends.contains(QStringLiteral("libqt6gui")),
                 qPrintable(cliDepends));
        const QString guiDepends = field(QStringLiteral("tandem"), QStringLiteral("Depends"));
        QVERIFY2(guiDepends.contains(QStringLiteral("libqt6widgets6")) && guiDepends.contains(QStringLiteral("libsecret-1-0"))
                     && guiDepends.contains(QStringLiteral("tandemctl (= 0.1.0-1)")),
                 qPrintable(guiDepends));
    }

    void packagedProgramsPrintTheirVersion()
    {
        // No display at all: --version must not need one.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY")})
            env.remove(name);
        const Run cli = run(m_roots.value(QStringLiteral("tandemctl")) + QStringLiteral("/usr/bin/tandemctl"),
                            {QStringLiteral("--version")}, 30000, env);
        QCOMPARE(cli.exitCode, 0);
        QCOMPARE(cli.out.trimmed(), QStringLiteral("tandemctl 0.1.0"));
        const Run gui = run(m_roots.value(QStringLiteral("tandem")) + QStringLiteral("/usr/bin/tandem"),
                            {QStringLiteral("--version")}, 30000, env);
        QCOMPARE(gui.exitCode, 0);
        QCOMPARE(gui.out.trimmed(), QStringLiteral("tandem 0.1.0"));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestDebianPackages)
#include "tst_debianpackages.moc"
