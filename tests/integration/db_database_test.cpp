// Integration tests of the connection pool against a real PostgreSQL: results, retries, recovery, timeouts.
#include "db/conninfo.hpp"
#include "db/database.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"
#include "tests/support/test_env.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>
#include <pqxx/except>
#include <pqxx/nontransaction>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <set>
#include <thread>

namespace mlc::test {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

class db_database : public pg_schema_fixture {
protected:
    // Runs `n` operations at once, each waiting inside f until all n are in, so n pool slots are connected.
    // Returns the largest in_use seen from inside. Gives up waiting after 10 s (the test then fails).
    std::size_t occupy_slots(db::database& database, int n) {
        std::atomic<int> inside{0};
        std::atomic<std::size_t> max_in_use{0};
        asio::io_context ioc;
        std::vector<std::future<void>> done;
        for (int i = 0; i < n; ++i) {
            done.push_back(asio::co_spawn(ioc, database.run([&](pqxx::work& w) {
                w.exec1("SELECT 1");
                inside.fetch_add(1);
                auto deadline = std::chrono::steady_clock::now() + 10s;
                while (inside.load() < n && std::chrono::steady_clock::now() < deadline) {
                    std::this_thread::sleep_for(1ms);
                }
                std::size_t now = database.stats().in_use;
                std::size_t seen = max_in_use.load();
                while (now > seen && !max_in_use.compare_exchange_weak(seen, now)) {
                }
            }),
                                          asio::use_future));
        }
        ioc.run();
        for (auto& f : done) f.get();
        EXPECT_EQ(inside.load(), n);
        return max_in_use.load();
    }

    std::set<int> backend_pids(db::database& database, int calls) {
        std::set<int> pids;
        for (int i = 0; i < calls; ++i) {
            pids.insert(run_coro(
                database.run([](pqxx::work& w) { return w.exec1("SELECT pg_backend_pid()")[0].as<int>(); })));
        }
        return pids;
    }
};

TEST_F(db_database, run_returns_the_result_of_f) {
    EXPECT_EQ(run([](pqxx::work& w) { return w.exec1("SELECT 41 + 1")[0].as<int>(); }), 42);
    EXPECT_EQ(run([](pqxx::work& w) { return w.exec1("SELECT 'text'")[0].as<std::string>(); }), "text");
}

TEST_F(db_database, run_commits_void_work) {
    run([](pqxx::work& w) { w.exec0("CREATE TABLE t (v int)"); });
    run([](pqxx::work& w) { w.exec0("INSERT INTO t VALUES (7)"); });
    EXPECT_EQ(sql("SELECT v FROM t")[0][0].as<int>(), 7);
}

TEST_F(db_database, an_exception_from_f_propagates_and_rolls_back) {
    run([](pqxx::work& w) { w.exec0("CREATE TABLE t (v int)"); });
    struct boom : std::runtime_error {
        boom() : std::runtime_error("boom") {}
    };
    EXPECT_THROW(run([](pqxx::work& w) {
                     w.exec0("INSERT INTO t VALUES (1)");
                     throw boom{};
                 }),
                 boom);
    EXPECT_EQ(sql("SELECT count(*) FROM t")[0][0].as<int>(), 0);
    EXPECT_THROW(run([](pqxx::work& w) { w.exec0("SELECT * FROM no_such_table"); }), pqxx::undefined_table);
}

TEST_F(db_database, f_runs_on_a_pool_thread_and_the_caller_resumes_on_its_own) {
    asio::io_context ioc;
    auto caller = std::this_thread::get_id();
    auto ids = run_coro(ioc, [&]() -> asio::awaitable<std::pair<std::thread::id, std::thread::id>> {
        auto inside = co_await db().run([](pqxx::work&) { return std::this_thread::get_id(); });
        co_return std::pair{inside, std::this_thread::get_id()};
    }());
    EXPECT_NE(ids.first, caller);
    EXPECT_EQ(ids.second, caller);
}

TEST_F(db_database, run_on_connection_gives_the_session) {
    auto pid = run_coro(db().run_on_connection([](pqxx::connection& c) {
        pqxx::nontransaction n(c);
        return n.exec1("SELECT pg_backend_pid()")[0].as<int>();
    }));
    EXPECT_GT(pid, 0);
    run_coro(db().run_on_connection([](pqxx::connection&) {}));
}

TEST_F(db_database, connections_carry_the_configured_settings) {
    auto c = config(1);
    c.statement_timeout = 1234ms;
    db::database database(c, log());
    auto row = run_coro(database.run([](pqxx::work& w) {
        auto r = w.exec1(
            "SELECT current_setting('application_name'), current_setting('statement_timeout'), "
            "current_schema()");
        return std::tuple{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>()};
    }));
    EXPECT_EQ(std::get<0>(row), "ml-connector");
    EXPECT_EQ(std::get<1>(row), "1234ms");
    EXPECT_EQ(std::get<2>(row), schema());
}

TEST_F(db_database, a_schema_name_needing_quotes_works) {
    const std::string odd = schema() + " Odd \"name\"";
    sql("CREATE SCHEMA " + db::quote_identifier(odd));
    auto c = config(1);
    c.schema = odd;
    {
        db::database database(c, log());
        EXPECT_EQ(run_coro(database.run(
                      [](pqxx::work& w) { return w.exec1("SELECT current_schema()")[0].as<std::string>(); })),
                  odd);
    }
    sql("DROP SCHEMA " + db::quote_identifier(odd) + " CASCADE");
}

TEST_F(db_database, statement_timeout_is_enforced) {
    auto c = config(1);
    c.statement_timeout = 200ms;
    db::database database(c, log());
    auto started = std::chrono::steady_clock::now();
    EXPECT_THROW(run_coro(database.run([](pqxx::work& w) { w.exec("SELECT pg_sleep(5)"); })),
                 pqxx::sql_error);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
    // The connection is still usable afterwards.
    EXPECT_EQ(run_coro(database.run([](pqxx::work& w) { return w.exec1("SELECT 1")[0].as<int>(); })), 1);
}

TEST_F(db_database, stats_count_operations_in_flight) {
    db::database database(config(2), log());
    EXPECT_EQ(database.stats().size, 2u);
    EXPECT_EQ(database.stats().in_use, 0u);
    EXPECT_EQ(run_coro(database.run([&](pqxx::work&) { return database.stats().in_use; })), 1u);
    EXPECT_EQ(occupy_slots(database, 2), 2u);
    EXPECT_EQ(database.stats().in_use, 0u);
}

TEST_F(db_database, rolled_back_transactions_are_retried_up_to_three_times) {
    int calls = 0;
    EXPECT_EQ(run([&](pqxx::work&) {
                  if (++calls < 3) throw pqxx::serialization_failure("could not serialize access");
                  return calls;
              }),
              3);
    calls = 0;
    EXPECT_THROW(run([&](pqxx::work&) {
                     ++calls;
                     throw pqxx::deadlock_detected("deadlock detected");
                 }),
                 pqxx::deadlock_detected);
    EXPECT_EQ(calls, 3);
}

TEST_F(db_database, broken_connection_is_retried_once_and_in_doubt_never) {
    int calls = 0;
    EXPECT_THROW(run([&](pqxx::work&) {
                     ++calls;
                     throw pqxx::broken_connection("gone");
                 }),
                 pqxx::broken_connection);
    EXPECT_EQ(calls, 2);
    calls = 0;
    EXPECT_THROW(run([&](pqxx::work&) {
                     ++calls;
                     throw pqxx::in_doubt_error("commit outcome unknown");
                 }),
                 pqxx::in_doubt_error);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(run([](pqxx::work& w) { return w.exec1("SELECT 1")[0].as<int>(); }), 1);
}

TEST_F(db_database, recovers_after_its_backends_are_terminated) {
    db::database database(config(2), log());
    occupy_slots(database, 2);
    auto before = backend_pids(database, 4);
    auto killed = sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                      "WHERE application_name = 'ml-connector' AND datname = current_database()")[0][0]
                      .as<int>();
    EXPECT_GE(killed, 2);
    // Every slot meets its dead connection once; each call must still succeed.
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(run_coro(database.run(
                      [](pqxx::work& w) { return w.exec1("SELECT current_schema()")[0].as<std::string>(); })),
                  schema());
    }
    EXPECT_EQ(occupy_slots(database, 2), 2u);  // the other slot recovers too
    auto after = backend_pids(database, 4);
    for (int pid : after) EXPECT_EQ(before.count(pid), 0u) << "still on terminated backend " << pid;
}

// A session that finds its server read-only (a standby reached through a DNS name that moved) is replaced,
// not kept: the write runs again on a new connection. Here the session itself is made read-only.
TEST_F(db_database, a_connection_that_refuses_writes_is_replaced_and_the_write_retried) {
    sql("CREATE TABLE writes (n int)");
    db::database database(config(1), log());
    int read_only_pid = run_coro(database.run_on_connection([](pqxx::connection& c) {
        pqxx::nontransaction t(c);
        t.exec0("SET SESSION default_transaction_read_only = on");  // breaks the contract on purpose
        return c.backendpid();
    }));
    int attempts = 0;
    int writer_pid = run_coro(database.run([&](pqxx::work& w) {
        ++attempts;
        w.exec0("INSERT INTO writes VALUES (1)");
        return w.conn().backendpid();
    }));
    EXPECT_EQ(attempts, 2);
    EXPECT_NE(writer_pid, read_only_pid);
    EXPECT_EQ(sql("SELECT count(*) FROM writes")[0][0].as<int>(), 1);
}

TEST_F(db_database, recovers_after_a_postgresql_restart) {
    db::database database(config(2), log());
    occupy_slots(database, 2);
    auto command = test_pg_restart_command() + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(run_coro(database.run(
                      [](pqxx::work& w) { return w.exec1("SELECT current_schema()")[0].as<std::string>(); })),
                  schema());
    }
    EXPECT_EQ(occupy_slots(database, 2), 2u);
}

TEST_F(db_database, close_waits_for_in_flight_work_then_refuses_more) {
    db::database database(config(1), log());
    asio::io_context ioc;
    auto result = asio::co_spawn(ioc, database.run([](pqxx::work& w) {
        w.exec("SELECT pg_sleep(0.3)");
        return 5;
    }),
                                 asio::use_future);
    std::thread io([&] { ioc.run(); });
    for (int i = 0; i < 1000 && database.stats().in_use == 0; ++i) std::this_thread::sleep_for(1ms);
    EXPECT_EQ(database.stats().in_use, 1u);
    database.close();
    io.join();
    EXPECT_EQ(result.get(), 5);
    EXPECT_THROW(run_coro(database.run([](pqxx::work&) {})), db::database_closed);
    database.close();  // idempotent
}

TEST_F(db_database, a_key_value_connection_string_gets_the_settings_too) {
    database_config c;
    c.url = secret("host=127.0.0.1 port=5432 dbname=mlc user=me password='it\\'s'");
    c.schema = "s";
    auto info = db::make_conninfo(c);
    EXPECT_NE(info.find("host='127.0.0.1'"), std::string::npos) << info;
    EXPECT_NE(info.find("application_name='ml-connector'"), std::string::npos) << info;
    EXPECT_NE(info.find("password='it\\'s'"), std::string::npos);  // re-quoted, not lost
    EXPECT_NE(info.find("connect_timeout=5"), std::string::npos) << info;
    EXPECT_NE(info.find("options='-c statement_timeout=5000 -c search_path=\"s\"'"), std::string::npos)
        << info;
}

TEST_F(db_database, invalid_configuration_is_rejected_at_construction) {
    auto c = config(0);
    EXPECT_THROW(db::database(c, log()), std::invalid_argument);
    c = config(1);
    c.url = secret("postgresql://user:hunter2@127.0.0.1:5432/db?no_such_option=1");
    try {
        db::database bad(c, log());
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos);
    }
}

}  // namespace
}  // namespace mlc::test
