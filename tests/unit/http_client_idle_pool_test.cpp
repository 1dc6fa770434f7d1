// Unit tests of the keep-alive pool's reuse rules, with time passed in.
#include "clients/http/idle_pool.hpp"

#include <gtest/gtest.h>

namespace mlc::clients::http {
namespace {

using namespace std::chrono_literals;
using time_point = std::chrono::steady_clock::time_point;

TEST(http_idle_pool, reuses_the_most_recent_connection_younger_than_the_limit) {
    idle_pool<int> pool(4, 4000ms);
    time_point t0{};
    pool.put(1, t0);
    pool.put(2, t0 + 1s);
    EXPECT_EQ(pool.take(t0 + 2s), 2);
    EXPECT_EQ(pool.take(t0 + 2s), 1);
    EXPECT_EQ(pool.take(t0 + 2s), std::nullopt);
}

TEST(http_idle_pool, never_reuses_a_connection_idle_for_the_limit_or_longer) {
    idle_pool<int> pool(4, 4000ms);
    time_point t0{};
    pool.put(1, t0);
    pool.put(2, t0 + 3s);
    EXPECT_EQ(pool.take(t0 + 4s), 2);  // 1 s idle
    EXPECT_EQ(pool.size(), 0u);        // 1 was idle exactly 4 s: dropped on the way
    pool.put(3, t0);
    EXPECT_EQ(pool.take(t0 + 4s), std::nullopt);
    EXPECT_EQ(pool.size(), 0u);
}

TEST(http_idle_pool, keeps_at_most_max_idle_dropping_the_oldest) {
    idle_pool<int> pool(2, 4000ms);
    time_point t0{};
    pool.put(1, t0);
    pool.put(2, t0);
    pool.put(3, t0);
    EXPECT_EQ(pool.size(), 2u);
    EXPECT_EQ(pool.take(t0), 3);
    EXPECT_EQ(pool.take(t0), 2);
    EXPECT_EQ(pool.take(t0), std::nullopt);
}

TEST(http_idle_pool, zero_max_idle_keeps_nothing_and_prune_drops_only_stale) {
    idle_pool<int> none(0, 4000ms);
    none.put(1, time_point{});
    EXPECT_EQ(none.size(), 0u);

    idle_pool<int> pool(4, 4000ms);
    time_point t0{};
    pool.put(1, t0);
    pool.put(2, t0 + 2s);
    pool.prune(t0 + 5s);
    EXPECT_EQ(pool.size(), 1u);
    EXPECT_EQ(pool.take(t0 + 5s), 2);
}

}  // namespace
}  // namespace mlc::clients::http
