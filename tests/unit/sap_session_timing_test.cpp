// Unit tests of the session timing state machine with an explicit clock.
#include "clients/sap/session_timing.hpp"

#include <gtest/gtest.h>

namespace mlc::clients::sap {
namespace {

using namespace std::chrono_literals;
using time_point = session_timing::time_point;

const time_point t0 = time_point{} + 1000h;

TEST(sap_session_timing, thirty_minute_session_keeps_alive_five_minutes_before_the_timeout) {
    session_timing t;
    EXPECT_FALSE(t.has_session());
    EXPECT_FALSE(t.usable(t0));
    t.logged_in(t0, 30min);
    EXPECT_EQ(t.margin(), 5min);
    EXPECT_EQ(t.keep_alive_due(), t0 + 25min);
    EXPECT_TRUE(t.usable(t0 + 27min));
    EXPECT_FALSE(t.usable(t0 + 27min + 30s));  // past timeout - margin/2
}

TEST(sap_session_timing, one_minute_session_uses_a_fifth_as_margin) {
    session_timing t;
    t.logged_in(t0, 1min);
    EXPECT_EQ(t.margin(), 12s);
    EXPECT_EQ(t.keep_alive_due(), t0 + 48s);
}

TEST(sap_session_timing, long_timeout_margin_is_capped_at_five_minutes) {
    session_timing t;
    t.logged_in(t0, 1500min);
    EXPECT_EQ(t.margin(), 5min);
    EXPECT_EQ(t.keep_alive_due(), t0 + 1495min);
}

TEST(sap_session_timing, configured_margin_wins_but_never_exceeds_the_timeout) {
    session_timing t({.keep_alive_margin = 2s});
    t.logged_in(t0, 10s);
    EXPECT_EQ(t.margin(), 2s);
    EXPECT_EQ(t.keep_alive_due(), t0 + 8s);
    session_timing big({.keep_alive_margin = 1h});
    big.logged_in(t0, 10s);
    EXPECT_EQ(big.margin(), 10s);
}

TEST(sap_session_timing, every_request_restarts_the_idle_clock) {
    session_timing t;
    t.logged_in(t0, 30min);
    t.request_sent(t0 + 20min);
    EXPECT_EQ(t.keep_alive_due(), t0 + 45min);
    EXPECT_TRUE(t.usable(t0 + 40min));
    t.request_sent(t0 + 10min);  // an older timestamp (a slow coroutine) never moves it back
    EXPECT_EQ(t.keep_alive_due(), t0 + 45min);
}

TEST(sap_session_timing, expiry_ends_the_session) {
    session_timing t;
    t.logged_in(t0, 30min);
    t.expired();
    EXPECT_FALSE(t.has_session());
    EXPECT_FALSE(t.usable(t0));
}

TEST(sap_session_timing, login_backoff_doubles_up_to_the_cap_and_resets_on_success) {
    session_timing t({.keep_alive_margin = std::nullopt, .login_backoff_base = 1s, .login_backoff_max = 5s});
    EXPECT_EQ(t.login_backoff(), 0s);
    t.login_failed(t0);
    EXPECT_EQ(t.login_backoff(), 1s);
    EXPECT_EQ(t.next_login_allowed(), t0 + 1s);
    t.login_failed(t0 + 1s);
    EXPECT_EQ(t.login_backoff(), 2s);
    t.login_failed(t0 + 3s);
    EXPECT_EQ(t.login_backoff(), 4s);
    t.login_failed(t0 + 7s);
    EXPECT_EQ(t.login_backoff(), 5s);
    EXPECT_EQ(t.next_login_allowed(), t0 + 12s);
    EXPECT_EQ(t.login_failures(), 4u);
    for (int i = 0; i < 100; ++i) t.login_failed(t0);
    EXPECT_EQ(t.login_backoff(), 5s);
    t.logged_in(t0 + 1h, 30min);
    EXPECT_EQ(t.login_failures(), 0u);
    EXPECT_EQ(t.login_backoff(), 0s);
}

}  // namespace
}  // namespace mlc::clients::sap
