// Integration test of the -5002 rule when the session really is gone (the simulator answers 401 for a dead
// session, so a scripted server plays a Service Layer that reports it as -5002).
#include "clients/http/client.hpp"
#include "clients/sap/session.hpp"
#include "tests/support/run_coro.hpp"
#include "tests/support/scripted_http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>

namespace mlc::test {
namespace {

namespace sap = clients::sap;

TEST(sap_session_5002, minus_5002_with_a_dead_session_logs_in_again_and_retries_once) {
    std::atomic<int> logins{0};
    std::atomic<int> order_posts{0};
    scripted_http_server srv([&](const scripted_request& r) {
        std::string target(r.req.target());
        std::string cookie(r.req[boost::beast::http::field::cookie]);
        if (target == "/b1s/v1/Login") {
            auto a = scripted_action::reply(200, R"({"SessionId":"s)" + std::to_string(++logins) +
                                                     R"(","Version":"1000110","SessionTimeout":30})");
            a.res.insert(boost::beast::http::field::set_cookie,
                         "B1SESSION=s" + std::to_string(logins.load()) + ";HttpOnly;");
            a.res.insert(boost::beast::http::field::set_cookie, "ROUTEID=.node1; path=/b1s");
            return a;
        }
        bool first_session = cookie == "B1SESSION=s1; ROUTEID=.node1";
        if (target.starts_with("/b1s/v1/ShippingTypes"))
            return first_session
                       ? scripted_action::reply(
                             401,
                             R"({"error":{"code":301,"message":{"lang":"en-us","value":"Invalid session."}}})")
                       : scripted_action::reply(200, R"({"value":[]})");
        ++order_posts;
        if (first_session)
            return scripted_action::reply(
                400,
                R"({"error":{"code":-5002,"message":{"lang":"en-us","value":"Internal error (-5002) occurred"}}})");
        return scripted_action::reply(201, R"({"DocEntry":7})");
    });
    boost::asio::io_context ioc;
    clients::http::client http(ioc.get_executor(),
                               "http://127.0.0.1:" + std::to_string(srv.port()) + "/b1s/v1");
    std::ostringstream out;
    logger log({log_level::debug, log_format::json}, out);
    sap_config cfg;
    cfg.company_db = "SBODEMOUS";
    cfg.username = "manager";
    cfg.password = secret("pw");
    sap::session s(http, cfg, {}, log);
    sap::sap_request req;
    req.method = boost::beast::http::verb::post;
    req.target = "/DeliveryNotes";
    req.body = "{}";
    auto res = run_coro(ioc, s.execute(req));
    ASSERT_TRUE(res) << res.error().describe();
    EXPECT_EQ(res->result_int(), 201u);
    EXPECT_EQ(logins.load(), 2);
    EXPECT_EQ(order_posts.load(), 2);
    EXPECT_EQ(s.stats().renewed_on_5002.load(), 1u);
}

}  // namespace
}  // namespace mlc::test
