// Integration tests of the pool's bounded queue against a real PostgreSQL: beyond the limit run() refuses at
// once, and work whose caller was cancelled while it waited is not run.
#include "db/database.hpp"
#include "tests/support/pg_schema_fixture.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/system/system_error.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace mlc::test {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Polls `done` for up to 10 s; returns whether it became true.
template <class P>
bool eventually(P done) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

// A pool of one connection whose only slot a test holds busy until release(), and an io_context running on
// its own thread for the callers.
class db_pool_queue : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        auto c = config(1);
        c.queue_limit = 2;
        database = std::make_unique<db::database>(c, log());
        io = std::jthread([this] { ioc.run(); });
        held = asio::co_spawn(ioc, database->run([this](pqxx::work&) {
            while (!released.load()) std::this_thread::sleep_for(1ms);
        }),
                              asio::use_future);
        ASSERT_TRUE(eventually([this] { return database->stats().in_use == 1; }));
    }
    void TearDown() override {
        release();
        guard.reset();
        io = {};
        database->close();
        pg_schema_fixture::TearDown();
    }
    void release() { released = true; }

    // Queues an operation that records that its body ran.
    std::future<int> queue_one(std::atomic<int>& ran) {
        return asio::co_spawn(ioc, database->run([&ran](pqxx::work&) { return ++ran; }), asio::use_future);
    }

    asio::io_context ioc;
    asio::executor_work_guard<asio::io_context::executor_type> guard = asio::make_work_guard(ioc);
    std::unique_ptr<db::database> database;
    std::atomic<bool> released{false};
    std::future<void> held;
    std::jthread io;
};

TEST_F(db_pool_queue, beyond_the_limit_run_throws_database_busy_without_running_f) {
    std::atomic<int> ran{0};
    auto first = queue_one(ran);
    auto second = queue_one(ran);
    ASSERT_TRUE(eventually([this] { return database->stats().queued == 2; }));
    auto third = queue_one(ran);
    ASSERT_EQ(third.wait_for(10s), std::future_status::ready);  // refused at once, the slot still held
    EXPECT_THROW(third.get(), db::database_busy);
    EXPECT_EQ(ran.load(), 0);
    release();
    held.get();
    EXPECT_GE(first.get(), 1);
    EXPECT_GE(second.get(), 1);
    EXPECT_EQ(ran.load(), 2);
    // With the queue drained, work is taken again.
    EXPECT_EQ(queue_one(ran).get(), 3);
}

TEST_F(db_pool_queue, a_caller_cancelled_while_queued_gets_operation_aborted_and_f_never_runs) {
    std::atomic<int> ran{0};
    asio::cancellation_signal cancel;
    auto cancelled = asio::co_spawn(ioc, database->run([&ran](pqxx::work&) { return ++ran; }),
                                    asio::bind_cancellation_slot(cancel.slot(), asio::use_future));
    auto other = queue_one(ran);
    ASSERT_TRUE(eventually([this] { return database->stats().queued == 2; }));
    // Emitted on the callers' executor, as a session's cancellation would be.
    std::promise<void> emitted;
    asio::post(ioc, [&] {
        cancel.emit(asio::cancellation_type::terminal);
        emitted.set_value();
    });
    emitted.get_future().get();
    release();
    try {
        cancelled.get();
        FAIL() << "expected operation_aborted";
    } catch (const boost::system::system_error& e) {
        EXPECT_EQ(e.code(), asio::error::operation_aborted) << e.what();
    }
    EXPECT_EQ(other.get(), 1);  // the other waiter ran, and it was the only body that did
    EXPECT_EQ(ran.load(), 1);
}

}  // namespace
}  // namespace mlc::test
