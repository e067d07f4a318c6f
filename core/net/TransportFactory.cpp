#include "TransportFactory.h"

#include "SocketTransport.h"
#include "ssh/SshSessionPool.h"

#include <QPointer>

TransportFactory defaultTransportFactory(SshSessionPool *ssh)
{
    // The pool may go away before a factory copy does; a dead pool then reads as "no pool".
    const QPointer<SshSessionPool> pool(ssh);
    return [pool](const ConnectionProfile &profile, QObject *parent) -> Transport * {
        return new SocketTransport(profile, pool.data(), parent);
    };
}
