// Fail-over proof with two local PostgreSQL servers: the real service, its leader locks and a job queue on a
// multi-host URL (target_session_attrs=read-write) while the primary stops and its streaming standby is
// promoted.
#include "db/database.hpp"
#include "db/job_queue.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/replica_cluster.hpp"
#include "tests/support/run_coro.hpp"
#include "tests/support/test_env.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <gtest/gtest.h>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include <algorithm>
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

// The leader test's replicas poll SAP and reconcile this often; a lock lost in the switch must be held again
// within one interval of the promotion, plus the time to notice and reconnect.
constexpr const char* leader_interval = "2s";
constexpr std::chrono::milliseconds relead_within{2000 + 5000};
constexpr int leader_backlog = 20;  // SAP orders the replicas push before the switch
constexpr const char* leader_schema = "leader_failover";
// The singleton loops a replica with SAP and ShipStation configured runs under a leader lock (their full
// names, as mlc_leader labels them).
const std::vector<std::string> leader_locks{"orders_poller:SBODEMOUS", "shipments_reconciler"};

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

// The value of mlc_leader{lock="<lock>"} in a /metrics text; nullopt when the series is absent.
std::optional<double> leader_gauge(const std::string& metrics, const std::string& lock) {
    const std::string series = "mlc_leader{lock=\"" + lock + "\"} ";
    auto at = metrics.find(series);
    if (at == std::string::npos) return std::nullopt;
    return std::stod(metrics.substr(at + series.size(), 32));
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

    // Sessions of the service (application_name ml-connector) the promoted standby shows holding the leader
    // lock `lock` of the leader test's schema (the key lock_session computes). Throws pqxx errors.
    long long standby_lock_holders(const std::string& lock) const {
        pqxx::connection c("host=127.0.0.1 port=" + standby_port_ + " dbname=mlc user=postgres");
        pqxx::nontransaction t(c);
        return t
            .exec_params1(
                "WITH k AS (SELECT hashtextextended($1, 0) AS key) "
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid, k "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                "AND l.classid::bigint = (k.key >> 32) & 4294967295 AND l.objid::bigint = k.key & 4294967295 "
                "AND a.application_name = 'ml-connector'",
                "mlc.leader:" + std::string(leader_schema) + ":" + lock)[0]
            .as<long long>();
    }

    // mlc_leader for `lock` on each replica's management port (-1: no series, or /metrics failed).
    static std::vector<double> leader_gauges(const std::vector<std::uint16_t>& ports,
                                             const std::string& lock) {
        std::vector<double> out;
        for (auto port : ports) {
            try {
                http_test_client c(port, 5s);
                out.push_back(leader_gauge(c.get("/metrics").body(), lock).value_or(-1));
            } catch (const std::exception&) {
                out.push_back(-1);
            }
        }
        return out;
    }

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

// Each leader lock is lost with the primary and held again on the promoted standby, by exactly one of two
// replicas: their logs say so, the new primary's pg_locks shows it, mlc_leader says so, and the orders poller
// polls again (an order entered after the switch reaches ShipStation).
TEST_F(db_failover, the_leader_locks_follow_the_primary_to_the_promoted_standby_with_one_leader_each) {
    cluster_settings settings;
    settings.database_url = url_;
    settings.schema = leader_schema;
    settings.orders = leader_backlog;
    settings.poll_interval = leader_interval;
    settings.reconcile_interval = leader_interval;
    replica_cluster cluster(settings);
    std::vector<std::uint16_t> management;
    for (std::size_t i = 0; i < 2; ++i) {
        ASSERT_TRUE(cluster.start_replica(i));
        management.push_back(wait_for_listen_port(cluster.replica(i), 5s, "management_listen"));
        ASSERT_NE(management.back(), 0) << cluster.replica(i).stderr_text();
    }
    auto one_leader_each = [&] {
        return std::all_of(leader_locks.begin(), leader_locks.end(),
                           [&](const auto& lock) { return cluster.leaders_of(lock).size() == 1; });
    };
    ASSERT_TRUE(eventually(
        [&] {
            return one_leader_each() && cluster.shipstation_orders().size() >= std::size_t{leader_backlog};
        },
        60s))
        << cluster.logs();
    std::map<std::string, std::size_t> acquired_before;
    for (const auto& lock : leader_locks) {
        acquired_before[lock] = cluster.acquisitions_of(lock);
        auto leader = cluster.leaders_of(lock).front();
        std::vector<double> gauges;
        // The follower's series appears with its first try of the lock, one interval after its start at most.
        EXPECT_TRUE(eventually(
            [&] {
                gauges = leader_gauges(management, lock);
                return gauges[leader] == 1.0 && gauges[1 - leader] == 0.0;
            },
            5s, 100ms))
            << lock << ": mlc_leader " << gauges[0] << " and " << gauges[1] << ", the leader is replica "
            << leader;
    }

    ASSERT_EQ(pair("stop-primary", 30s).exit_code, 0);
    std::this_thread::sleep_for(1s);  // the operator (or the managed service) takes a moment to promote
    ASSERT_EQ(pair("promote", 30s).exit_code, 0);
    auto promoted = clock_type::now();

    for (const auto& lock : leader_locks) {
        bool again = eventually(
            [&] {
                return cluster.acquisitions_of(lock) > acquired_before[lock] &&
                       !cluster.leaders_of(lock).empty();
            },
            relead_within -
                std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - promoted),
            50ms);
        long took = ms_since(promoted);
        ASSERT_TRUE(again) << lock << " not acquired again within " << relead_within.count()
                           << " ms of the promotion\n"
                           << cluster.logs();
        std::cout << "[ fail-over ] " << lock << " held again " << took << " ms after the promotion\n";
    }
    // Both replicas have tried the lock at least once more by now: a second leader would show within a few
    // intervals (a session still believing in a lock the old primary took with it).
    for (int sample = 0; sample < 8; ++sample) {
        for (const auto& lock : leader_locks) {
            auto leaders = cluster.leaders_of(lock);
            ASSERT_EQ(leaders.size(), 1u) << lock << ": two leaders or none\n" << cluster.logs();
            EXPECT_EQ(standby_lock_holders(lock), 1) << lock << " in the new primary's pg_locks";
            auto gauges = leader_gauges(management, lock);
            EXPECT_EQ(gauges[leaders.front()], 1.0) << lock;
            EXPECT_EQ(gauges[1 - leaders.front()], 0.0) << lock;
        }
        std::this_thread::sleep_for(500ms);
    }

    cluster.add_sap_order("PO-AFTER-SWITCH");
    EXPECT_TRUE(eventually([&] { return cluster.shipstation_orders().size() > std::size_t{leader_backlog}; },
                           relead_within + 10s, 200ms))
        << "the order entered after the switch did not reach ShipStation\n"
        << cluster.logs();
}

}  // namespace
}  // namespace mlc::test
