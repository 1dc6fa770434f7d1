// Integration tests of the outbound HTTP client over loopback: keep-alive reuse, stale connections,
// deadlines, limits and retries, against a scripted raw server.
#include "clients/http/client.hpp"
#include "clients/http/send_with_retry.hpp"
#include "tests/support/client_config_with.hpp"
#include "tests/support/http_test_server.hpp"
#include "tests/support/run_coro.hpp"
#include "tests/support/scripted_http_server.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace http = clients::http;
namespace bhttp = boost::beast::http;
using outcome = boost::system::result<http::response, http::transport_error>;

std::string base(std::uint16_t port, std::string_view path = "/b1s/v1") {
    return "http://127.0.0.1:" + std::to_string(port) + std::string(path);
}

http::outbound_request get(std::string target) {
    http::outbound_request r;
    r.target = std::move(target);
    r.replay_safe = true;
    return r;
}

http::outbound_request post(std::string target, std::string body) {
    http::outbound_request r;
    r.method = bhttp::verb::post;
    r.target = std::move(target);
    r.body = std::move(body);
    r.headers.set(bhttp::field::content_type, "application/json");
    return r;
}

struct http_client_test : ::testing::Test {
    boost::asio::io_context ioc;

    outcome send(http::client& c, http::outbound_request r) { return run_coro(ioc, c.send(std::move(r))); }
};

TEST_F(http_client_test, two_requests_share_one_kept_alive_connection) {
    scripted_http_server srv([](const scripted_request&) { return scripted_action::reply(200, "{}"); });
    http::client c(ioc.get_executor(), base(srv.port()),
                   client_config_with([&](http::client_config& cfg) { cfg.user_agent = "mlc-test/1"; }));
    auto first = send(c, get("/Orders?$top=1"));
    ASSERT_TRUE(first) << first.error().describe();
    EXPECT_EQ(first->result_int(), 200u);
    EXPECT_EQ(c.idle_connections(), 1u);
    auto second = send(c, get("/Items"));
    ASSERT_TRUE(second);
    EXPECT_EQ(srv.connections(), 1u);
    EXPECT_EQ(c.connections_opened(), 1u);
    auto reqs = srv.requests();
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(reqs[1].connection, 0u);
    EXPECT_EQ(reqs[1].index, 1u);
    EXPECT_EQ(reqs[0].req.target(), "/b1s/v1/Orders?$top=1");
    EXPECT_EQ(reqs[0].req[bhttp::field::host], "127.0.0.1:" + std::to_string(srv.port()));
    EXPECT_EQ(reqs[0].req[bhttp::field::user_agent], "mlc-test/1");
}

TEST_F(http_client_test, post_carries_content_length_and_never_expect_100_continue) {
    scripted_http_server srv([](const scripted_request&) { return scripted_action::reply(201, "{}"); });
    http::client c(ioc.get_executor(), base(srv.port()));
    auto req = post("/DeliveryNotes", R"({"CardCode":"C1"})");
    req.headers.set(bhttp::field::expect, "100-continue");
    auto res = send(c, req);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->result_int(), 201u);
    auto seen = srv.requests().at(0).req;
    EXPECT_EQ(seen.count(bhttp::field::expect), 0u);
    EXPECT_EQ(seen[bhttp::field::content_length], "17");
    EXPECT_EQ(seen[bhttp::field::content_type], "application/json");
    EXPECT_EQ(seen.body(), R"({"CardCode":"C1"})");
}

// The server reads the second request on a kept-alive connection and closes without answering: the race
// of a request meeting the server's idle timer.
scripted_http_server::script_fn close_second_on_first_connection() {
    return [](const scripted_request& r) {
        if (r.connection == 0 && r.index == 1) return scripted_action{scripted_action::close, {}};
        return scripted_action::reply(200, "{}");
    };
}

TEST_F(http_client_test, replay_safe_request_is_resent_once_when_a_reused_connection_was_closed) {
    scripted_http_server srv(close_second_on_first_connection());
    http::client c(ioc.get_executor(), base(srv.port()));
    ASSERT_TRUE(send(c, get("/Orders")));
    auto res = send(c, get("/Orders"));
    ASSERT_TRUE(res) << res.error().describe();
    EXPECT_EQ(res->result_int(), 200u);
    EXPECT_EQ(srv.connections(), 2u);
    EXPECT_EQ(srv.requests().size(), 3u);
}

TEST_F(http_client_test, unsafe_request_on_a_reused_connection_closed_after_the_write_is_in_doubt) {
    scripted_http_server srv(close_second_on_first_connection());
    http::client c(ioc.get_executor(), base(srv.port()));
    ASSERT_TRUE(send(c, get("/Orders")));
    auto res = send(c, post("/DeliveryNotes", "{}"));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().what, http::failure::connection_closed);
    EXPECT_TRUE(res.error().may_have_been_received);  // the server did read it: never resent blindly
    EXPECT_EQ(srv.connections(), 1u);
    EXPECT_EQ(srv.requests().size(), 2u);
}

TEST_F(http_client_test, idle_connection_the_server_already_closed_is_not_used) {
    scripted_http_server srv([](const scripted_request& r) {
        auto a = scripted_action::reply(200, "{}");
        if (r.index == 0) a.what = scripted_action::respond_then_close;
        return a;
    });
    http::client c(ioc.get_executor(), base(srv.port()));
    ASSERT_TRUE(send(c, get("/Orders")));
    EXPECT_EQ(c.idle_connections(), 1u);
    // On loopback the FIN has reached the client's socket by the time the server's close returns.
    ASSERT_TRUE(wait_until([&] { return srv.closed_connections() == 1; }, 30s));
    auto res = send(c, post("/DeliveryNotes", "{}"));  // not replay-safe, yet it works: nothing was sent
    ASSERT_TRUE(res) << res.error().describe();
    EXPECT_EQ(srv.connections(), 2u);
    EXPECT_EQ(srv.requests().size(), 2u);
}

TEST_F(http_client_test, idle_connection_past_max_idle_age_is_not_reused) {
    scripted_http_server srv([](const scripted_request&) { return scripted_action::reply(200, "{}"); });
    http::client c(ioc.get_executor(), base(srv.port()),
                   client_config_with([&](http::client_config& cfg) { cfg.max_idle_age = 50ms; }));
    ASSERT_TRUE(send(c, get("/a")));
    std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(send(c, get("/b")));
    EXPECT_EQ(c.connections_opened(), 2u);
}

TEST_F(http_client_test, connection_close_response_is_not_pooled) {
    scripted_http_server srv(
        [](const scripted_request&) { return scripted_action::reply(200, "{}", false); });
    http::client c(ioc.get_executor(), base(srv.port()));
    ASSERT_TRUE(send(c, get("/a")));
    EXPECT_EQ(c.idle_connections(), 0u);
    ASSERT_TRUE(send(c, get("/b")));
    EXPECT_EQ(srv.connections(), 2u);
}

TEST_F(http_client_test, attempt_timeout_covers_waiting_for_the_response) {
    scripted_http_server srv([](const scripted_request&) {
        return scripted_action{scripted_action::hang, {}};
    });
    http::client c(ioc.get_executor(), base(srv.port()),
                   client_config_with([&](http::client_config& cfg) { cfg.attempt_timeout = 200ms; }));
    auto started = std::chrono::steady_clock::now();
    auto res = send(c, post("/DeliveryNotes", "{}"));
    auto elapsed = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().what, http::failure::timeout);
    EXPECT_TRUE(res.error().may_have_been_received);
    EXPECT_GE(elapsed, 190ms);
    EXPECT_LT(elapsed, 15s);  // the server hangs for 30 s: half of that means the timeout ended it
}

TEST_F(http_client_test, caller_deadline_shortens_the_attempt) {
    scripted_http_server srv([](const scripted_request&) {
        return scripted_action{scripted_action::hang, {}};
    });
    http::client c(ioc.get_executor(), base(srv.port()),
                   client_config_with([&](http::client_config& cfg) { cfg.attempt_timeout = 20s; }));
    auto req = get("/Orders");
    req.deadline = std::chrono::steady_clock::now() + 150ms;
    auto started = std::chrono::steady_clock::now();
    auto res = send(c, req);
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().what, http::failure::timeout);
    // Half the attempt timeout (which itself ends before the server's 30 s hang): the deadline ended it.
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST_F(http_client_test, refused_connection_is_a_connect_error_never_received) {
    std::uint16_t port = 0;
    {
        boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    http::client c(ioc.get_executor(), base(port));
    auto res = send(c, post("/DeliveryNotes", "{}"));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().what, http::failure::connect);
    EXPECT_FALSE(res.error().may_have_been_received);
}

TEST_F(http_client_test, body_over_the_limit_is_refused) {
    scripted_http_server srv(
        [](const scripted_request&) { return scripted_action::reply(200, std::string(2048, 'x')); });
    http::client c(ioc.get_executor(), base(srv.port()),
                   client_config_with([&](http::client_config& cfg) { cfg.response_body_limit = 1024; }));
    auto res = send(c, get("/Items"));
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().what, http::failure::body_too_large);
    EXPECT_EQ(c.idle_connections(), 0u);
}

TEST_F(http_client_test, bad_base_url_and_target_are_refused) {
    EXPECT_THROW(http::client(ioc.get_executor(), "ftp://127.0.0.1/"), std::invalid_argument);
    http::client c(ioc.get_executor(), "http://127.0.0.1:1/");
    EXPECT_THROW(send(c, get("Orders")), std::invalid_argument);
}

TEST_F(http_client_test, send_with_retry_retries_a_503_get_but_not_a_503_post) {
    std::atomic<int> calls{0};
    scripted_http_server srv(
        [&](const scripted_request&) { return scripted_action::reply(++calls <= 2 ? 503 : 200, "{}"); });
    http::client c(ioc.get_executor(), base(srv.port()));
    http::retry_policy policy({3, 1ms, 5ms});
    auto res = run_coro(ioc, http::send_with_retry(c, get("/Orders"), policy));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->result_int(), 200u);
    EXPECT_EQ(calls.load(), 3);

    calls = 0;
    auto unsafe = run_coro(ioc, http::send_with_retry(c, post("/DeliveryNotes", "{}"), policy));
    ASSERT_TRUE(unsafe);
    EXPECT_EQ(unsafe->result_int(), 503u);
    EXPECT_EQ(calls.load(), 1);
}

}  // namespace
}  // namespace mlc::test
