// Integration tests of the HTTP server's graceful shutdown and its force-close after the grace period.
#include "tests/integration/http_test_routes.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/http_test_server.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;

TEST(http_shutdown, finishes_in_flight_requests_closes_idle_ones_and_refuses_new_ones) {
    route_probe probe;
    auto cfg = loopback_http_config();
    cfg.idle_timeout = 60s;  // whatever closes the connections below, it is not their idle timer
    http_test_server srv(cfg, test_routes(probe));
    auto port = srv.port();

    http_test_client idle(port);
    ASSERT_EQ(idle.get("/hello").result(), status::ok);
    http_test_client busy(port);
    ASSERT_FALSE(busy.send_raw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(wait_until([&] { return probe.slow_started.load() == 1; }, 30s));

    auto began = std::chrono::steady_clock::now();
    auto done = srv.begin_shutdown(60s);
    EXPECT_TRUE(idle.closed_by_server(10s));
    EXPECT_TRUE(wait_until(
        [&] { return http_test_client::try_connect(port, 500ms) == boost::asio::error::connection_refused; },
        30s));

    auto res = busy.read_response();
    EXPECT_EQ(res.result(), status::ok);
    EXPECT_EQ(res.body(), "slept");
    EXPECT_EQ(res[boost::beast::http::field::connection], "close");
    EXPECT_TRUE(busy.closed_by_server(10s));

    ASSERT_EQ(done.wait_for(30s), std::future_status::ready);
    auto took = std::chrono::steady_clock::now() - began;
    EXPECT_LT(took, 30s);  // ended with the slow request (~300 ms), long before the 60 s grace
    EXPECT_EQ(srv.server().active_connections(), 0u);
    ASSERT_TRUE(srv.stop());
    EXPECT_EQ(srv.log_text().find("http.shutdown_force_close"), std::string::npos);
    EXPECT_NE(srv.log_text().find("http.shutdown_complete"), std::string::npos);
}

TEST(http_shutdown, force_closes_a_hanging_handler_after_the_grace_period) {
    route_probe probe;
    http_test_server srv(loopback_http_config(), test_routes(probe));
    http_test_client hung(srv.port());
    ASSERT_FALSE(hung.send_raw("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(wait_until([&] { return probe.hang_started.load() == 1; }, 30s));

    auto began = std::chrono::steady_clock::now();
    auto done = srv.begin_shutdown(200ms);
    ASSERT_EQ(done.wait_for(30s), std::future_status::ready);
    auto took = std::chrono::steady_clock::now() - began;
    EXPECT_GE(took, 150ms);
    EXPECT_LT(took, 5s);  // the handler would have slept 10 s
    EXPECT_TRUE(hung.closed_by_server(5s));
    EXPECT_EQ(srv.server().active_connections(), 0u);
    ASSERT_TRUE(srv.stop());
    EXPECT_NE(srv.log_text().find("http.shutdown_force_close"), std::string::npos);
}

TEST(http_shutdown, completes_at_once_without_connections) {
    route_probe probe;
    http_test_server srv(loopback_http_config(), test_routes(probe));
    auto began = std::chrono::steady_clock::now();
    ASSERT_EQ(srv.begin_shutdown(60s).wait_for(30s), std::future_status::ready);
    EXPECT_LT(std::chrono::steady_clock::now() - began, 30s);  // at once, not after the 60 s grace
}

}  // namespace
}  // namespace mlc::test
