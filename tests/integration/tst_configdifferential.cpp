// Differential test: the validator against the real redis-server 7.0 on hundreds of mutated
// copies of the Debian redis.conf. The contract is exact agreement on refuse/accept.

#include "TestRegistry.h"
#include "config/ConfigDocument.h"
#include "config/ConfigSchema.h"
#include "config/ConfigValidator.h"
#include "TestEnv.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace {

struct Variant
{
    QByteArray mutation;  // the line under test
    QByteArray text;      // the whole file given to redis-server
    bool redisRefused = false;
    bool validatorRefused = false;
};

QList<QByteArray> mutationsFor(const ConfigSchema::Directive &d)
{
    const QByteArray n(d.name);
    QList<QByteArray> m;
    using T = ConfigSchema::Type;
    switch (d.type) {
    case T::Bool:
        m << n + " yes" << n + " NO" << n + " maybe" << n + " 1" << n << n + " yes no";
        break;
    case T::Enum: {
        const QList<QByteArray> values = d.enumList();
        for (const QByteArray &v : values)
            m << n + ' ' + v;
        m << n + ' ' + values.constFirst().toUpper() << n + " bogus" << n;
        if (d.has(ConfigSchema::MultiArg))
            m << n + ' ' + values.constLast() + ' ' + values.constFirst();
        break;
    }
    case T::Integer:
        m << n + ' ' + QByteArray::number(d.min) << n + " abc" << n + " 1k" << n + " -0"
          << n + " +5" << n + " 007" << n + " 1 2" << n;
        if (d.min > -9223372036854775807LL)
            m << n + ' ' + QByteArray::number(d.min - 1);
        if (d.max < 9223372036854775807ULL && n != "databases" && n != "io-threads")
            m << n + ' ' + QByteArray::number(d.max + 1);
        break;
    case T::Memory:
        m << n + " 1mb" << n + " 2MB" << n + " 1Gb" << n + " 5K" << n + " 3kB" << n + " 10x"
          << n + " -1" << n + " 1.5mb" << n + " 12b" << n << n + " 1 2";
        if (d.min > 0)
            m << n + ' ' + QByteArray::number(d.min - 1) << n + ' ' + QByteArray::number(d.min);
        if (d.has(ConfigSchema::Percent))
            m << n + " 50%" << n + " 100%" << n + " 101%" << n + " -5%" << n + " %";
        break;
    case T::Octal:
        m << n + " 777" << n + " 0700" << n + " 1000" << n + " 8" << n + " abc";
        break;
    case T::String:
        m << n + " somevalue" << n + " \"two words\"" << n << n + " a b";
        break;
    case T::Special:
        break;
    }
    return m;
}

QList<QByteArray> allMutations()
{
    // Directives whose values would make redis-server do real work outside the temp dir
    // or start listening; their type checks are covered by their siblings.
    static const QList<QByteArray> skip = {"dir", "logfile", "pidfile", "unixsocket", "aclfile",
                                           "cluster-enabled", "cluster-config-file",
                                           "syslog-enabled", "supervised", "daemonize",
                                           "appendonly", "proc-title-template"};
    QList<QByteArray> m;
    for (const ConfigSchema::Directive *d : ConfigSchema::instance().directives()) {
        if (skip.contains(QByteArray(d->name)))
            continue;
        m << mutationsFor(*d);
        if (d->alias && d->type != ConfigSchema::Type::Special) {
            for (QByteArray line : mutationsFor(*d).mid(0, 3))
                m << line.replace(QByteArray(d->name), QByteArray(d->alias));
        }
    }
    m << "save 900 1" << "save \"\"" << "save" << "save 900" << "save 0 1" << "save 900 -1"
      << "save abc 1" << "save \"900 1 300 10\"" << "save 60 10 30"
      << "client-output-buffer-limit normal 0 0 0" << "client-output-buffer-limit replica 256mb 64mb 60"
      << "client-output-buffer-limit slave 1GB 2kb 0" << "client-output-buffer-limit master 1mb 1mb 60"
      << "client-output-buffer-limit pubsub 1mb 1mb" << "client-output-buffer-limit pubsub 1xb 1mb 60"
      << "client-output-buffer-limit pubsub 1mb 1mb -1"
      << "oom-score-adj-values 0 200 800" << "oom-score-adj-values 0 200" << "oom-score-adj-values 0 200 3000"
      << "oom-score-adj-values -2000 0 2000" << "oom-score-adj-values a b c"
      << "notify-keyspace-events KEA" << "notify-keyspace-events \"\"" << "notify-keyspace-events Kq"
      << "notify-keyspace-events" << "bind 127.0.0.1" << "bind 127.0.0.1 ::1"
      << "replicaof 127.0.0.1 6380" << "replicaof no one" << "replicaof 127.0.0.1" << "replicaof h 70000"
      << "replicaof h abc" << "slaveof 127.0.0.1 6380" << "SLAVEOF no one"
      << "latency-tracking-info-percentiles 50 99" << "latency-tracking-info-percentiles 101"
      << "latency-tracking-info-percentiles abc" << "latency-tracking-info-percentiles \"\""
      << "include /nonexistent/*.conf" << "include /nonexistent/missing.conf" << "include"
      << "rename-command" << "user" << "loadmodule" << "list-max-ziplist-entries 5"
      << "lua-replicate-commands yes" << "sentinel monitor m 127.0.0.1 6379 2"
      << "maxmemroy 1gb" << "bogus-directive 1" << "Port 0" << "PORT 0" << "MaxMemory 1GB"
      << "maxmemory \"1gb" << "maxmemory '1gb" << "maxmemory \"1gb\"x" << "port \"0\""
      << "requirepass 'it''s'" << "requirepass \"a\\x41b\"" << "\"\"" << "dbfilename a/b.rdb"
      << "appendfilename x/y.aof" << "appenddirname a/b" << "dbfilename dump2.rdb"
      << "cluster-enabled yes" << "port 0 # inline comment";
    return m;
}

} // namespace

class TestConfigDifferential : public QObject
{
    Q_OBJECT

private slots:
    void agreesWithRedisServer()
    {
        const QString redis = TestEnv::requireBinary(QStringLiteral("redis-server"),
                                                     QStringLiteral("redis-server"));
        if (redis.isEmpty())
            return;
        QFile baseFile(QStringLiteral("/etc/redis/redis.conf"));
        QVERIFY2(baseFile.open(QIODevice::ReadOnly), "the Debian redis.conf is needed");
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QByteArray dir = tmp.path().toLocal8Bit();
        // The Debian file logs to /var/log and daemonizes: point those at the temp dir where
        // they stand, so even a directive that stops parsing midway (include) stays inside.
        QByteArray base;
        while (!baseFile.atEnd()) {
            QByteArray line = baseFile.readLine();
            if (line.startsWith("logfile "))
                line = "logfile \"\"\n";
            else if (line.startsWith("daemonize "))
                line = "daemonize no\n";
            else if (line.startsWith("pidfile "))
                line = "pidfile " + dir + "/redis.pid\n";
            else if (line.startsWith("dir "))
                line = "dir " + dir + '\n';
            base += line;
        }
        // After the mutated line: keep redis-server from daemonizing, listening or writing
        // outside the temp dir. None of these can turn a refused line into an accepted one.
        const QByteArray overrides = "\ndaemonize no\ndir " + dir + "\nlogfile \"\"\npidfile "
                                     + dir + "/redis.pid\nport 0\ntls-port 0\nunixsocket \"\"\n"
                                     + "supervised no\nsyslog-enabled no\n";

        QList<Variant> variants;
        for (const QByteArray &m : allMutations())
            variants.append({m, base + "\n" + m + overrides});

        // Includes: redis-server reads the included files in place, so their lines decide
        // too. Relative paths resolve against redis-server's working directory, the temp dir
        // (it runs there and the base file's `dir` points there).
        QDir(tmp.path()).mkpath(QStringLiteral("inc/globgood"));
        QDir(tmp.path()).mkpath(QStringLiteral("inc/globbad"));
        QDir(tmp.path()).mkpath(QStringLiteral("inc/globnone"));
        const QList<QPair<QString, QByteArray>> incFiles = {
            {QStringLiteral("inc/good.conf"), "maxmemory 1mb\nhz 20\n"},
            {QStringLiteral("inc/bad.conf"), "# a comment\nappendonly maybe\n"},
            {QStringLiteral("inc/nested.conf"), "include " + dir + "/inc/bad.conf\n"},
            {QStringLiteral("inc/globgood/a.conf"), "hz 15\n"},
            {QStringLiteral("inc/globgood/b.conf"), "maxmemory-policy allkeys-lru\n"},
            {QStringLiteral("inc/globbad/a.conf"), "hz 15\n"},
            {QStringLiteral("inc/globbad/b.conf"), "maxmemory 12xb\n"},
            {QStringLiteral("inc/cluster.conf"), "cluster-enabled yes\n"},
        };
        for (const auto &f : incFiles)
            QVERIFY(!TestEnv::writeFile(tmp.filePath(f.first), f.second).isEmpty());
        const QList<QByteArray> includeLines = {
            "include " + dir + "/inc/good.conf", "include " + dir + "/inc/bad.conf",
            "include " + dir + "/inc/nested.conf", "include " + dir + "/inc/globgood/*.conf",
            "include " + dir + "/inc/globbad/*.conf", "include " + dir + "/inc/globnone/*.conf",
            "include " + dir + "/inc/missing.conf", "include inc/good.conf", "include inc/bad.conf",
            "include inc/missing.conf", "include " + dir + "/inc", "include \"\"",
            "replicaof 127.0.0.1 6390\ninclude " + dir + "/inc/cluster.conf",
        };
        for (const QByteArray &m : includeLines)
            variants.append({m, base + "\n" + m + overrides});

        // Eight redis-servers at a time; each exits right after parsing (nothing to listen on).
        constexpr int kParallel = 8;
        for (qsizetype start = 0; start < variants.size(); start += kParallel) {
            std::vector<std::unique_ptr<QProcess>> procs;
            for (qsizetype i = start; i < std::min(start + kParallel, variants.size()); ++i) {
                const QString file = tmp.filePath(QStringLiteral("v%1.conf").arg(i));
                QFile f(file);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write(variants[i].text);
                f.close();
                auto p = std::make_unique<QProcess>();
                p->setProcessChannelMode(QProcess::MergedChannels);
                p->setWorkingDirectory(tmp.path());
                p->start(redis, {file});
                procs.push_back(std::move(p));
            }
            for (size_t k = 0; k < procs.size(); ++k) {
                QProcess &p = *procs[k];
                if (!p.waitForFinished(5000)) {
                    p.kill();  // still running: it accepted the file
                    p.waitForFinished(2000);
                }
                const QByteArray output = p.readAll();
                Variant &v = variants[start + qsizetype(k)];
                v.redisRefused = output.contains("FATAL CONFIG FILE ERROR")
                                 || output.contains("Fatal error, can't open config file");
            }
        }

        QStringList disagreements;
        for (Variant &v : variants) {
            const auto diags = ConfigValidator::validate(ConfigDocument::parse(v.text));
            for (const ConfigDiagnostic &d : diags)
                v.validatorRefused = v.validatorRefused || d.severity == ConfigDiagnostic::Severity::Error;
            if (v.validatorRefused != v.redisRefused)
                disagreements.append(QStringLiteral("%1 | redis %2, validator %3")
                                         .arg(QString::fromUtf8(v.mutation),
                                              v.redisRefused ? QStringLiteral("refuses") : QStringLiteral("accepts"),
                                              v.validatorRefused ? QStringLiteral("refuses") : QStringLiteral("accepts")));
        }
        const qsizetype agree = variants.size() - disagreements.size();
        qInfo("corpus %lld variants, agreement %lld/%lld (%.1f%%)", qlonglong(variants.size()),
              qlonglong(agree), qlonglong(variants.size()), 100.0 * double(agree) / double(variants.size()));
        QVERIFY2(disagreements.isEmpty(),
                 qPrintable(QStringLiteral("mutated line (appended to /etc/redis/redis.conf) | verdicts:\n")
                            + disagreements.join(QLatin1Char('\n'))));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestConfigDifferential)
#include "tst_configdifferential.moc"
