// Benchmark (not a test) of the ShipStation rate budget shared in PostgreSQL: for 1, 2 and 3 limiter drivers
// (replicas) with a backlog on one bucket, grants per second against the ceiling's bound and database
// statements per grant. Needs MLC_PG_URL (bench/shared_budget.sh starts a throwaway PostgreSQL).
//
// Usage: bench-shared-budget [--limit N] [--window-ms W] [--seconds S]
#include "clients/shipstation/limiter_driver.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"
#include "common/run_blocking.hpp"
#include "db/database.hpp"
#include "server/app/migrations.hpp"
#include "server/app/shared_rate_budget.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace ss = mlc::clients::shipstation;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

struct options {
    unsigned limit = 40;
    std::chrono::milliseconds window{6'000};
    std::chrono::seconds seconds{20};
};

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string_view flag = argv[i];
        long value = std::atol(argv[i + 1]);
        if (flag == "--limit") o.limit = static_cast<unsigned>(value);
        if (flag == "--window-ms") o.window = std::chrono::milliseconds(value);
        if (flag == "--seconds") o.seconds = std::chrono::seconds(value);
    }
    return o;
}

struct replica {
    replica(mlc::db::database& database, asio::io_context& ioc, const mlc::logger& log,
            std::string bucket_key, const std::string& name, const ss::rate_limiter_config& cfg)
        : budget(std::make_shared<mlc::server::app::pg_shared_budget>(
              database, mlc::server::app::budget_params_for("v1", bucket_key, name, cfg.ceiling, cfg),
              ioc.get_executor(), log)),
          driver(cfg, {}, ss::budget_link{budget, [this](ss::budget_event e) {
                                              if (e == ss::budget_event::statement) ++statements;
                                          }}) {}
    std::shared_ptr<mlc::server::app::pg_shared_budget> budget;
    std::atomic<long> statements{0}, grants{0};
    ss::limiter_driver driver;
};

// Four coroutines per replica keep a backlog: acquire, answer 200 at once, again, until `until`.
asio::awaitable<void> backlog(replica& r, steady::time_point until) {
    while (steady::now() < until) {
        auto p = co_await r.driver.acquire(ss::priority::bulk);
        ++r.grants;
        r.driver.on_response(p, 200, {});
    }
}

void run(mlc::db::database& database, const mlc::logger& log, const options& o, int n) {
    asio::io_context ioc;
    ss::rate_limiter_config cfg;
    cfg.ceiling = o.limit;
    cfg.window = o.window;
    cfg.safety = o.window / 120;  // 500 ms per minute, compressed likewise
    std::vector<std::unique_ptr<replica>> replicas;
    for (int i = 0; i < n; ++i) {
        replicas.push_back(std::make_unique<replica>(database, ioc, log, "bench-" + std::to_string(n),
                                                     "replica-" + std::to_string(i), cfg));
    }
    auto start = steady::now();
    auto until = start + o.seconds;
    for (auto& r : replicas)
        for (int c = 0; c < 4; ++c) asio::co_spawn(ioc, backlog(*r, until), asio::detached);
    ioc.run();
    double elapsed = std::chrono::duration<double>(steady::now() - start).count();
    long grants = 0, statements = 0;
    for (auto& r : replicas) {
        grants += r->grants;
        statements += r->statements;
    }
    double bound = o.limit / std::chrono::duration<double>(cfg.window + cfg.safety).count();
    std::printf(
        "drivers=%d grants=%ld elapsed_s=%.1f grants_per_s=%.2f bound_per_s=%.2f share_of_bound=%.0f%% "
        "statements_per_grant=%.2f\n",
        n, grants, elapsed, grants / elapsed, bound, 100.0 * grants / elapsed / bound,
        grants ? static_cast<double>(statements) / grants : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
    const char* url = std::getenv("MLC_PG_URL");
    if (!url) {
        std::cerr << "bench-shared-budget: MLC_PG_URL is not set\n";
        return 2;
    }
    auto o = parse(argc, argv);
    mlc::logger log(mlc::log_config{mlc::log_level::warn, mlc::log_format::text}, std::cerr);
    mlc::database_config dbc;
    dbc.url = mlc::secret(url);
    dbc.schema = "bench_shared_budget";
    mlc::db::database database(dbc, log);
    asio::io_context ioc;
    mlc::run_blocking(ioc, mlc::server::app::apply_and_log_migrations(database, log));
    std::printf("ceiling %u per %lld ms (a run of %lld s per line)\n", o.limit,
                static_cast<long long>(o.window.count()), static_cast<long long>(o.seconds.count()));
    for (int n = 1; n <= 3; ++n) run(database, log, o, n);
    database.close();
    return 0;
}
