// Fail-over proof with two local PostgreSQL servers: the real service and a job queue on a multi-host URL
// (target_session_attrs=read-write) while the primary stops and its streaming standby is promoted.
#include "db/database.hpp"
#include "db/job_queue.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/run_coro.hpp"
#include "tests/support/test_env.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <gtest/gtest.h>
#include <pqxx/connection>
#include <pqxx/transaction>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using clock_type = std::chrono::steady_clock;

constexpr const char* job_kind = "failover_probe";
constexpr int job_count = 400;
constexpr int worker_count = 3;
constexpr std::chrono::milliseconds lease{3000};
// What the service may take to notice each change: /readyz turns 503 after the primary stops, and 200 again
// after the standby is promoted (the pool's reconnect backoff is at most 2 s).
constexpr std::chrono::milliseconds outage_seen_within{5000};
constexpr std::chrono::milliseconds recovery_within{8000};

std::string pg_bin() {
    const char* custom = std::getenv("MLC_PG_BIN");
    return custom != nullptr && *custom != '\0' ? custom : "/usr/lib/postgresql/15/bin";
}

long ms_since(clock_type::time_point began) {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - began).count());
}

// The KEY='value' lines scripts/pg-pair.sh prints.
std::map<std::string, std::string> parse_assignments(const std::string& text) {
    std::map<std::string, std::string> out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        auto eq = line.find('=');
        if (eq == std::string::npos || line.size() < eq + 3) continue;
        out[line.substr(0, eq)] = line.substr(eq + 2, line.size() - eq - 3);
    }
    return out;
}

asio::awaitable<void> pause(std::chrono::milliseconds d) {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    co_await timer.async_wait(asio::use_awaitable);
}

// One worker: claims a job, "works" on it, then completes it and writes its side effect in one transaction,
// only while it still holds the job. Database errors (the outage) are counted and the loop goes on.
asio::awaitable<void> work_jobs(db::database& db, std::string owner, const std::atomic<bool>& stop,
                                std::atomic<int>& errors) {
    while (!stop.load()) {
        bool failed = false;
        try {
            auto jobs = co_await db.run(
                [&](pqxx::work& w) { return db::job_queue::claim(w, {job_kind}, owner, lease, 1); });
            if (jobs.empty()) {
                co_await pause(50ms);
                continue;
            }
            co_await pause(20ms);  // the job's work: long enough that some is cut off by the switch
            auto id = jobs.front().id;
            co_await db.run([&](pqxx::work& w) {
                if (db::job_queue::complete(w, id, owner))
                    w.exec_params0("INSERT INTO failover_effects (job_id, owner) VALUES ($1, $2)", id, owner);
            });
        } catch (const std::exception&) {
            ++errors;
            failed = true;
        }
        if (failed) co_await pause(100ms);
    }
}

class db_failover : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(pg_bin() + "/pg_basebackup") ||
            !std::filesystem::exists(pg_bin() + "/pg_ctl"))
            GTEST_SKIP() << "PostgreSQL 15 server binaries not found in " << pg_bin()
                         << " (apt-get install postgresql-15, or set MLC_PG_BIN): the fail-over test needs "
                            "two servers";
        dir_ = std::filesystem::temp_directory_path() / ("mlc-failover-" + std::to_string(::getpid()));
        auto started = pair("start", 60s);
        ASSERT_EQ(started.exit_code, 0) << started.err;
        auto vars = parse_assignments(started.out);
        url_ = vars["MLC_PAIR_URL"];
        standby_port_ = vars["MLC_PAIR_STANDBY_PORT"];
        ASSERT_FALSE(url_.empty()) << started.out;
    }

    void TearDown() override {
        service_.reset();
        if (!dir_.empty()) pair("stop", 60s);
    }

    process_result pair(const std::string& command, std::chrono::milliseconds timeout) {
        std::map<std::string, std::string> env;
        if (const char* custom = std::getenv("MLC_PG_BIN")) env["MLC_PG_BIN"] = custom;
        return run_process(source_path("scripts/pg-pair.sh"), {command, dir_.string()}, env, timeout);
    }

    void start_service() {
        std::map<std::string, std::string> env{{"MLC_DATABASE_URL", url_},
                                               {"MLC_LISTEN", "127.0.0.1:0"},
                                               {"MLC_MANAGEMENT_LISTEN", "127.0.0.1:0"},
                                               {"MLC_DB_CONNECT_TIMEOUT", "2s"},
                                               {"MLC_LOG_FORMAT", "json"},
                                               {"MLC_SHUTDOWN_GRACE", "5s"}};
        service_ = std::make_unique<child_process>(connector_binary(), std::vector<std::string>{"run"}, env);
        management_port_ = wait_for_listen_port(*service_, 60s, "management_listen");
        ASSERT_NE(management_port_, 0) << service_->stderr_text();
    }

    // /readyz's status and body; 0 when the probe itself failed (connection refused, timeout).
    std::pair<int, std::string> readyz() const {
        try {
            http_test_client probe(management_port_, 2s);
            auto r = probe.get("/readyz");
            return {static_cast<int>(r.result_int()), r.body()};
        } catch (const std::exception& e) {
            return {0, e.what()};
        }
    }

    // Polls /readyz until it answers `status`; returns how long that took, or -1 after `within`.
    long wait_for_readyz(int status, std::chrono::milliseconds within, std::string& body) const {
        auto began = clock_type::now();
        while (clock_type::now() - began < within) {
            auto [got, text] = readyz();
            body = text;
            if (got == status) return ms_since(began);
            std::this_thread::sleep_for(100ms);
        }
        return -1;
    }

    database_config config() const {
        database_config c;
        c.url = secret(url_);
        c.pool_size = 4;
        c.connect_timeout = 2s;
        return c;
    }

    long long count(pqxx::work& w, const std::string& query) { return w.exec1(query)[0].as<long long>(); }

    std::filesystem::path dir_;
    std::string url_;
    std::string standby_port_;
    std::unique_ptr<child_process> service_;
    std::uint16_t management_port_ = 0;
    logger log_{log_config{log_level::error, log_format::text}, std::cerr};
};

TEST_F(db_failover, the_service_and_the_queue_follow_the_primary_to_the_promoted_standby) {
    start_service();
    std::string body;
    ASSERT_GE(wait_for_readyz(200, 30s, body), 0) << body << service_->stderr_text();  // migrations applied

    db::database db(config(), log_);
    run_coro(db.run([](pqxx::work& w) {
        w.exec0("CREATE TABLE failover_effects (job_id bigint NOT NULL, owner text NOT NULL)");
        for (int i = 0; i < job_count; ++i) {
            db::job_queue::job_spec spec;
            spec.kind = job_kind;
            spec.dedupe_key = "job-" + std::to_string(i);
            db::job_queue::enqueue(w, spec);
        }
    }));

    std::atomic<bool> stop{false};
    std::atomic<int> errors{0};
    asio::io_context workers_ioc;
    for (int i = 0; i < worker_count; ++i)
        asio::co_spawn(workers_ioc, work_jobs(db, "worker-" + std::to_string(i), stop, errors),
                       asio::detached);
    std::thread workers([&] { workers_ioc.run(); });
    struct joiner {
        std::atomic<bool>& stop;
        std::thread& t;
        ~joiner() {
            stop = true;
            if (t.joinable()) t.join();
        }
    } join_workers{stop, workers};

    auto done = [&] {
        return run_coro(
            db.run([&](pqxx::work& w) { return count(w, "SELECT count(*) FROM failover_effects"); }));
    };
    while (done() < job_count / 8) std::this_thread::sleep_for(20ms);

    // A job claimed right before the switch by a worker that never finishes it: its lease must bring it back.
    auto victim = run_coro(
        db.run([](pqxx::work& w) { return db::job_queue::claim(w, {job_kind}, "victim", lease, 1); }));
    ASSERT_EQ(victim.size(), 1u);

    ASSERT_EQ(pair("stop-primary", 30s).exit_code, 0);
    long outage_ms = wait_for_readyz(503, outage_seen_within, body);
    ASSERT_GE(outage_ms, 0) << "/readyz still answers after the primary stopped: " << body;
    EXPECT_NE(body.find("database"), std::string::npos) << body;

    std::this_thread::sleep_for(1s);  // the operator (or the managed service) takes a moment to promote
    auto promoted = clock_type::now();
    ASSERT_EQ(pair("promote", 30s).exit_code, 0);
    long recovery_ms = wait_for_readyz(200, recovery_within, body);
    ASSERT_GE(recovery_ms, 0) << "/readyz did not recover within " << recovery_within.count()
                              << " ms: " << body;

    while (done() < job_count && clock_type::now() - promoted < 30s) std::this_thread::sleep_for(50ms);
    stop = true;
    workers.join();

    auto [effects, distinct, succeeded, victim_attempts] = run_coro(db.run([&](pqxx::work& w) {
        return std::tuple{
            count(w, "SELECT count(*) FROM failover_effects"),
            count(w, "SELECT count(DISTINCT job_id) FROM failover_effects"),
            count(w, "SELECT count(*) FROM job_queue WHERE kind = 'failover_probe' AND state = 'succeeded'"),
            count(w, "SELECT attempts FROM job_queue WHERE id = " + std::to_string(victim.front().id))};
    }));
    EXPECT_EQ(effects, job_count) << "every job's side effect exactly once";
    EXPECT_EQ(distinct, job_count);
    EXPECT_EQ(succeeded, job_count);
    EXPECT_EQ(victim_attempts, 2)
        << "the job claimed before the switch was taken again once its lease expired";
    // The service's pool reconnected to the promoted standby by itself (logged from the live connection).
    EXPECT_NE(service_->stderr_text().find("\"port\":\"" + standby_port_ + "\""), std::string::npos);
    std::cout << "[ fail-over ] /readyz 503 " << outage_ms << " ms after the primary stopped, 200 "
              << recovery_ms << " ms after the promotion; " << errors.load()
              << " worker operations failed during the switch\n";
}

}  // namespace
}  // namespace mlc::test
