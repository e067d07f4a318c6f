#include "ServerProcess.h"

#include <QDeadlineTimer>

bool ServerProcess::start(QStringList argv, const std::function<QString()> &log,
                          const QString &readyText, const QString &name, int timeoutMs, QString *error)
{
    stop();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(argv.takeFirst(), argv);
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("could not start %1: ").arg(name) + m_process->errorString();
        m_process.reset();
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (log().contains(readyText))
            return true;
        if (m_process->state() != QProcess::Running || m_process->waitForFinished(20)) {
            *error = QStringLiteral("%1 exited: ").arg(name) + QString::fromUtf8(m_process->readAll()) + log();
            m_process.reset();
            return false;
        }
    }
    *error = QStringLiteral("%1 did not become ready in time: ").arg(name) + log();
    stop();
    return false;
}

void ServerProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(3000)) {
            m_process->kill();
            m_process->waitForFinished(2000);
        }
    }
    m_process.reset();
}
