#include "RemoteCommand.h"

#include "SshJob.h"

#include <algorithm>

namespace {

// Short enough that a stop or a deadline is noticed promptly, long enough not to spin.
constexpr int kReadSliceMs = 50;

void append(QByteArray *buffer, const char *data, int size, qint64 maxOutput)
{
    const qint64 room = maxOutput - buffer->size();
    if (room > 0)
        buffer->append(data, int(std::min<qint64>(room, size)));
}

// Closes and frees the channel whichever way run() leaves.
struct ChannelOwner
{
    explicit ChannelOwner(ssh_channel channel) : m_channel(channel) {}
    ~ChannelOwner()
    {
        if (!m_channel)
            return;
        if (ssh_channel_is_open(m_channel))
            ssh_channel_close(m_channel);
        ssh_channel_free(m_channel);
    }
    ChannelOwner(const ChannelOwner &) = delete;
    ChannelOwner &operator=(const ChannelOwner &) = delete;
    ssh_channel m_channel;
};

} // namespace

RemoteCommand::RemoteCommand(ssh_session session, const SshJob &job)
    : m_session(session)
    , m_job(job)
{
}

QString RemoteCommand::shellQuote(const QString &argument)
{
    QString quoted = argument;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString RemoteCommand::shellCommand(const QStringList &argv)
{
    QStringList quoted;
    for (const QString &argument : argv)
        quoted << shellQuote(argument);
    return quoted.join(QLatin1Char(' '));
}

NetError RemoteCommand::sessionError(const QString &doing) const
{
    return NetError::make(NetError::Kind::Ssh,
                          QStringLiteral("%1 failed: %2").arg(doing, QString::fromUtf8(ssh_get_error(m_session))));
}

RemoteCommand::Result RemoteCommand::run(const QString &command, qint64 maxOutput)
{
    Result result;
    ChannelOwner owner(ssh_channel_new(m_session));
    ssh_channel channel = owner.m_channel;
    if (!channel) {
        result.error = sessionError(QStringLiteral("Creating an SSH channel"));
        return result;
    }
    if (ssh_channel_open_session(channel) != SSH_OK) {
        result.error = sessionError(QStringLiteral("Opening a command channel"));
        result.channelRefused = ssh_is_connected(m_session);
        return result;
    }
    const QByteArray utf8 = command.toUtf8();
    if (ssh_channel_request_exec(channel, utf8.constData()) != SSH_OK) {
        result.error = sessionError(QStringLiteral("Running a command over SSH"));
        result.channelRefused = ssh_is_connected(m_session);
        return result;
    }

    char buffer[16384];
    for (;;) {
        if (m_job.shouldStop()) {
            result.error = NetError::make(NetError::Kind::Timeout,
                                          QStringLiteral("The command did not finish in time: %1").arg(command));
            return result;
        }
        const int n = ssh_channel_read_timeout(channel, buffer, sizeof buffer, 0, kReadSliceMs);
        if (n == SSH_ERROR) {
            result.error = sessionError(QStringLiteral("Reading the command's output"));
            return result;
        }
        if (n > 0)
            append(&result.out, buffer, n, maxOutput);
        // stderr is read without waiting: whatever arrived while we waited for stdout.
        for (;;) {
            const int e = ssh_channel_read_nonblocking(channel, buffer, sizeof buffer, 1);
            if (e <= 0)
                break;
            append(&result.err, buffer, e, maxOutput);
        }
        if (n <= 0 && ssh_channel_is_eof(channel))
            break;
    }
    ssh_channel_send_eof(channel);
    // Blocks at most for libssh's session timeout, which the worker sets from the job's deadline.
    result.exitCode = ssh_channel_get_exit_status(channel);
    if (result.exitCode < 0)
        result.error = NetError::make(NetError::Kind::Ssh,
                                      QStringLiteral("The SSH server did not report how the command ended: %1")
                                          .arg(command));
    return result;
}
