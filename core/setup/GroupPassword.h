#pragma once

#include <QString>

// The group password Set Up Replication offers to generate: 32 bytes from the OpenSSL RNG,
// base64url without padding (43 characters, safe in redis.conf, URLs and shells).
class GroupPassword
{
public:
    static constexpr int kRandomBytes = 32;
    // Empty when the RNG fails (then nothing must be set).
    static QString generate();
};
