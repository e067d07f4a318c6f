#pragma once

#include "Transport.h"

class SshSessionPool;

// The production transports: TCP or TLS, directly or through `ssh` (may be null when no
// profile uses SSH). RespClient uses this unless a test substitutes its own factory.
TransportFactory defaultTransportFactory(SshSessionPool *ssh);
