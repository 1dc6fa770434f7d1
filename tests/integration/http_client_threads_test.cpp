// Integration test of the outbound HTTP client on an io_context run by two threads: deadlines that expire as
// the responses arrive.
#include "clients/http/client.hpp"
#include "tests/support/client_config_with.hpp"
#include "tests/support/scripted_http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace mlc::test {
namespace {

namespace asio = boost::asio;
namespace http = clients::http;
using clock_type = std::chrono::steady_clock;
using outcome = boost::system::result<http::response, http::transport_error>;

constexpr int io_threads = 2;

struct http_client_threads_test : ::testing::Test {
    asio::io_context ioc{io_threads};
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(ioc);
    std::vector<std::thread> threads;

    void SetUp() override {
        for (int i = 0; i < io_threads; ++i) threads.emplace_back([this] { ioc.run(); });
    }

    void TearDown() override {
        work.reset();
        for (auto& t : threads) t.join();
    }
};

TEST_F(http_client_threads_test, responses_racing_their_deadlines_are_answers_or_timeouts) {
    scripted_http_server srv([](const scripted_request&) { return scripted_action::reply(200, "{}"); });
    // Connections are kept and reused, so they also pass from one thread to the other through the pool.
    http::client c(ioc.get_executor(), "http://127.0.0.1:" + std::to_string(srv.port()),
                   client_config_with([](http::client_config& cfg) { cfg.max_idle_connections = 16; }));
    // Waves of 16 requests in flight keep both threads busy; their deadlines, 0 to 3.75 ms after the wave
    // starts, fall before, during and after the exchanges, so a stream's timer handler and its I/O completion
    // are often ready at once. Only the connection's strand keeps them from running together: without it this
    // test saw timeouts reported as "Bad file descriptor" or "Operation canceled", Beast's assertion
    // `! state.timeout` fail, and ThreadSanitizer (-DMLC_SANITIZE=thread) report the races on every run.
    for (int wave = 0; wave < 20; ++wave) {
        std::vector<std::future<outcome>> results;
        auto start = clock_type::now();
        for (int i = 0; i < 16; ++i) {
            http::outbound_request req;
            req.target = "/Orders";
            req.replay_safe = true;
            req.deadline = start + std::chrono::microseconds(250 * i);
            results.push_back(asio::co_spawn(ioc, c.send(std::move(req)), asio::use_future));
        }
        for (auto& f : results) {
            auto res = f.get();
            if (res)
                EXPECT_EQ(res->result_int(), 200u);
            else
                EXPECT_EQ(res.error().what, http::failure::timeout) << res.error().describe();
        }
    }
}

}  // namespace
}  // namespace mlc::test
