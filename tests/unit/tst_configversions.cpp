// The validator for other release lines than 7.0: directives a line does not know yet (or no
// longer), their older equivalents, and the 7.2 additions.

#include "TestRegistry.h"
#include "config/ConfigDocument.h"
#include "config/ConfigSchema.h"
#include "config/ConfigValidator.h"

#include <QFile>
#include <QtTest>

namespace {

QList<ConfigDiagnostic> check(const QByteArray &text, RedisVersion target)
{
    ConfigValidator::Options options;
    options.target = target;
    return ConfigValidator::validate(ConfigDocument::parse(text), options);
}

const ConfigDiagnostic *byCode(const QList<ConfigDiagnostic> &diags, const char *code)
{
    for (const ConfigDiagnostic &d : diags) {
        if (d.code == QLatin1String(code))
            return &d;
    }
    return nullptr;
}

QString errorsOf(const QList<ConfigDiagnostic> &diags)
{
    QStringList out;
    for (const ConfigDiagnostic &d : diags) {
        if (d.severity == ConfigDiagnostic::Severity::Error)
            out.append(QStringLiteral("%1:%2 %3 %4").arg(d.line).arg(d.column).arg(d.code, d.message));
    }
    return out.join(QLatin1Char('\n'));
}

constexpr RedisVersion v28{2, 8};
constexpr RedisVersion v40{4, 0};
constexpr RedisVersion v50{5, 0};
constexpr RedisVersion v60{6, 0};
constexpr RedisVersion v62{6, 2};
constexpr RedisVersion v70{7, 0};
constexpr RedisVersion v72{7, 2};

} // namespace

class TestConfigVersions : public QObject
{
    Q_OBJECT

private slots:
    void replicaofNeedsFivePointZero()
    {
        const auto diags = check("replicaof 127.0.0.1 6380\n", v40);
        const ConfigDiagnostic *d = byCode(diags, "unknown-in-version");
        QVERIFY2(d, qPrintable(errorsOf(diags)));
        QCOMPARE(d->severity, ConfigDiagnostic::Severity::Error);
        QCOMPARE(d->message, QStringLiteral("'replicaof' is not known to Redis 4.0 (added in 5.0)"));
        QCOMPARE(d->fix, QStringLiteral("slaveof"));
        QCOMPARE(d->line, 1);
        QCOMPARE(d->column, 1);
        for (const RedisVersion v : {v50, v60, v62, v70, v72})
            QVERIFY2(errorsOf(check("replicaof 127.0.0.1 6380\n", v)).isEmpty(), qPrintable(v.toString()));
    }

    void oldNamesAreNotDeprecatedOnOldLines()
    {
        // On 4.0 slave-read-only is the only name: no "old name" warning there, one on 5.0+.
        QVERIFY(check("slave-read-only yes\nslaveof 10.0.0.1 6379\n", v40).isEmpty());
        QVERIFY(byCode(check("slave-read-only yes\n", v50), "deprecated-alias"));
        const auto diags = check("replica-read-only yes\nmin-replicas-to-write 1\n", v40);
        QCOMPARE(diags.size(), 2);
        QCOMPARE(diags.at(0).fix, QStringLiteral("slave-read-only"));
        QCOMPARE(diags.at(1).fix, QStringLiteral("min-slaves-to-write"));
    }

    void ioThreadsNeedSixPointZero()
    {
        const ConfigDiagnostic *d = byCode(check("io-threads 4\n", v50), "unknown-in-version");
        QVERIFY(d);
        QCOMPARE(d->message, QStringLiteral("'io-threads' is not known to Redis 5.0 (added in 6.0)"));
        QVERIFY(d->fix.isEmpty());
        QVERIFY(errorsOf(check("io-threads 4\n", v60)).isEmpty());
        // Type checks still apply once the line knows the directive.
        QVERIFY(byCode(check("io-threads 0\n", v60), "out-of-range"));
    }

    void localeCollateIsSevenPointTwo()
    {
        // 7.0 refuses it exactly as it refuses any unknown directive.
        const auto diags70 = check("locale-collate \"\"\n", v70);
        QCOMPARE(diags70.size(), 1);
        QCOMPARE(diags70.constFirst().code, QStringLiteral("unknown-directive"));
        QCOMPARE(diags70.constFirst().message, QStringLiteral("Bad directive or wrong number of arguments"));
        QCOMPARE(ConfigValidator::validate(ConfigDocument::parse("locale-collate \"\"\n")).constFirst().code,
                 QStringLiteral("unknown-directive"));
        QVERIFY(check("locale-collate \"\"\ncluster-announce-human-nodename n1\n", v72).isEmpty());
        QCOMPARE(byCode(check("locale-collate C\n", v62), "unknown-in-version")->message,
                 QStringLiteral("'locale-collate' is not known to Redis 6.2 (added in 7.2)"));
        // 7.2's set listpack limits get their type checks.
        QVERIFY(check("set-max-listpack-entries 128\nset-max-listpack-value 64\n", v72).isEmpty());
        QVERIFY(byCode(check("set-max-listpack-entries abc\n", v72), "bad-number"));
        QVERIFY(byCode(check("set-max-listpack-value 1xb\n", v72), "bad-memory"));
    }

    void schemaKnowsWhenNamesAppeared()
    {
        const ConfigSchema &s = ConfigSchema::instance();
        QVERIFY(s.find("locale-collate"));  // hover help and completion see it
        QCOMPARE(s.since(s.find("locale-collate")), v72);
        QVERIFY(!s.knownIn("locale-collate", v70));
        QVERIFY(s.knownIn("locale-collate", v72));
        QCOMPARE(s.since("protected-mode"), (RedisVersion{3, 2}));
        QCOMPARE(s.since("cluster-enabled"), (RedisVersion{3, 0}));
        QCOMPARE(s.since("lazyfree-lazy-eviction"), v40);
        QCOMPARE(s.since("active-defrag-cycle-min"), v40);
        QCOMPARE(s.since("oom-score-adj"), v62);
        QCOMPARE(s.since("aclfile"), v60);
        QCOMPARE(s.since("user"), v60);
        QCOMPARE(s.since("slaveof"), v28);
        QCOMPARE(s.since("hash-max-listpack-entries"), v70);
        QVERIFY(s.knownIn("hash-max-ziplist-entries", v28));
        QVERIFY(s.knownIn("SLAVEOF", v72));
        QVERIFY(!s.knownIn("no-such-thing", v72));
        // The 7.0 table itself is unchanged: 178 table directives plus the hand-parsed ones.
        QCOMPARE(s.directives().size(), 178 + ConfigSchema::handParsedNames().size());
        QVERIFY(s.directivesIn(v72).size() > s.directivesIn(v70).size());
        QVERIFY(s.directivesIn(v28).size() < s.directivesIn(v70).size());
        QVERIFY(!s.findIn("protected-mode", {3, 0}));
        QVERIFY(s.findIn("protected-mode", {3, 2}));
        QCOMPARE(s.suggest("slave-read-onyl", v40), QByteArray("slave-read-only"));
        QCOMPARE(s.suggest("slave-read-onyl"), QByteArray("replica-read-only"));
    }

    void droppedDirectives()
    {
        QVERIFY(errorsOf(check("gopher-enabled no\n", v62)).isEmpty());
        QVERIFY(byCode(check("gopher-enabled maybe\n", v62), "bad-bool"));
        QCOMPARE(byCode(check("gopher-enabled no\n", v70), "unknown-directive")->message,
                 QStringLiteral("Bad directive or wrong number of arguments"));
        QCOMPARE(byCode(check("gopher-enabled no\n", v72), "unknown-in-version")->message,
                 QStringLiteral("'gopher-enabled' is not known to Redis 7.2 (removed in 7.0)"));
        QCOMPARE(byCode(check("gopher-enabled no\n", v50), "unknown-in-version")->message,
                 QStringLiteral("'gopher-enabled' is not known to Redis 5.0 (added in 6.0)"));
        // Real settings before 3.2, ignored (with a warning) by 7.0.
        QVERIFY(check("list-max-ziplist-entries 512\n", v28).isEmpty());
        QVERIFY(byCode(check("list-max-ziplist-entries 512\n", v70), "ignored-directive"));
    }

    void renamedSettingsPointToTheOldName()
    {
        const ConfigDiagnostic *d = byCode(check("hash-max-listpack-entries 128\n", v62), "unknown-in-version");
        QVERIFY(d);
        QCOMPARE(d->fix, QStringLiteral("hash-max-ziplist-entries"));
        d = byCode(check("busy-reply-threshold 5000\n", v62), "unknown-in-version");
        QVERIFY(d);
        QCOMPARE(d->fix, QStringLiteral("lua-time-limit"));
        QVERIFY(check("lua-time-limit 5000\n", v62).isEmpty());
        QVERIFY(byCode(check("protected-mode yes\n", {3, 0}), "unknown-in-version"));
        QVERIFY(byCode(check("oom-score-adj yes\n", v60), "unknown-in-version"));
        QVERIFY(byCode(check("user default on nopass ~* +@all\n", v50), "unknown-in-version"));
        QVERIFY(byCode(check("tls-port 6380\n", v50), "unknown-in-version"));
        QVERIFY(byCode(check("cluster-enabled yes\n", v28), "unknown-in-version"));
    }

    void defaultOptionsAreTheSevenPointZeroValidator()
    {
        const QByteArray text = "replicaof 10.0.0.1 6379\nslave-read-only yes\nport 70000\nmaxmemroy 1g\n"
                                "locale-collate C\ninclude /nonexistent/*.conf\n";
        const auto a = ConfigValidator::validate(ConfigDocument::parse(text));
        const auto b = check(text, v70);
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            QCOMPARE(a.at(i).code, b.at(i).code);
            QCOMPARE(a.at(i).message, b.at(i).message);
        }
    }

    void distributionFileIsValidForSevenZeroAndSevenTwo()
    {
        QFile f(QStringLiteral("/etc/redis/redis.conf"));
        QVERIFY2(f.open(QIODevice::ReadOnly), "/etc/redis/redis.conf is missing: install redis-server");
        const ConfigDocument doc = ConfigDocument::parse(f.readAll(), f.fileName());
        for (const RedisVersion v : {v70, v72}) {
            ConfigValidator::Options options;
            options.target = v;
            const QString errors = errorsOf(ConfigValidator::validate(doc, options));
            QVERIFY2(errors.isEmpty(), qPrintable(v.toString() + QLatin1Char('\n') + errors));
        }
    }
};

TANDEM_TEST_GUILESS_MAIN(TestConfigVersions)
#include "tst_configversions.moc"
