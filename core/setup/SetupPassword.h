#pragma once

#include <QString>

// The group password set-up generates: random bytes from the OpenSSL RNG, base64url without
// padding (no character a shell, a URL or redis.conf would need to quote).
namespace SetupPassword {

inline constexpr int kRandomBytes = 32;
// Empty when the RNG failed (never a weak fallback).
QString generate(int bytes = kRandomBytes);

} // namespace SetupPassword
