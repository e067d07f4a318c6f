#pragma once

#include "Finding.h"
#include "ServerFacts.h"

// What a node tells about its own health without SSH (INFO, CONFIG GET, ACL LOG, SLOWLOG):
// persistence errors, slow forks (LATENCY DOCTOR's fork-rate thresholds), fragmentation,
// a growing sync_full (full-sync loop), a replica link down, failed AUTHs and ACL denials,
// slow commands. Pure.
namespace ServerChecks {

FindingList run(const ServerFacts &facts);

// LATENCY DOCTOR's fork quality for a fork rate in GB/s: terrible, poor, good, excellent.
QString forkQuality(double gbPerSecond);
// Fork rate as redis-server computes stat_fork_rate: used_memory over latest_fork_usec, GB/s.
double forkRate(qint64 usedMemory, qint64 forkMicros);

inline constexpr qint64 kSlowForkMicros = 10000;       // a fork below 10 ms is not worth a word
inline constexpr qint64 kSlowCommandMicros = 10000;
inline constexpr qint64 kFragmentationMinBytes = 100LL * 1024 * 1024;

} // namespace ServerChecks
