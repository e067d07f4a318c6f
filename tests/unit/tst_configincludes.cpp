// `include` followed the way config.c does it, with real files in a temp dir: diagnostics of
// included files at their own line, globs, missing files, loops, depth, a replaceable loader.

#include "TestRegistry.h"
#include "config/ConfigDocument.h"
#include "config/ConfigValidator.h"
#include "TestEnv.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const ConfigDiagnostic *byCode(const QList<ConfigDiagnostic> &diags, const char *code)
{
    for (const ConfigDiagnostic &d : diags) {
        if (d.code == QLatin1String(code))
            return &d;
    }
    return nullptr;
}

QString dump(const QList<ConfigDiagnostic> &diags)
{
    QStringList out;
    for (const ConfigDiagnostic &d : diags)
        out.append(QStringLiteral("%1:%2:%3 %4 %5").arg(d.file).arg(d.line).arg(d.column).arg(d.code, d.message));
    return out.join(QLatin1Char('\n'));
}

int errorCount(const QList<ConfigDiagnostic> &diags)
{
    return int(std::count_if(diags.cbegin(), diags.cend(), [](const ConfigDiagnostic &d) {
        return d.severity == ConfigDiagnostic::Severity::Error;
    }));
}

} // namespace

class TestConfigIncludes : public QObject
{
    Q_OBJECT

private:
    QString write(const QString &name, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(m_tmp.filePath(name)).absolutePath());
        return TestEnv::writeFile(m_tmp.filePath(name), bytes);
    }
    QList<ConfigDiagnostic> validateFile(const QString &path,
                                         ConfigValidator::Options options = {})
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return ConfigValidator::validate(ConfigDocument::parse(f.readAll(), path), options);
    }

    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void nestedIncludeReportsAtItsOwnLine()
    {
        const QString inner = write(QStringLiteral("nested/inner.conf"), "# inner\nport 6380\nappendonly maybe\n");
        const QString middle = write(QStringLiteral("nested/middle.conf"),
                                     "maxmemory 1gb\ninclude " + inner.toLocal8Bit() + "\n");
        const QString main = write(QStringLiteral("nested/main.conf"),
                                   "port 6379\n\ninclude " + middle.toLocal8Bit() + "\n");
        const auto diags = validateFile(main);
        QCOMPARE(errorCount(diags), 1);
        const ConfigDiagnostic *bad = byCode(diags, "bad-bool");
        QVERIFY2(bad, qPrintable(dump(diags)));
        QCOMPARE(bad->file, inner);
        QCOMPARE(bad->line, 3);
        QCOMPARE(bad->column, 12);
        // The include lines say which file failed, for a view that shows only its own file.
        const ConfigDiagnostic *summary = nullptr;
        for (const ConfigDiagnostic &d : diags) {
            if (d.code == QLatin1String("include-has-errors") && d.file.isEmpty())
                summary = &d;
        }
        QVERIFY2(summary, qPrintable(dump(diags)));
        QCOMPARE(summary->severity, ConfigDiagnostic::Severity::Info);
        QCOMPARE(summary->line, 3);
        QVERIFY2(summary->message.contains(inner + QStringLiteral(":3:")), qPrintable(summary->message));
        // Last wins across files: the included port overrides the main one.
        const ConfigDiagnostic *repeated = byCode(diags, "repeated-directive");
        QVERIFY(repeated);
        QCOMPARE(repeated->file, inner);
        QCOMPARE(repeated->line, 2);
        QVERIFY2(repeated->message.contains(QStringLiteral("line 1 of the main file")), qPrintable(repeated->message));
    }

    void relativeIncludeResolvesNextToTheFile()
    {
        write(QStringLiteral("rel/conf.d/extra.conf"), "hz 0x\n");
        const QString main = write(QStringLiteral("rel/main.conf"), "include conf.d/extra.conf\n");
        const auto diags = validateFile(main);
        const ConfigDiagnostic *bad = byCode(diags, "bad-number");
        QVERIFY2(bad, qPrintable(dump(diags)));
        QCOMPARE(bad->file, m_tmp.filePath(QStringLiteral("rel/conf.d/extra.conf")));

        const QString missing = write(QStringLiteral("rel/missing.conf"), "include nothere.conf\n");
        const ConfigDiagnostic *m = byCode(validateFile(missing), "missing-include");
        QVERIFY(m);
        QVERIFY2(m->message.startsWith(QStringLiteral("Fatal error, can't open config file 'nothere.conf'")),
                 qPrintable(m->message));
        QVERIFY2(m->message.contains(QStringLiteral("relative path")), qPrintable(m->message));
    }

    void dirDirectiveMovesTheWorkingDirectory()
    {
        // config.c chdir()s on `dir`, so later relative includes resolve there.
        write(QStringLiteral("data/later.conf"), "appendonly perhaps\n");
        const QString main = write(QStringLiteral("dirmove/main.conf"),
                                   "dir " + m_tmp.filePath(QStringLiteral("data")).toLocal8Bit()
                                       + "\ninclude later.conf\n");
        QVERIFY2(byCode(validateFile(main), "bad-bool"), qPrintable(dump(validateFile(main))));
    }

    void globs()
    {
        const QString none = write(QStringLiteral("glob/none.conf"),
                                   "include " + m_tmp.filePath(QStringLiteral("glob/empty/*.conf")).toLocal8Bit() + "\n");
        const auto noMatch = validateFile(none);
        QCOMPARE(errorCount(noMatch), 0);
        QVERIFY(byCode(noMatch, "include-no-match"));

        const QString b = write(QStringLiteral("glob/d/b.conf"), "port x\n");
        const QString a = write(QStringLiteral("glob/d/a.conf"), "\nport y\n");
        write(QStringLiteral("glob/d/ignored.txt"), "port z\n");
        const QString main = write(QStringLiteral("glob/main.conf"),
                                   "include " + m_tmp.filePath(QStringLiteral("glob/d/*.conf")).toLocal8Bit() + "\n");
        const auto diags = validateFile(main);
        QList<const ConfigDiagnostic *> numbers;
        for (const ConfigDiagnostic &d : diags) {
            if (d.code == QLatin1String("bad-number"))
                numbers.append(&d);
        }
        QCOMPARE(numbers.size(), 2);
        QCOMPARE(numbers.at(0)->file, a);  // glob(3) order
        QCOMPARE(numbers.at(0)->line, 2);
        QCOMPARE(numbers.at(1)->file, b);
        QCOMPARE(numbers.at(1)->line, 1);
    }

    void missingFileIsAnError()
    {
        const QString path = m_tmp.filePath(QStringLiteral("nowhere/x.conf"));
        const auto diags = ConfigValidator::validate(
            ConfigDocument::parse("port 1\ninclude " + path.toLocal8Bit() + "\n"));
        const ConfigDiagnostic *d = byCode(diags, "missing-include");
        QVERIFY(d);
        QCOMPARE(d->severity, ConfigDiagnostic::Severity::Error);
        QCOMPARE(d->line, 2);
        QCOMPARE(d->column, 9);
        QCOMPARE(d->message, QStringLiteral("Fatal error, can't open config file '%1'").arg(path));
    }

    void loopsAreErrors()
    {
        const QString a = m_tmp.filePath(QStringLiteral("loop/a.conf"));
        const QString b = m_tmp.filePath(QStringLiteral("loop/b.conf"));
        write(QStringLiteral("loop/a.conf"), "port 1\ninclude " + b.toLocal8Bit() + "\n");
        write(QStringLiteral("loop/b.conf"), "hz 10\n\ninclude " + a.toLocal8Bit() + "\n");
        const auto diags = validateFile(a);
        const ConfigDiagnostic *loop = byCode(diags, "include-loop");
        QVERIFY2(loop, qPrintable(dump(diags)));
        QCOMPARE(loop->severity, ConfigDiagnostic::Severity::Error);
        QCOMPARE(loop->file, b);
        QCOMPARE(loop->line, 3);
        QCOMPARE(errorCount(diags), 1);

        const QString self = write(QStringLiteral("loop/self.conf"),
                                   "include " + m_tmp.filePath(QStringLiteral("loop/self.conf")).toLocal8Bit() + "\n");
        QVERIFY(byCode(validateFile(self), "include-loop"));
    }

    void depthIsBounded()
    {
        QString previous;
        for (int i = 4; i >= 1; --i) {
            const QByteArray next = previous.isEmpty() ? QByteArray("port 1\n") : "include " + previous.toLocal8Bit() + "\n";
            previous = write(QStringLiteral("deep/%1.conf").arg(i), next);
        }
        ConfigValidator::Options options;
        QCOMPARE(errorCount(validateFile(previous, options)), 0);
        // 1.conf includes 2 includes 3 includes 4: two levels are allowed, the third is not.
        options.maxIncludeDepth = 2;
        const auto diags = validateFile(previous, options);
        const ConfigDiagnostic *d = byCode(diags, "include-loop");
        QVERIFY2(d, qPrintable(dump(diags)));
        QCOMPARE(d->file, m_tmp.filePath(QStringLiteral("deep/3.conf")));
    }

    void notFollowedWithoutLocalFiles()
    {
        ConfigValidator::Options options;
        options.followIncludes = false;
        const auto diags = ConfigValidator::validate(
            ConfigDocument::parse("include /nonexistent/x.conf\n"), options);
        QCOMPARE(diags.size(), 1);
        QCOMPARE(diags.constFirst().code, QStringLiteral("include-not-checked"));
        QCOMPARE(diags.constFirst().severity, ConfigDiagnostic::Severity::Info);
    }

    void customLoaderAndGlob()
    {
        // A caller with its own files (say, fetched over SFTP) plugs in loader and glob.
        const QHash<QString, QByteArray> files = {
            {QStringLiteral("/remote/redis.d/a.conf"), "maxmemory 12xb\n"},
            {QStringLiteral("/remote/redis.d/b.conf"), "cluster-enabled yes\n"},
        };
        ConfigValidator::Options options;
        options.loader = [&](const QString &path) -> std::optional<QByteArray> {
            if (!files.contains(path))
                return std::nullopt;
            return files.value(path);
        };
        options.glob = [&](const QString &pattern) {
            QStringList out;
            const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(pattern));
            for (auto it = files.cbegin(); it != files.cend(); ++it) {
                if (re.match(it.key()).hasMatch())
                    out.append(it.key());
            }
            out.sort();
            return out;
        };
        const auto diags = ConfigValidator::validate(
            ConfigDocument::parse("replicaof 10.0.0.1 6379\ninclude /remote/redis.d/*.conf\n"
                                  "include /remote/other.conf\n", QStringLiteral("/remote/redis.conf")),
            options);
        const ConfigDiagnostic *mem = byCode(diags, "bad-memory");
        QVERIFY2(mem, qPrintable(dump(diags)));
        QCOMPARE(mem->file, QStringLiteral("/remote/redis.d/a.conf"));
        // Effective values span files: cluster mode from b.conf meets replicaof from the main.
        const ConfigDiagnostic *cluster = byCode(diags, "replicaof-in-cluster");
        QVERIFY(cluster);
        QCOMPARE(cluster->file, QStringLiteral("/remote/redis.d/b.conf"));
        QCOMPARE(cluster->line, 1);
        QVERIFY(byCode(diags, "missing-include"));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestConfigIncludes)
#include "tst_configincludes.moc"
