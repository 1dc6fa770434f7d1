// Unit tests of the per-source webhook intake limiter: the window, its reopening, Retry-After, the table
// bound.
#include "flows/shipments/intake_limiter.hpp"

#include <gtest/gtest.h>

namespace {

using mlc::flows::shipments::intake_limiter;
using namespace std::chrono_literals;

TEST(intake_limiter, admits_per_minute_per_source_then_says_when_to_retry) {
    intake_limiter limiter(3);
    const auto t0 = intake_limiter::clock::time_point{} + 1h;
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.admit("10.0.0.1", t0 + std::chrono::seconds(i)));
    auto refused = limiter.admit("10.0.0.1", t0 + 20500ms);
    ASSERT_TRUE(refused);
    EXPECT_EQ(*refused, 40s);  // 39.5 s left, rounded up
    EXPECT_FALSE(limiter.admit("10.0.0.2", t0 + 21s)) << "another source has its own window";
    EXPECT_EQ(limiter.admit("10.0.0.1", t0 + 59999ms), std::optional(1s)) << "never 0";
    EXPECT_FALSE(limiter.admit("10.0.0.1", t0 + 60s)) << "the window reopens after a minute";
    EXPECT_FALSE(limiter.admit("10.0.0.1", t0 + 61s));
    EXPECT_FALSE(limiter.admit("10.0.0.1", t0 + 62s));
    EXPECT_TRUE(limiter.admit("10.0.0.1", t0 + 63s));
}

TEST(intake_limiter, refused_payloads_do_not_extend_the_window) {
    intake_limiter limiter(1);
    const auto t0 = intake_limiter::clock::time_point{} + 1h;
    EXPECT_FALSE(limiter.admit("a", t0));
    for (int i = 1; i < 60; ++i) EXPECT_TRUE(limiter.admit("a", t0 + std::chrono::seconds(i)));
    EXPECT_FALSE(limiter.admit("a", t0 + 60s));
}

TEST(intake_limiter, the_table_is_bounded_and_expired_windows_make_room) {
    intake_limiter limiter(1, 2);
    const auto t0 = intake_limiter::clock::time_point{} + 1h;
    EXPECT_FALSE(limiter.admit("a", t0));
    EXPECT_FALSE(limiter.admit("b", t0));
    EXPECT_FALSE(limiter.admit("c", t0)) << "beyond the table: admitted untracked";
    EXPECT_FALSE(limiter.admit("c", t0)) << "still untracked";
    EXPECT_TRUE(limiter.admit("a", t0 + 1s)) << "tracked sources stay limited";
    EXPECT_FALSE(limiter.admit("c", t0 + 61s)) << "expired windows were dropped: c is tracked now";
    EXPECT_TRUE(limiter.admit("c", t0 + 62s));
}

}  // namespace
