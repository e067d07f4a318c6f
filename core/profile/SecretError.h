#pragma once

#include <QString>

// Outcome of one SecretStore operation. `message` is readable text from the backend (or
// ours), never the secret itself.
struct SecretError
{
    enum Code {
        NoError,
        NotFound,     // nothing stored under that key
        Unavailable,  // no keychain reachable (no session bus, no secrets service, …)
        AccessDenied, // locked, or the user refused
        Failed,       // anything else the backend reported
    };

    Code code = NoError;
    QString message;

    bool ok() const { return code == NoError; }
    static SecretError none() { return {}; }
};
