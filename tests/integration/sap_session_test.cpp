// Integration tests of the SAP session manager against the Service Layer simulator over loopback: session
// reuse, single-flight Login, re-login on 401/301 in both versions, keep-alive, -5002, in-doubt POSTs,
// wrong credentials and Logout.
#include "clients/http/client.hpp"
#include "clients/sap/session.hpp"
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/support/http_test_server.hpp"
#include "tests/support/run_coro.hpp"
#include "tests/support/settable_clock.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace http = clients::http;
namespace sap = clients::sap;
namespace bhttp = boost::beast::http;
using sim_version = mlc::sim::sap::api_version;

struct sap_session_test : ::testing::TestWithParam<sim_version> {
    std::ostringstream sim_log;
    std::ostringstream client_log_out;
    logger client_log{{log_level::debug, log_format::json}, client_log_out};
    std::optional<mlc::sim::sap::simulator> sim;
    boost::asio::io_context ioc;
    std::optional<http::client> http_client;
    std::optional<sap::session> session;

    void start(mlc::sim::sap::sim_config cfg = {}, sap::options opts = {}, std::string password = "manager",
               steady_clock_fn now = steady_now) {
        cfg.seed.orders = 5;
        sim.emplace(cfg, sim_log);
        sim->state().set_session_clock(now);
        sim->start();
        http_client.emplace(ioc.get_executor(), sim->service_root(GetParam()));
        sap_config sc;
        sc.url = sim->service_root(GetParam());
        sc.company_db = "SBODEMOUS";
        sc.username = "manager";
        sc.password = secret(password);
        opts.get_retry.base_delay = 1ms;
        session.emplace(*http_client, sc, opts, client_log, now);
    }

    clients::outcome<http::response> get(std::string target) {
        sap::sap_request r;
        r.target = std::move(target);
        return run_coro(ioc, session->execute(std::move(r)));
    }

    clients::outcome<http::response> post(std::string target, std::string body,
                                          std::optional<bool> replay = {}) {
        sap::sap_request r;
        r.method = bhttp::verb::post;
        r.target = std::move(target);
        r.body = std::move(body);
        r.replay_safe = replay;
        return run_coro(ioc, session->execute(std::move(r)));
    }

    std::uint64_t logins() { return sim->state().counters().logins; }
};

TEST_P(sap_session_test, one_login_serves_many_requests_with_both_cookies) {
    start();
    for (int i = 0; i < 3; ++i) {
        auto res = get("/Orders?$top=1");
        ASSERT_TRUE(res) << res.error().describe();
    }
    EXPECT_EQ(logins(), 1u);
    EXPECT_EQ(session->stats().logins.load(), 1u);
    auto info = session->last_login();
    ASSERT_TRUE(info);
    EXPECT_EQ(info->session_timeout, 30min);
    EXPECT_TRUE(info->timeout_reported);
    EXPECT_EQ(info->version, "1000191");
    EXPECT_EQ(info->cookies.routeid, ".node1");
}

TEST_P(sap_session_test, fifty_concurrent_callers_share_exactly_one_login) {
    start();
    std::vector<std::future<clients::outcome<http::response>>> results;
    for (int i = 0; i < 50; ++i) {
        sap::sap_request r;
        r.target = "/Orders?$top=1";
        results.push_back(
            boost::asio::co_spawn(ioc, session->execute(std::move(r)), boost::asio::use_future));
    }
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) threads.emplace_back([&] { ioc.run(); });
    for (auto& t : threads) t.join();
    for (auto& f : results) {
        auto res = f.get();
        EXPECT_TRUE(res) << res.error().describe();
    }
    EXPECT_EQ(logins(), 1u);
}

TEST_P(sap_session_test, expired_session_is_renewed_once_and_the_get_replayed) {
    start();
    ASSERT_TRUE(get("/Orders?$top=1"));
    sim->state().expire_sessions();
    auto res = get("/Orders?$top=1");
    ASSERT_TRUE(res) << res.error().describe();
    EXPECT_EQ(logins(), 2u);
    EXPECT_EQ(session->stats().renewed_on_401.load(), 1u);
}

TEST_P(sap_session_test, expired_session_is_not_replayed_for_an_unsafe_post) {
    start();
    ASSERT_TRUE(get("/Orders?$top=1"));
    sim->state().expire_sessions();
    auto res = post("/DeliveryNotes", R"({"CardCode":"C40000","DocumentLines":[]})");
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().kind, clients::error_kind::session_lost);
    EXPECT_EQ(res.error().code, "301");
    ASSERT_TRUE(get("/Orders?$top=1"));  // the next request logs in
    EXPECT_EQ(logins(), 2u);
}

TEST_P(sap_session_test, business_5002_with_a_live_session_is_returned_with_saps_message) {
    start();
    auto res = post("/DeliveryNotes", R"({"CardCode":"C40000","DocumentLines":[]})");
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().kind, clients::error_kind::refused);
    EXPECT_EQ(res.error().code, "-5002");
    EXPECT_EQ(res.error().message, "Cannot add a document without lines");
    EXPECT_EQ(logins(), 1u);
    EXPECT_EQ(session->stats().renewed_on_5002.load(), 0u);
}

TEST_P(sap_session_test, post_committed_then_answered_502_is_in_doubt) {
    start();
    ASSERT_TRUE(get("/Orders?$top=1"));
    mlc::sim::sap::fault_plan faults;
    faults.commit_then_fail_count = 1;
    faults.commit_then_fail_status = 502;
    sim->state().set_faults(faults);
    auto order = boost::json::parse(get("/Orders?$top=1")->body()).at("value").at(0).as_object();
    std::string body = R"({"CardCode":")" + std::string(order.at("CardCode").as_string()) +
                       R"(","DocumentLines":[{"BaseType":17,"BaseEntry":)" +
                       std::to_string(order.at("DocEntry").to_number<std::int64_t>()) +
                       R"(,"BaseLine":0,"Quantity":1}]})";
    auto res = post("/DeliveryNotes", body);
    ASSERT_FALSE(res);
    EXPECT_EQ(res.error().kind, clients::error_kind::in_doubt);
    EXPECT_EQ(res.error().http_status, 502u);
    EXPECT_EQ(sim->state().counters().requests["POST " + http_client->base_path() + "/DeliveryNotes"], 1u);
}

TEST_P(sap_session_test, get_is_retried_on_503) {
    start();
    ASSERT_TRUE(get("/Orders?$top=1"));
    mlc::sim::sap::fault_plan faults;
    faults.fail_count = 2;
    faults.fail_status = 503;
    sim->state().set_faults(faults);
    auto res = get("/Orders?$top=1");
    ASSERT_TRUE(res) << res.error().describe();
}

TEST_P(sap_session_test, wrong_password_fails_clearly_and_pauses_further_logins) {
    sap::options opts;
    opts.timing.login_backoff_base = 10s;
    start({}, opts, "wrong");
    auto first = get("/Orders?$top=1");
    ASSERT_FALSE(first);
    EXPECT_EQ(first.error().kind, clients::error_kind::unauthorized);
    EXPECT_NE(first.error().message.find("SBODEMOUS"), std::string::npos);
    EXPECT_NE(first.error().message.find("manager"), std::string::npos);
    EXPECT_EQ(first.error().message.find("wrong"), std::string::npos);
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(get("/Orders?$top=1"));
    EXPECT_EQ(sim->state().counters().failed_logins, 1u);  // the pause holds the other attempts back
    EXPECT_EQ(client_log_out.str().find("wrong"), std::string::npos);
}

TEST_P(sap_session_test, keep_alive_holds_the_session_through_a_quiet_period) {
    // Client and server age the session by one clock the test moves: the quiet period takes no real time.
    manual_steady_clock clock;
    mlc::sim::sap::sim_config cfg;
    cfg.session_timeout = 1500ms;  // reported as SessionTimeout 1 (minutes are the wire's unit)
    sap::options opts;
    opts.timing.keep_alive_margin = 60s - 700ms;  // keep-alive due 700 ms after the last request
    opts.keep_alive_poll = 50ms;
    start(cfg, opts, "manager", clock.fn());
    ASSERT_TRUE(get("/Orders?$top=1"));
    const auto keep_alives_served = [&] {
        return sim->state().counters().requests["GET " + http_client->base_path() + "/ShippingTypes"];
    };
    auto loop = boost::asio::co_spawn(ioc, session->run_keep_alive(), boost::asio::use_future);
    std::thread runner([&] { ioc.run(); });
    // 3500 ms in all, more than twice the server's idle timeout. Each step waits for its keep-alive to reach
    // the server, so no two steps pass between two requests (1400 ms, still within the timeout).
    for (std::uint64_t i = 1; i <= 5; ++i) {
        clock.advance(700ms);
        EXPECT_TRUE(wait_until([&] { return keep_alives_served() == i; }, 30s)) << "keep-alive " << i;
    }
    session->stop();
    runner.join();
    loop.get();
    ioc.restart();
    EXPECT_EQ(session->stats().keep_alives.load(), 5u);
    ASSERT_TRUE(get("/Orders?$top=1"));
    EXPECT_EQ(logins(), 1u);
    EXPECT_EQ(sim->state().counters().unauthorized, 0u);
}

TEST_P(sap_session_test, logout_ends_the_session_and_the_next_request_logs_in) {
    start();
    ASSERT_TRUE(get("/Orders?$top=1"));
    run_coro(ioc, session->logout());
    EXPECT_EQ(sim->state().counters().logouts, 1u);
    ASSERT_TRUE(get("/Orders?$top=1"));
    EXPECT_EQ(logins(), 2u);
}

INSTANTIATE_TEST_SUITE_P(versions, sap_session_test, ::testing::Values(sim_version::v1, sim_version::v2),
                         [](const auto& p) { return p.param == sim_version::v1 ? "v1" : "v2"; });

}  // namespace
}  // namespace mlc::test
