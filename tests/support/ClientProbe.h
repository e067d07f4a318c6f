#pragma once

#include "net/NetError.h"
#include "net/RespClient.h"

#include <QByteArrayList>

// Drives a RespClient synchronously for tests, on the event loop (core itself never blocks).
class ClientProbe
{
public:
    ClientProbe() = delete;

    // connectToServer() and waits for ready() or connectFailed(). Returns the connect error, no
    // error once ready, or an Other error ("test: ...") when neither came within timeoutMs.
    static NetError connect(RespClient *client, int timeoutMs = 10000);

    // connect(); true once ready. A failure is logged (qWarning) with its reason.
    static bool connectReady(RespClient *client, int timeoutMs = 10000);

    // Sends one command and waits for its result; an Other error ("test: ...") when none came
    // within timeoutMs. The command itself runs with the profile's command timeout.
    static RespResult call(RespClient *client, const QByteArrayList &args, int timeoutMs = 10000);
};
