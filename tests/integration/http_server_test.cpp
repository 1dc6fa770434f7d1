// Integration tests of the HTTP server over loopback: routing, limits, deadlines, errors, ids and metrics.
#include "tests/integration/http_test_routes.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/http_test_server.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
using boost::beast::http::field;

bool is_hex_id(const std::string& s) {
    return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

struct http_server_test : ::testing::Test {
    route_probe probe;
    std::optional<http_test_server> srv;

    void start(http_server_config cfg = loopback_http_config()) { srv.emplace(cfg, test_routes(probe)); }
    std::uint16_t port() const { return srv->port(); }
};

TEST_F(http_server_test, keep_alive_serves_two_requests_on_one_connection) {
    start();
    http_test_client c(port());
    auto first = c.get("/hello");
    EXPECT_EQ(first.result(), status::ok);
    EXPECT_EQ(first.body(), "hello");
    EXPECT_TRUE(first.keep_alive());
    EXPECT_EQ(first[field::server], "ml-connector");
    EXPECT_EQ(first[field::content_length], "5");
    auto second = c.get("/hello");  // would fail with EOF had the server closed the connection
    EXPECT_EQ(second.result(), status::ok);
    EXPECT_EQ(srv->server().active_connections(), 1u);
    EXPECT_NE(srv->metrics_text().find("mlc_http_connections_active 1"), std::string::npos);
}

TEST_F(http_server_test, context_carries_path_and_query_but_the_log_omits_the_query) {
    start();
    http_test_client c(port());
    auto res = c.get("/ctx?token=s3cret&x=1");
    EXPECT_EQ(res.body(), "route=ctx path=/ctx query=token=s3cret&x=1");
    ASSERT_TRUE(srv->stop());
    auto log = srv->log_text();
    EXPECT_NE(log.find("\"event\":\"http.request\""), std::string::npos);
    EXPECT_NE(log.find("\"path\":\"/ctx\""), std::string::npos);
    EXPECT_EQ(log.find("s3cret"), std::string::npos);
}

TEST_F(http_server_test, unknown_path_is_404_and_wrong_method_is_405_with_allow) {
    start();
    http_test_client c(port());
    auto nf = c.get("/nope");
    EXPECT_EQ(nf.result(), status::not_found);
    EXPECT_EQ(nf.body(), R"({"error":"not found"})");
    EXPECT_EQ(nf[field::content_type], "application/json");
    http_request del(boost::beast::http::verb::delete_, "/hello", 11);
    auto na = c.request(del);
    EXPECT_EQ(na.result(), status::method_not_allowed);
    EXPECT_EQ(na[field::allow], "GET");
    EXPECT_EQ(c.get("/hello").result(), status::ok);  // without a body, both keep the connection
}

TEST_F(http_server_test, refusals_with_a_body_answer_from_the_header_and_close) {
    start();
    for (std::string head : {"POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n",
                             "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n",
                             "POST /guarded HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n",
                             "POST /guarded HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"}) {
        http_test_client c(port());
        ASSERT_FALSE(c.send_raw(head));
        // Not one body byte was sent: the answer can only come from the header.
        auto res = c.read_response();
        EXPECT_TRUE(res.result() == status::not_found || res.result() == status::method_not_allowed ||
                    res.result() == status::unauthorized)
            << head;
        EXPECT_EQ(res[field::connection], "close") << head;
        EXPECT_TRUE(c.closed_by_server(3s)) << head;
    }
    EXPECT_EQ(probe.guarded_served, 0);
    http_test_client c(port());
    EXPECT_EQ(c.post("/guarded", "abc", {{"X-Key", "k"}}).body(), "3");
    EXPECT_EQ(probe.guarded_served, 1);
}

TEST_F(http_server_test, a_handler_past_its_deadline_is_cancelled_and_answered_503) {
    auto cfg = loopback_http_config();
    cfg.handler_timeout = 300ms;
    start(cfg);
    http_test_client c(port());
    auto began = std::chrono::steady_clock::now();
    auto res = c.get("/hang");  // sleeps 10 s unless cancelled
    auto took = std::chrono::steady_clock::now() - began;
    EXPECT_EQ(res.result(), status::service_unavailable);
    EXPECT_EQ(res.body(), R"({"error":"handler timed out"})");
    EXPECT_FALSE(res.keep_alive());
    EXPECT_GE(took, 250ms);
    EXPECT_LT(took, 5s);
    EXPECT_EQ(probe.hang_cancelled, 1);
    EXPECT_TRUE(c.closed_by_server(2s));
    ASSERT_TRUE(srv->stop());
    EXPECT_NE(srv->log_text().find("\"event\":\"http.handler_timeout\""), std::string::npos);
}

TEST_F(http_server_test, a_client_that_leaves_cancels_its_handler) {
    start();
    {
        http_test_client c(port());
        ASSERT_FALSE(c.send_raw("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n"));
        ASSERT_TRUE(wait_until([&] { return probe.hang_started == 1; }, 5s));
    }  // closes the connection while the handler sleeps its 10 s
    EXPECT_TRUE(wait_until([&] { return probe.hang_cancelled == 1; }, 3s));
    EXPECT_TRUE(wait_until([&] { return srv->server().active_connections() == 0; }, 3s));
}

TEST_F(http_server_test, pipelined_requests_survive_the_client_watch) {
    start();
    http_test_client c(port());
    // The second request arrives while the first one's handler runs: it must not be lost or eaten.
    ASSERT_FALSE(c.send_raw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(c.read_response().body(), "slept");
    EXPECT_EQ(c.read_response().body(), "hello");
    EXPECT_EQ(c.get("/hello").body(), "hello");
}

TEST_F(http_server_test, body_over_the_route_limit_is_413_and_a_larger_limit_accepts_it) {
    start();
    std::string body(100, 'b');
    {
        http_test_client c(port());
        auto res = c.post("/small", body);
        EXPECT_EQ(res.result(), status::payload_too_large);
        EXPECT_FALSE(res.keep_alive());
        EXPECT_TRUE(c.closed_by_server(2s));
    }
    {
        http_test_client c(port());
        std::string chunked =
            "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n";  // 20 bytes > 16
        ASSERT_FALSE(c.send_raw(chunked));
        EXPECT_EQ(c.read_response().result(), status::payload_too_large);
        EXPECT_TRUE(c.closed_by_server(2s));
    }
    http_test_client c(port());
    auto ok = c.post("/large", body);
    EXPECT_EQ(ok.result(), status::ok);
    EXPECT_EQ(ok.body(), "100");
    ASSERT_FALSE(
        c.send_raw("POST /large HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n"));
    EXPECT_EQ(c.read_response().body(), "20");
}

TEST_F(http_server_test, expect_100_continue_is_answered_before_the_body) {
    start();
    http_test_client c(port());
    ASSERT_FALSE(
        c.send_raw("POST /large HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
    EXPECT_EQ(c.read_response().result(), status::continue_);
    ASSERT_FALSE(c.send_raw("hello"));
    EXPECT_EQ(c.read_response().body(), "5");
}

TEST_F(http_server_test, oversized_headers_are_431_and_close) {
    auto cfg = loopback_http_config();
    cfg.header_limit = 1024;
    start(cfg);
    http_test_client c(port());
    auto res = c.get("/hello", {{"X-Big", std::string(2000, 'h')}});
    EXPECT_EQ(res.result(), status::request_header_fields_too_large);
    EXPECT_TRUE(c.closed_by_server(2s));
}

TEST_F(http_server_test, garbage_is_400_and_close) {
    start();
    http_test_client c(port());
    ASSERT_FALSE(c.send_raw("this is not http\r\n\r\n"));
    auto res = c.read_response();
    EXPECT_EQ(res.result(), status::bad_request);
    EXPECT_EQ(res[field::connection], "close");
    EXPECT_TRUE(c.closed_by_server(2s));
}

TEST_F(http_server_test, read_timeout_cuts_off_a_slowloris_client) {
    auto cfg = loopback_http_config();
    cfg.read_timeout = 300ms;
    start(cfg);
    http_test_client c(port());
    auto began = std::chrono::steady_clock::now();
    bool closed = false;
    ASSERT_FALSE(c.send_raw("GET /hello HTTP/1.1\r\nHost: x\r\n"));
    // One header line every 50 ms: always some progress, never a whole request.
    while (!closed && std::chrono::steady_clock::now() - began < 20s) {
        (void)c.send_raw("X-Slow: y\r\n");
        closed = c.closed_by_server(50ms);
    }
    auto took = std::chrono::steady_clock::now() - began;
    EXPECT_TRUE(closed);
    EXPECT_GE(took, 250ms);
    EXPECT_LT(took, 10s);  // a timer that every line restarted would not have closed it in 20 s
}

TEST_F(http_server_test, idle_timeout_closes_a_kept_alive_connection) {
    auto cfg = loopback_http_config();
    cfg.idle_timeout = 300ms;
    cfg.read_timeout = 60s;  // far from the idle timeout, so the margin below can be generous
    start(cfg);
    http_test_client c(port());
    ASSERT_EQ(c.get("/hello").result(), status::ok);
    auto began = std::chrono::steady_clock::now();
    EXPECT_TRUE(c.closed_by_server(30s));
    auto took = std::chrono::steady_clock::now() - began;
    EXPECT_GE(took, 250ms);
    EXPECT_LT(took, 20s);
    EXPECT_TRUE(wait_until([&] { return srv->server().active_connections() == 0; }, 30s));
}

TEST_F(http_server_test, connections_beyond_max_connections_get_503) {
    auto cfg = loopback_http_config();
    cfg.max_connections = 1;
    start(cfg);
    http_test_client first(port());
    ASSERT_EQ(first.get("/hello").result(), status::ok);
    http_test_client extra(port());
    auto res = extra.get("/hello");
    EXPECT_EQ(res.result(), status::service_unavailable);
    EXPECT_FALSE(res.keep_alive());
    EXPECT_TRUE(extra.closed_by_server(2s));
    EXPECT_EQ(first.get("/hello").result(), status::ok);  // the served one is unaffected
    EXPECT_NE(srv->metrics_text().find(R"(mlc_http_connections_rejected_total{reason="max_connections"} 1)"),
              std::string::npos);
}

TEST_F(http_server_test, connections_beyond_the_per_address_cap_get_503) {
    auto cfg = loopback_http_config();
    cfg.max_connections_per_ip = 2;
    start(cfg);
    http_test_client first(port());
    std::optional<http_test_client> second(std::in_place, port());
    ASSERT_EQ(first.get("/hello").result(), status::ok);
    ASSERT_EQ(second->get("/hello").result(), status::ok);
    {
        http_test_client third(port());
        auto res = third.get("/hello");
        EXPECT_EQ(res.result(), status::service_unavailable);
        EXPECT_TRUE(third.closed_by_server(2s));
    }
    EXPECT_NE(
        srv->metrics_text().find(R"(mlc_http_connections_rejected_total{reason="max_connections_per_ip"} 1)"),
        std::string::npos);
    EXPECT_EQ(srv->server().active_connections(), 2u);
    second.reset();  // its slot is given back once the server sees it close
    ASSERT_TRUE(wait_until([&] { return srv->server().active_connections() == 1; }, 5s));
    http_test_client again(port());
    EXPECT_EQ(again.get("/hello").result(), status::ok);
}

TEST_F(http_server_test, handler_exception_is_a_generic_500_and_the_connection_survives) {
    start();
    http_test_client c(port());
    auto res = c.get("/boom", {{"X-Request-Id", "boom-1"}});
    EXPECT_EQ(res.result(), status::internal_server_error);
    EXPECT_EQ(res.body(), R"({"error":"internal error"})");
    EXPECT_EQ(res.body().find("hunter2"), std::string::npos);
    EXPECT_EQ(c.get("/hello").result(), status::ok);
    ASSERT_TRUE(srv->stop());
    auto log = srv->log_text();  // the details go to the log, with the request id
    auto at = log.find("\"event\":\"http.handler_error\"");
    ASSERT_NE(at, std::string::npos);
    auto line = log.substr(at, log.find('\n', at) - at);
    EXPECT_NE(line.find("hunter2"), std::string::npos);
    EXPECT_NE(line.find("boom-1"), std::string::npos);
}

TEST_F(http_server_test, a_saturated_dependency_is_a_503_with_retry_after_and_the_connection_survives) {
    start();
    http_test_client c(port());
    auto res = c.get("/busy");
    EXPECT_EQ(res.result(), status::service_unavailable);
    EXPECT_EQ(res[boost::beast::http::field::retry_after], "1");
    EXPECT_EQ(c.get("/hello").result(), status::ok);
    ASSERT_TRUE(srv->stop());
    EXPECT_NE(srv->log_text().find("\"event\":\"http.busy\""), std::string::npos) << srv->log_text();
}

TEST_F(http_server_test, request_id_is_honoured_when_valid_and_generated_otherwise) {
    start();
    http_test_client c(port());
    EXPECT_EQ(c.get("/hello", {{"X-Request-Id", "abc-123.x:y_z"}})["X-Request-Id"], "abc-123.x:y_z");
    auto replaced = std::string(c.get("/hello", {{"X-Request-Id", "bad id!"}})["X-Request-Id"]);
    EXPECT_TRUE(is_hex_id(replaced)) << replaced;
    auto a = std::string(c.get("/hello")["X-Request-Id"]);
    auto b = std::string(c.get("/hello")["X-Request-Id"]);
    EXPECT_TRUE(is_hex_id(a)) << a;
    EXPECT_NE(a, b);
}

TEST_F(http_server_test, requests_are_counted_by_route_method_and_status) {
    start();
    http_test_client c(port());
    c.get("/hello");
    c.get("/hello");
    c.get("/nope");
    c.post("/hello", "");
    // A request is counted once its response is written, so the client may see the last one first.
    std::string text;
    EXPECT_TRUE(wait_until(
        [&] {
            text = srv->metrics_text();
            return text.find(R"(route="unmatched",status="405"} 1)") != std::string::npos;
        },
        30s));
    EXPECT_NE(text.find(R"(mlc_http_requests_total{method="GET",route="hello",status="200"} 2)"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(mlc_http_requests_total{method="GET",route="unmatched",status="404"} 1)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(mlc_http_requests_total{method="POST",route="unmatched",status="405"} 1)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(mlc_http_request_duration_seconds_count{route="hello"} 2)"), std::string::npos);
}

TEST_F(http_server_test, bind_failure_names_the_address) {
    start();
    auto cfg = loopback_http_config();
    cfg.listen_port = port();
    route_probe other;
    try {
        http_test_server clash(cfg, test_routes(other));
        FAIL() << "second server bound the same port";
    } catch (const std::system_error& e) {
        EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(port())), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace mlc::test
