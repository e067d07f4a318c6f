// Specific diagnostics of ConfigValidator: codes, columns, messages, did-you-mean, aliases.

#include "TestRegistry.h"
#include "config/ConfigDocument.h"
#include "config/ConfigSchema.h"
#include "config/ConfigValidator.h"

#include <QtTest>

namespace {

QList<ConfigDiagnostic> check(const QByteArray &text)
{
    return ConfigValidator::validate(ConfigDocument::parse(text));
}

const ConfigDiagnostic *byCode(const QList<ConfigDiagnostic> &diags, const char *code)
{
    for (const ConfigDiagnostic &d : diags) {
        if (d.code == QLatin1String(code))
            return &d;
    }
    return nullptr;
}

} // namespace

class TestConfigValidator : public QObject
{
    Q_OBJECT

private slots:
    void schemaCounts()
    {
        const auto &all = ConfigSchema::instance().directives();
        int table = 0, aliases = 0, tls = 0;
        for (const ConfigSchema::Directive *d : all) {
            if (!ConfigSchema::handParsedNames().contains(QByteArray(d->name)))
                ++table;
            aliases += d->alias ? 1 : 0;
            tls += d->has(ConfigSchema::TlsOnly) ? 1 : 0;
        }
        QCOMPARE(table, 178);
        QCOMPARE(aliases, 19);
        QCOMPARE(tls, 20);
        QVERIFY(ConfigSchema::instance().find("SlaveOf"));
        QCOMPARE(QByteArray(ConfigSchema::instance().find("slaveof")->name), QByteArray("replicaof"));
        QVERIFY(ConfigSchema::instance().find("requirepass")->has(ConfigSchema::Sensitive));
        QVERIFY(ConfigSchema::instance().find("databases")->has(ConfigSchema::Immutable));
    }

    void cleanFileHasNoErrors()
    {
        const auto diags = check("# comment\n\nport 6379\nmaxmemory 1GB\nsave 900 1\nbind 127.0.0.1 -::1\n");
        for (const ConfigDiagnostic &d : diags)
            QVERIFY2(d.severity != ConfigDiagnostic::Severity::Error, qPrintable(d.message));
    }

    void unknownDirectiveSuggests()
    {
        const auto diags = check("  maxmemroy 1gb\n");
        const ConfigDiagnostic *d = byCode(diags, "unknown-directive");
        QVERIFY(d);
        QCOMPARE(d->line, 1);
        QCOMPARE(d->column, 3);
        QCOMPARE(d->message, QStringLiteral("Bad directive or wrong number of arguments"));
        QCOMPARE(d->fix, QStringLiteral("maxmemory"));
        QVERIFY(check("zzzzzzzz 1\n").constFirst().fix.isEmpty());
    }

    void aliasIsWarningWithCanonicalFix()
    {
        const auto diags = check("slave-read-only yes\n");
        const ConfigDiagnostic *d = byCode(diags, "deprecated-alias");
        QVERIFY(d);
        QCOMPARE(d->severity, ConfigDiagnostic::Severity::Warning);
        QCOMPARE(d->fix, QStringLiteral("replica-read-only"));
    }

    void typeErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("column");
        QTest::newRow("bool") << QByteArray("appendonly maybe") << QStringLiteral("bad-bool")
                              << QStringLiteral("argument must be 'yes' or 'no'") << 12;
        QTest::newRow("enum") << QByteArray("appendfsync sometimes") << QStringLiteral("bad-enum")
                              << QStringLiteral("argument(s) must be one of the following: everysec, always, no") << 13;
        QTest::newRow("int") << QByteArray("hz 007") << QStringLiteral("bad-number")
                             << QStringLiteral("argument couldn't be parsed into an integer") << 4;
        QTest::newRow("range") << QByteArray("port 65536") << QStringLiteral("out-of-range")
                               << QStringLiteral("argument must be between 0 and 65535 inclusive") << 6;
        QTest::newRow("memory") << QByteArray("maxmemory 1xb") << QStringLiteral("bad-memory")
                                << QStringLiteral("argument must be a memory value") << 11;
        QTest::newRow("arity") << QByteArray("port 1 2") << QStringLiteral("wrong-arity")
                               << QStringLiteral("wrong number of arguments") << 1;
        QTest::newRow("save") << QByteArray("save 900") << QStringLiteral("bad-save")
                              << QStringLiteral("Invalid save parameters") << 6;
        QTest::newRow("quotes") << QByteArray("requirepass \"abc") << QStringLiteral("unbalanced-quotes")
                                << QStringLiteral("Unbalanced quotes in configuration line") << 1;
        QTest::newRow("percent") << QByteArray("maxmemory-clients 101%") << QStringLiteral("out-of-range")
                                 << QStringLiteral("percentage argument must be less or equal to 100") << 19;
    }

    void typeErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, code);
        QFETCH(QString, message);
        QFETCH(int, column);
        const auto diags = check(text + '\n');
        const ConfigDiagnostic *d = byCode(diags, code.toLatin1().constData());
        QVERIFY2(d, qPrintable(code));
        QCOMPARE(d->severity, ConfigDiagnostic::Severity::Error);
        QCOMPARE(d->message, message);
        QCOMPARE(d->column, column);
    }

    void memoryUnitsAreCaseInsensitive()
    {
        for (const char *v : {"maxmemory 1Gb", "maxmemory 5K", "maxmemory 3kB", "maxmemory 12b"})
            QVERIFY2(check(QByteArray(v) + '\n').isEmpty(), v);
    }

    void repeatedSingleValueIsInfo()
    {
        const auto diags = check("port 1\nport 2\n");
        const ConfigDiagnostic *d = byCode(diags, "repeated-directive");
        QVERIFY(d);
        QCOMPARE(d->line, 2);
        QCOMPARE(d->severity, ConfigDiagnostic::Severity::Info);
        QVERIFY(!byCode(check("save 900 1\nsave 60 5\n"), "repeated-directive"));
        QVERIFY(!byCode(check("rename-command FLUSHALL \"\"\nrename-command DEBUG \"\"\n"), "repeated-directive"));
        // Several arguments, one value: a second replicaof (or slaveof) line replaces the first.
        const ConfigDiagnostic *twice = byCode(check("replicaof 10.0.0.1 6379\nslaveof 10.0.0.2 6379\n"), "repeated-directive");
        QVERIFY(twice);
        QCOMPARE(twice->line, 2);
    }

    void includeOfMissingGlobIsFine()
    {
        QVERIFY(!byCode(check("include /nonexistent/*.conf\n"), "missing-include"));
        QVERIFY(byCode(check("include /nonexistent/x.conf\n"), "missing-include"));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestConfigValidator)
#include "tst_configvalidator.moc"
