#pragma once

#include "net/ConnectionProfile.h"

// Compares every field of two profiles except the secrets (password, passphrase, SSH password),
// recording a Qt Test failure on the first difference. Callers check QTest::currentTestFailed().
namespace ProfileCompare {
void withoutSecrets(const ConnectionProfile &a, const ConnectionProfile &b);
}
