#include "CliRunner.h"

#include "TestEnv.h"

#include <QFileInfo>
#include <QProcess>

QString CliRunner::tandemctl()
{
    const QString path = TestEnv::binaryDir() + QStringLiteral("/app/tandemctl");
    return QFileInfo(path).isExecutable() ? path : QString();
}

CliResult CliRunner::run(const QStringList &args, int timeoutMs, const QProcessEnvironment &env)
{
    CliResult result;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(tandemctl(), args);
    if (!p.waitForStarted(5000)) {
        result.err = QStringLiteral("tandemctl did not start: ") + p.errorString();
        return result;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        result.err = QStringLiteral("tandemctl did not finish within %1 ms").arg(timeoutMs);
        return result;
    }
    result.out = QString::fromUtf8(p.readAllStandardOutput());
    result.err = QString::fromUtf8(p.readAllStandardError());
    result.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return result;
}

QProcessEnvironment CliRunner::withDataDir(const QString &dataDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TANDEM_DATA_DIR"), dataDir);
    return env;
}

QString CliRunner::describe(const CliResult &result)
{
    return QStringLiteral("exit %1\n%2\n%3").arg(result.exitCode).arg(result.out, result.err);
}
