#pragma once

#include <QMetaType>
#include <QString>

// What went wrong on the way to (or while talking to) a node. Carried as a value through
// signals and reply handlers; the UI decides how to show it.
struct NetError
{
    enum class Kind {
        None,
        HostNotFound,
        ConnectionRefused,
        Timeout,            // connect or command did not finish within its bound
        Closed,             // peer closed the connection (possibly mid-reply)
        Protocol,           // bytes that are not RESP
        ServerError,        // the server answered with an error reply (-ERR ...)
        AuthFailed,         // wrong password / ACL user, or NOAUTH
        Tls,                // handshake or certificate verification failed
        SshHostKeyUnknown,  // detail holds the SHA256 fingerprint
        SshHostKeyChanged,  // detail holds the SHA256 fingerprint; never accepted
        SshAuthFailed,
        Ssh,                // any other SSH failure (channel refused, session lost...)
        Aborted,            // cancelled by us (disconnect, earlier failure on the pipeline)
        Other,
    };

    Kind kind = Kind::None;
    QString message;  // one readable sentence, no secrets
    QString detail;   // machine-usable extra (fingerprint, server error code...)

    bool isError() const { return kind != Kind::None; }
    // True for failures that mean "could not connect or authenticate" (tandemctl exit 3).
    bool isConnectFailure() const;

    static NetError make(Kind kind, const QString &message, const QString &detail = {});
    static QString kindName(Kind kind);  // stable lower-case identifier, e.g. "auth_failed"
};

Q_DECLARE_METATYPE(NetError)
