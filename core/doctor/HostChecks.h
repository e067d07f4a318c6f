#pragma once

#include "Finding.h"
#include "HostFacts.h"
#include "ServerFacts.h"

#include "net/ConnectionProfile.h"

// What the host under a node must give it, read over SSH: vm.overcommit_memory = 1,
// transparent huge pages not in use by the process, net.core.somaxconn ≥ tcp-backlog,
// open files ≥ maxclients + 32, disk in dir for a snapshot (twice with AOF), RAM for a fork's
// copy-on-write, and a clock that agrees with this computer's. Kernel settings come with a
// sysctl plan through `ssh`. Pure.
namespace HostChecks {

FindingList run(const HostFacts &host, const ServerFacts &server, const SshOptions &ssh);

inline constexpr int kReservedFds = 32;          // CONFIG_MIN_RESERVED_FDS
inline constexpr double kMaxClockOffsetSeconds = 1.0;

} // namespace HostChecks
