// Unit tests of the gate that lets cached scrape-time values be refreshed at most once per interval.
#include "server/app/refresh_gate.hpp"

#include "tests/support/settable_clock.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;

TEST(refresh_gate, the_first_call_refreshes_and_calls_within_the_interval_do_not) {
    manual_steady_clock clock;
    server::app::refresh_gate gate(5s, clock.fn());
    EXPECT_TRUE(gate.begin());
    EXPECT_FALSE(gate.begin());
    clock.advance(4999ms);
    EXPECT_FALSE(gate.begin());
    EXPECT_EQ(gate.refreshes(), 1u);
}

TEST(refresh_gate, once_the_interval_has_passed_the_next_call_refreshes_again) {
    manual_steady_clock clock;
    server::app::refresh_gate gate(5s, clock.fn());
    ASSERT_TRUE(gate.begin());
    clock.advance(5s);
    EXPECT_TRUE(gate.begin());
    EXPECT_FALSE(gate.begin());
    // Counted from the last refresh, not from the first: a scrape every 3 s refreshes every other time.
    clock.advance(3s);
    EXPECT_FALSE(gate.begin());
    clock.advance(3s);
    EXPECT_TRUE(gate.begin());
    EXPECT_EQ(gate.refreshes(), 3u);
}

TEST(refresh_gate, a_storm_of_calls_costs_one_refresh_per_interval) {
    manual_steady_clock clock;
    server::app::refresh_gate gate(5s, clock.fn());
    for (int i = 0; i < 1000; ++i) {
        gate.begin();
        clock.advance(10ms);  // 10 s in all
    }
    EXPECT_EQ(gate.refreshes(), 2u);
}

}  // namespace
}  // namespace mlc::test
