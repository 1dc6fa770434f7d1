// The one backoff formula every retry, login and reconnect pause uses.
#include "common/backoff.hpp"

#include <gtest/gtest.h>

namespace mlc {
namespace {

using namespace std::chrono;

TEST(doubling_backoff, doubles_per_failure_up_to_the_maximum) {
    const milliseconds base{30000}, max{3600000};
    EXPECT_EQ(doubling_backoff(1, base, max), 30s);
    EXPECT_EQ(doubling_backoff(2, base, max), 60s);
    EXPECT_EQ(doubling_backoff(3, base, max), 120s);
    EXPECT_EQ(doubling_backoff(7, base, max), 1920s);
    EXPECT_EQ(doubling_backoff(8, base, max), 3600s);     // 3840 s capped
    EXPECT_EQ(doubling_backoff(1000, base, max), 3600s);  // no overflow however many failures
    EXPECT_EQ(doubling_backoff(0, base, max), 30s);
}

TEST(doubling_backoff, keeps_the_callers_resolution) {
    // SAP's login pause is counted in steady_clock ticks, configured in milliseconds.
    using ticks = steady_clock::duration;
    const ticks pause = doubling_backoff<ticks::rep, ticks::period>(3, 1s, 5min);
    EXPECT_EQ(pause, ticks(4s));
    EXPECT_EQ(doubling_backoff(6, 100ms, 2000ms), 2000ms);  // the database's reconnect: 3.2 s capped
    static_assert(doubling_backoff(2, 1s, 10s) == 2s);
}

}  // namespace
}  // namespace mlc
