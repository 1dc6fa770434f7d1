// The loop every flow's workers run: wake-ups, failures, cancellation, a finished worker, stop. Pauses are an
// hour long, so nothing here advances by time: only wake-ups, stop() and the steps' own answers move a
// worker.
#include "flows/worker_loop.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

namespace mlc::flows {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr std::chrono::milliseconds an_hour = 1h;

// Suspends the calling step so that handlers already posted run first.
asio::awaitable<void> let_others_run() {
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
}

struct worker_loop_test : ::testing::Test {
    std::ostringstream log_out;
    logger log{{log_level::info, log_format::json}, log_out};
    asio::io_context io;
    worker_set workers{io.get_executor(), log};
    bool all_stopped = false;

    // Runs until every worker has ended; a broken loop that waits for its hour fails here instead of hanging.
    void run_until_stopped() {
        asio::co_spawn(
            io,
            [this]() -> asio::awaitable<void> {
                co_await workers.wait_stopped();
                all_stopped = true;
            },
            asio::detached);
        io.run_for(30s);
        ASSERT_TRUE(all_stopped) << "a worker is still waiting";
    }
};

TEST_F(worker_loop_test, a_wake_up_during_a_step_runs_the_step_again_at_once) {
    int runs = 0;
    workers.add({.name = "test.worker",
                 .group = "g",
                 .step = [&]() -> asio::awaitable<next_run> {
                     if (++runs == 1) {
                         workers.wake("g");
                         co_await let_others_run();  // the wake-up is handled while this step runs
                     } else {
                         workers.stop();
                     }
                     co_return next_run::after(an_hour);
                 },
                 .pause_after_failure = [] { return an_hour; }});
    workers.start();
    run_until_stopped();
    EXPECT_EQ(runs, 2);
}

TEST(worker_loop, a_worker_about_to_pause_says_so_at_debug_level) {
    std::ostringstream out;
    logger log{{log_level::debug, log_format::json}, out};
    asio::io_context io;
    worker_set workers{io.get_executor(), log};
    workers.add({.name = "orders.poll",
                 .group = "poll",
                 .step = [&]() -> asio::awaitable<next_run> {
                     workers.stop();  // handled once the pause has begun
                     co_return next_run::after(std::chrono::milliseconds(1500));
                 },
                 .pause_after_failure = [] { return an_hour; }});
    workers.start();
    io.run_for(30s);
    EXPECT_NE(out.str().find(R"("event":"orders.poll_waiting","pause_ms":1500)"), std::string::npos)
        << out.str();
}

TEST_F(worker_loop_test, a_wake_up_ends_the_pause_of_its_group_only) {
    int woken_runs = 0, other_runs = 0;
    workers.add({.name = "test.woken",
                 .group = "jobs",
                 .step = [&]() -> asio::awaitable<next_run> {
                     if (++woken_runs == 2) workers.stop();
                     co_return next_run::after(an_hour);
                 },
                 .pause_after_failure = [] { return an_hour; }});
    workers.add({.name = "test.other",
                 .group = "reconcile",
                 .step = [&]() -> asio::awaitable<next_run> {
                     ++other_runs;
                     workers.wake("jobs");  // both are in their pause when this is handled
                     co_return next_run::after(an_hour);
                 },
                 .pause_after_failure = [] { return an_hour; }});
    workers.start();
    run_until_stopped();
    EXPECT_EQ(woken_runs, 2);
    EXPECT_EQ(other_runs, 1);
}

TEST_F(worker_loop_test, a_failed_step_is_logged_with_its_pause_and_the_worker_goes_on) {
    int runs = 0;
    workers.add({.name = "test.worker",
                 .group = "g",
                 .step = [&]() -> asio::awaitable<next_run> {
                     if (++runs == 1) {
                         workers.wake("g");  // ends the pause after the failure
                         throw std::runtime_error("ShipStation said no");
                     }
                     workers.stop();
                     co_return next_run::after(an_hour);
                 },
                 .pause_after_failure = [] { return std::chrono::milliseconds(90'000); },
                 .failure_level = log_level::warn});
    workers.start();
    run_until_stopped();
    EXPECT_EQ(runs, 2);
    auto line = log_out.str();
    EXPECT_NE(line.find(R"("event":"test.worker_failed")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("level":"warn")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("error":"ShipStation said no")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("retry_in_ms":90000)"), std::string::npos) << line;
}

TEST_F(worker_loop_test, a_cancelled_call_ends_the_worker_and_its_on_stop_runs) {
    int runs = 0, on_stop_runs = 0;
    workers.add({.name = "test.worker",
                 .group = "g",
                 .step = [&]() -> asio::awaitable<next_run> {
                     ++runs;
                     throw boost::system::system_error(asio::error::operation_aborted);
                     co_return next_run::at_once();
                 },
                 .pause_after_failure = [] { return an_hour; },
                 .on_stop = [&]() -> asio::awaitable<void> {
                     ++on_stop_runs;
                     co_return;
                 }});
    workers.start();
    run_until_stopped();  // without stop(): the cancellation alone ends it
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(on_stop_runs, 1);
    EXPECT_EQ(log_out.str().find("_failed"), std::string::npos) << "a shutdown is not a failure";
}

TEST_F(worker_loop_test, a_finished_worker_ends_while_the_others_run_on) {
    int subscribe_runs = 0, job_runs = 0;
    workers.add({.name = "test.subscribe",
                 .group = "subscribe",
                 .step = [&]() -> asio::awaitable<next_run> {
                     ++subscribe_runs;
                     co_return next_run::never();
                 },
                 .pause_after_failure = [] { return an_hour; }});
    workers.add({.name = "test.jobs",
                 .group = "jobs",
                 .step = [&]() -> asio::awaitable<next_run> {
                     // At once three times, then stop: a finished neighbour must not end this one.
                     if (++job_runs == 3) workers.stop();
                     co_return job_runs < 3 ? next_run::at_once() : next_run::after(an_hour);
                 },
                 .pause_after_failure = [] { return an_hour; }});
    workers.start();
    run_until_stopped();
    EXPECT_EQ(subscribe_runs, 1);
    EXPECT_EQ(job_runs, 3);
}

TEST_F(worker_loop_test, stop_ends_a_pause_and_every_on_stop_runs_once) {
    int runs = 0, on_stop_runs = 0;
    for (int i = 0; i < 3; ++i)
        workers.add({.name = "test.worker",
                     .group = "g",
                     .step = [&]() -> asio::awaitable<next_run> {
                         if (++runs == 3) workers.stop();  // the other two are in their hour-long pause
                         co_return next_run::after(an_hour);
                     },
                     .pause_after_failure = [] { return an_hour; },
                     .on_stop = [&]() -> asio::awaitable<void> {
                         ++on_stop_runs;
                         co_return;
                     }});
    workers.start();
    run_until_stopped();
    EXPECT_EQ(runs, 3);
    EXPECT_EQ(on_stop_runs, 3);
}

}  // namespace
}  // namespace mlc::flows
