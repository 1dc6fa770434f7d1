// Integration tests of the ShipStation client's request discipline over loopback: the limiter's real run
// (no 429, near-ceiling throughput), priorities, recovery after 429, retries by call kind, check, metrics.
#include "clients/shipstation/catalog.hpp"
#include "clients/shipstation/check.hpp"
#include "clients/shipstation/limiter_driver.hpp"
#include "clients/shipstation/orders.hpp"
#include "clients/shipstation/webhooks.hpp"
#include "tests/integration/shipstation_fixture.hpp"
#include "tests/support/http_test_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace mlc::test {
namespace {

namespace ss = mlc::clients::shipstation;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

sim::shipstation::sim_config limited(unsigned limit, std::chrono::milliseconds window) {
    auto c = shipstation_fixture::default_sim_config();
    c.rate_limit = limit;
    c.rate_window = window;
    return c;
}

// Runs `n` list_stores calls concurrently; returns when all have finished.
asio::awaitable<void> many_calls(ss::client& c, int n) {
    auto ex = co_await asio::this_coro::executor;
    auto left = std::make_shared<int>(n);
    asio::steady_timer done(ex, steady::time_point::max());
    for (int i = 0; i < n; ++i) {
        asio::co_spawn(
            ex,
            [&c, left, &done]() -> asio::awaitable<void> {
                co_await ss::list_stores(c);
                if (--*left == 0) done.cancel();
            },
            asio::detached);
    }
    boost::system::error_code ec;
    co_await done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

TEST(shipstation_limits_test, real_run_stays_under_the_ceiling_without_429_at_near_ceiling_throughput) {
    // The server allows 10 per 2 s window; so do we (sliding window of 2 s + 100 ms safety).
    shipstation_fixture f(limited(10, 2000ms));
    auto cfg = f.client_config();
    cfg.rate_limit = 10;
    auto opts = shipstation_fixture::fast_options();
    opts.limiter.window = 2000ms;
    opts.limiter.safety = 100ms;
    auto& c = f.make_client(cfg, opts);
    auto start = steady::now();
    f.run(many_calls(c, 30));
    auto elapsed = steady::now() - start;
    auto counters = f.sim.state().counters();
    EXPECT_EQ(counters.throttled, 0u);
    EXPECT_EQ(counters.requests, 30u);
    // 30 sends at 10 per 2.1 s: the last ten go out at 4.2 s at the earliest (never faster than the
    // ceiling) and, for throughput within ~5% of it, by 4.2 s + reset slack + latency.
    EXPECT_GE(elapsed, 4200ms);
    EXPECT_LE(elapsed, 4200ms * 105 / 100 + 300ms);
    EXPECT_EQ(c.limiter_stats().throttled, 0u);
}

TEST(shipstation_limits_test, tracking_goes_before_a_bulk_backlog) {
    asio::io_context ioc;
    ss::rate_limiter_config cfg;
    cfg.ceiling = 1;
    cfg.window = 200ms;
    cfg.safety = 0ms;
    ss::limiter_driver limiter(cfg);
    std::vector<std::string> order;
    auto take = [&](ss::priority p, std::string name) -> asio::awaitable<void> {
        auto permit = co_await limiter.acquire(p);
        order.push_back(name);
        limiter.on_response(permit, 200, {});
    };
    asio::co_spawn(ioc, take(ss::priority::bulk, "bulk1"), asio::detached);
    asio::co_spawn(ioc, take(ss::priority::bulk, "bulk2"), asio::detached);
    asio::co_spawn(ioc, take(ss::priority::bulk, "bulk3"), asio::detached);
    asio::co_spawn(ioc, take(ss::priority::tracking, "tracking"), asio::detached);
    ioc.run();
    EXPECT_EQ(order, (std::vector<std::string>{"bulk1", "tracking", "bulk2", "bulk3"}));
}

TEST(shipstation_limits_test, shutdown_ends_waits) {
    asio::io_context ioc;
    ss::rate_limiter_config cfg;
    cfg.ceiling = 1;
    cfg.window = 60s;
    ss::limiter_driver limiter(cfg);
    int aborted = 0;
    auto take = [&]() -> asio::awaitable<void> {
        try {
            co_await limiter.acquire(ss::priority::normal);
        } catch (const boost::system::system_error& e) {
            if (e.code() == asio::error::operation_aborted) ++aborted;
        }
    };
    asio::co_spawn(ioc, take(), asio::detached);
    asio::co_spawn(ioc, take(), asio::detached);
    asio::co_spawn(ioc, take(), asio::detached);
    asio::steady_timer t(ioc, 50ms);
    t.async_wait([&](auto) { limiter.shutdown(); });
    auto start = steady::now();
    ioc.run();
    EXPECT_LT(steady::now() - start, 5s);
    EXPECT_EQ(aborted, 2);  // the first was granted at once
}

TEST(shipstation_limits_test, recovers_after_429_when_another_application_spends_the_budget) {
    // The simulator's windows are aligned to its clock's epoch. Its clock runs at real speed but starts at a
    // window's beginning, so the other application's three calls and ours share one window whatever the time
    // of day (unaligned, a boundary between them let ours through about once in forty runs).
    constexpr std::chrono::milliseconds window = 2000ms;
    const auto into_window = std::chrono::system_clock::now().time_since_epoch() % window;
    const auto shift = window - into_window;
    shipstation_fixture f(limited(3, window), [shift] { return system_now() + shift; });
    auto& c = f.make_client();  // our ceiling (1000) is not what stops us: the shared budget is
    http_test_client other(f.sim.port());
    for (int i = 0; i < 3; ++i) other.get("/stores", {{"Authorization", "Basic U2hpcFN0YXRpb246Um9ja3M="}});
    auto stores = f.run(ss::list_stores(c)).value();
    EXPECT_EQ(stores.size(), 2u);
    EXPECT_GE(f.sim.state().counters().throttled, 1u);
    EXPECT_GE(c.limiter_stats().throttled, 1u);
    EXPECT_NE(f.log_text.str().find("shipstation_throttled"), std::string::npos);
}

TEST(shipstation_limits_test, gets_are_retried_on_500_and_a_subscribe_is_not) {
    shipstation_fixture f;
    auto& c = f.make_client();
    auto faults = f.sim.state().faults();
    faults.fail_reads = 2;
    f.sim.state().set_faults(faults);
    EXPECT_EQ(f.run(ss::list_stores(c)).value().size(), 2u);
    EXPECT_EQ(f.sim.state().counters().by_endpoint["GET /stores"], 3u);

    faults = f.sim.state().faults();
    faults.fail_before_write = 1;
    f.sim.state().set_faults(faults);
    auto subscribed =
        f.run(ss::subscribe_webhook(c, {"http://127.0.0.1:9/h", "SHIP_NOTIFY", std::nullopt, "x"}));
    ASSERT_FALSE(subscribed) << "expected the 500";
    EXPECT_EQ(subscribed.error().kind, clients::error_kind::in_doubt);  // a 500 to a write
    EXPECT_EQ(subscribed.error().http_status, 500u);
    EXPECT_NE(subscribed.error().describe().find("Simulated failure"), std::string::npos);
    EXPECT_EQ(f.sim.state().counters().by_endpoint["POST /webhooks/subscribe"], 1u);
}

TEST(shipstation_limits_test, createorder_is_retried_with_the_same_order_key_after_a_500) {
    shipstation_fixture f;
    auto& c = f.make_client();
    auto faults = f.sim.state().faults();
    faults.fail_after_write = 1;  // applied, then 500: the retry must update, not duplicate
    f.sim.state().set_faults(faults);
    auto o = f.run(ss::create_order(c, shipstation_fixture::order_body("K-1", "mlc-DB-K1"))).value();
    EXPECT_EQ(o.order_key, "mlc-DB-K1");
    EXPECT_EQ(f.sim.state().counters().by_endpoint["POST /orders/createorder"], 2u);
    EXPECT_EQ(f.run(ss::list_orders(c, {})).value().size(), 1u);
}

TEST(shipstation_limits_test, retries_stop_after_max_attempts) {
    shipstation_fixture f;
    auto& c = f.make_client();
    auto faults = f.sim.state().faults();
    faults.fail_reads = 10;
    f.sim.state().set_faults(faults);
    auto stores = f.run(ss::list_stores(c));
    ASSERT_FALSE(stores);
    EXPECT_EQ(stores.error().kind, clients::error_kind::unavailable);    // a 5xx to a read
    EXPECT_EQ(f.sim.state().counters().by_endpoint["GET /stores"], 4u);  // retry.max_attempts
}

TEST(shipstation_limits_test, check_reports_stores_and_rate_headers_or_the_failure_without_the_secret) {
    shipstation_fixture f(limited(40, 60'000ms));
    app_config cfg;
    cfg.shipstation = f.client_config();
    auto ok = f.run(ss::check_shipstation(cfg, "", f.ioc.get_executor(), f.log)).front();
    EXPECT_EQ(ok.state, check_state::ok) << ok.detail;
    EXPECT_EQ(ok.detail.rfind("2 stores (", 0), 0u) << ok.detail;
    EXPECT_NE(ok.detail.find("rate limit 40, remaining 39, reset "), std::string::npos) << ok.detail;

    cfg.shipstation.api_secret = secret("TopSecret-Value");
    auto bad = f.run(ss::check_shipstation(cfg, "", f.ioc.get_executor(), f.log)).front();
    EXPECT_EQ(bad.state, check_state::fail) << bad.detail;
    EXPECT_NE(bad.action.find("MLC_SHIPSTATION_API_SECRET"), std::string::npos) << bad.action;
    EXPECT_NE(bad.detail.find("401"), std::string::npos) << bad.detail;
    EXPECT_EQ(bad.detail.find("TopSecret-Value"), std::string::npos);
    EXPECT_EQ(f.log_text.str().find("TopSecret-Value"), std::string::npos);

    cfg.shipstation.url = "http://127.0.0.1:1";
    auto down = f.run(ss::check_shipstation(cfg, "", f.ioc.get_executor(), f.log, 2s)).front();
    EXPECT_EQ(down.state, check_state::fail);
    EXPECT_NE(down.detail.find("connect"), std::string::npos) << down.detail;
}

TEST(shipstation_limits_test, metrics_count_requests_throttles_budget_and_wait) {
    shipstation_fixture f(limited(2, 2000ms));
    prometheus::Registry registry;
    auto opts = shipstation_fixture::fast_options();
    opts.limiter.window = 2000ms;  // the server's Limit applies to our window: make it the simulator's
    ss::client c(f.client_config(), f.ioc.get_executor(), f.log, &registry, opts);
    f.run(many_calls(c, 3));  // the third meets a 429
    auto text = prometheus::TextSerializer().Serialize(registry.Collect());
    EXPECT_NE(text.find(R"(mlc_shipstation_requests_total{endpoint="GET /stores",status="200"} 3)"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(mlc_shipstation_requests_total{endpoint="GET /stores",status="429"})"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("mlc_shipstation_throttled_total 1"), std::string::npos) << text;
    EXPECT_NE(text.find("mlc_shipstation_rate_limit_remaining"), std::string::npos) << text;
    EXPECT_NE(text.find("mlc_shipstation_limiter_wait_seconds_total"), std::string::npos) << text;
}

}  // namespace
}  // namespace mlc::test
