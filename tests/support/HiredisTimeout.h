#pragma once

#include <sys/time.h>

// hiredis takes its connect and command timeouts as a timeval.
inline timeval hiredisTimeout(int ms)
{
    timeval tv{};
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}
