// Integration tests of the ShipStation rate budget shared in PostgreSQL: limiter_drivers of several
// "replicas" on one database keep one sliding window, priorities hold across them, a crashed one stops
// blocking, 429s and a low Remaining reach the others, and a replica that cannot reach the database keeps to
// its share and, once it can again, writes back what it sent meanwhile.
#include "server/app/shared_rate_budget.hpp"

#include "clients/shipstation/limiter_driver.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

namespace mlc::test {
namespace {

namespace ss = mlc::clients::shipstation;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

ss::rate_limiter_config small_window(unsigned ceiling, std::chrono::milliseconds window) {
    ss::rate_limiter_config cfg;
    cfg.ceiling = ceiling;
    cfg.window = window;
    cfg.safety = 100ms;
    cfg.reset_slack = 100ms;
    cfg.max_jitter = 0ms;
    return cfg;
}

// The budget of replica `name` for key-1 in `database`.
std::shared_ptr<ss::shared_budget> budget_in(db::database& database, asio::io_context& ioc, const logger& log,
                                             const std::string& name, const ss::rate_limiter_config& cfg) {
    return std::make_shared<server::app::pg_shared_budget>(
        database, server::app::budget_params_for("v1", "key-1", name, cfg.ceiling, cfg), ioc.get_executor(),
        log);
}

// A budget whose database is away until come_back(): until then every call goes to `away` (on an
// unreachable database), afterwards to `home`.
class returning_budget final : public ss::shared_budget {
public:
    returning_budget(std::shared_ptr<ss::shared_budget> away, std::shared_ptr<ss::shared_budget> home)
        : away_(std::move(away)), home_(std::move(home)) {}
    void come_back() { back_ = true; }
    asio::awaitable<ss::budget_answer> take(ss::priority prio, std::optional<ss::priority> still_waiting,
                                            std::vector<ss::earlier_send> earlier) override {
        return (back_ ? home_ : away_)->take(prio, still_waiting, std::move(earlier));
    }
    void feedback(std::int64_t send_id, unsigned status, const ss::rate_limit_headers& headers,
                  std::chrono::milliseconds jitter) noexcept override {
        (back_ ? home_ : away_)->feedback(send_id, status, headers, jitter);
    }

private:
    std::shared_ptr<ss::shared_budget> away_, home_;
    std::atomic<bool> back_{false};
};

// One replica: its own limiter_driver on the shared budget, counting what it asks the database.
struct replica {
    replica(db::database& database, asio::io_context& ioc, const logger& log, const std::string& name,
            const ss::rate_limiter_config& cfg)
        : replica(budget_in(database, ioc, log, name, cfg), log, cfg, 5'000ms) {}
    replica(std::shared_ptr<ss::shared_budget> shared, const logger& log, const ss::rate_limiter_config& cfg,
            std::chrono::milliseconds probe_interval)
        : budget(std::move(shared)),
          driver(
              cfg, [] { return 0.0; },
              ss::budget_link{budget, [this](ss::budget_event e) { count(e); }, &log, probe_interval}) {}

    void count(ss::budget_event e) {
        if (e == ss::budget_event::statement) ++statements;
        if (e == ss::budget_event::denied) ++denied;
        if (e == ss::budget_event::fallback_started) ++fallbacks;
    }

    std::shared_ptr<ss::shared_budget> budget;
    std::atomic<int> statements{0}, denied{0}, fallbacks{0};
    ss::limiter_driver driver;
};

struct grant_record {
    std::string who;
    steady::time_point at;
};

// Spawns `n` sends of `prio` on `r`, each recorded in `out` when granted and answered 200 at once.
void spawn_sends(asio::io_context& ioc, replica& r, ss::priority prio, int n, std::string who,
                 std::vector<grant_record>& out) {
    for (int i = 0; i < n; ++i) {
        asio::co_spawn(
            ioc,
            [&r, prio, who, &out]() -> asio::awaitable<void> {
                auto p = co_await r.driver.acquire(prio);
                out.push_back({who, steady::now()});
                r.driver.on_response(p, 200, {});
            },
            asio::detached);
    }
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(asio::use_awaitable);
}

class shared_rate_budget : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        apply_embedded_migrations();
        // rate_budget_take prunes its own rows: a copy of every send keeps the database's grant times.
        sql("CREATE TABLE send_log AS SELECT * FROM rate_budget_sends WITH NO DATA");
        sql("CREATE FUNCTION keep_send() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN INSERT INTO send_log VALUES (NEW.*); RETURN NEW; END $$");
        sql("CREATE TRIGGER keep_send AFTER INSERT ON rate_budget_sends FOR EACH ROW EXECUTE FUNCTION "
            "keep_send()");
    }

    // A database no replica can reach: nothing listens on port 1.
    database_config unreachable_config() const {
        auto closed = config();
        closed.url = secret("postgresql://postgres@127.0.0.1:1/mlc");
        closed.connect_timeout = 500ms;
        return closed;
    }

    // The database's grant times in milliseconds, oldest first.
    std::vector<double> send_times() const {
        std::vector<double> out;
        for (const auto& row :
             sql("SELECT extract(epoch FROM sent_at) * 1000 FROM send_log ORDER BY sent_at"))
            out.push_back(row[0].as<double>());
        return out;
    }
};

// In every `window` of the sorted times at most `ceiling` sends: the (i - ceiling)-th is at least a window
// before the i-th.
void expect_sliding_window(const std::vector<double>& times, unsigned ceiling, double window_ms) {
    for (std::size_t i = ceiling; i < times.size(); ++i) {
        EXPECT_GE(times[i] - times[i - ceiling], window_ms)
            << "send " << i << " exceeds " << ceiling << " per " << window_ms << " ms";
    }
}

TEST_F(shared_rate_budget, two_replicas_hammering_stay_within_one_ceiling_at_few_statements_per_grant) {
    asio::io_context ioc;
    auto cfg = small_window(10, 2000ms);
    replica a(db(), ioc, log(), "replica-a", cfg), b(db(), ioc, log(), "replica-b", cfg);
    std::vector<grant_record> grants;
    spawn_sends(ioc, a, ss::priority::bulk, 15, "a", grants);
    spawn_sends(ioc, b, ss::priority::bulk, 15, "b", grants);
    auto start = steady::now();
    ioc.run();
    EXPECT_EQ(grants.size(), 30u);
    auto times = send_times();
    ASSERT_EQ(times.size(), 30u);
    expect_sliding_window(times, 10, 2000.0);
    EXPECT_GE(steady::now() - start, 4000ms);  // two full windows after the first ten
    const auto count_of = [&](const std::string& who) {
        return std::count_if(grants.begin(), grants.end(),
                             [&](const grant_record& g) { return g.who == who; });
    };
    EXPECT_EQ(count_of("a"), 15);
    EXPECT_EQ(count_of("b"), 15);
    const double per_grant = static_cast<double>(a.statements + b.statements) / 30.0;
    EXPECT_LT(per_grant, 3.0) << a.statements << " + " << b.statements << " statements";
    EXPECT_EQ(a.statements + b.statements, 30 + a.denied + b.denied);  // one per grant, one per denial
}

TEST_F(shared_rate_budget, tracking_on_one_replica_goes_before_bulk_waiting_on_another) {
    asio::io_context ioc;
    auto cfg = small_window(2, 1000ms);
    replica a(db(), ioc, log(), "replica-a", cfg), b(db(), ioc, log(), "replica-b", cfg);
    std::vector<grant_record> grants;
    spawn_sends(ioc, a, ss::priority::bulk, 5, "a-bulk", grants);
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
            while (grants.size() < 2) co_await sleep_for(10ms);
            co_await sleep_for(100ms);  // A's backlog now waits for the window
            spawn_sends(ioc, b, ss::priority::tracking, 1, "b-tracking", grants);
        },
        asio::detached);
    ioc.run();
    ASSERT_EQ(grants.size(), 6u);
    EXPECT_EQ(grants[2].who, "b-tracking");  // the first send after the window frees
    expect_sliding_window(send_times(), 2, 1000.0);
}

TEST_F(shared_rate_budget, a_crashed_replicas_claim_stops_blocking_within_seconds) {
    asio::io_context ioc;
    auto cfg = small_window(2, 1000ms);
    replica a(db(), ioc, log(), "replica-a", cfg);
    run_coro(ioc, [&]() -> asio::awaitable<void> {
        for (int i = 0; i < 2; ++i)
            a.driver.on_response(co_await a.driver.acquire(ss::priority::bulk), 200, {});
    }());
    auto window_full = steady::now();
    {
        // B queues tracking while the window is full (its claim is stored), then dies without clean-up: its
        // io_context is never run again.
        asio::io_context b_ioc;
        replica b(db(), b_ioc, log(), "replica-b", cfg);
        asio::co_spawn(b_ioc, b.driver.acquire(ss::priority::tracking), asio::detached);
        b_ioc.run_for(300ms);
        ASSERT_EQ(b.statements, 1);
        ASSERT_EQ(b.denied, 1);
    }
    run_coro(ioc, a.driver.acquire(ss::priority::bulk));
    auto waited = steady::now() - window_full;
    // The window frees after 1.1 s; B's claim holds A's bulk back for 3 s more, not longer.
    EXPECT_GE(waited, 3500ms);
    EXPECT_LE(waited, 4800ms);
}

TEST_F(shared_rate_budget, a_429_seen_by_one_replica_makes_the_other_wait) {
    asio::io_context ioc;
    auto cfg = small_window(10, 2000ms);
    replica a(db(), ioc, log(), "replica-a", cfg), b(db(), ioc, log(), "replica-b", cfg);
    run_coro(ioc, [&]() -> asio::awaitable<void> {
        auto p = co_await a.driver.acquire(ss::priority::normal);
        ss::rate_limit_headers h;
        h.retry_after = 2s;
        a.driver.on_response(p, 429, h);
        co_await sleep_for(300ms);  // the report is fire and forget
    }());
    auto start = steady::now();
    run_coro(ioc, b.driver.acquire(ss::priority::tracking));
    auto waited = steady::now() - start;
    EXPECT_GE(waited, 1700ms);  // 2 s + 100 ms slack from the report, 300 ms of which have passed
    EXPECT_LE(waited, 3000ms);
}

TEST_F(shared_rate_budget, a_429_reports_the_jitter_drawn_from_the_limiters_own_source) {
    asio::io_context ioc;
    auto cfg = small_window(10, 2000ms);
    cfg.max_jitter = 1000ms;
    ss::limiter_driver driver(
        cfg, [] { return 0.75; }, ss::budget_link{budget_in(db(), ioc, log(), "replica-a", cfg)});
    run_coro(ioc, [&]() -> asio::awaitable<void> {
        auto p = co_await driver.acquire(ss::priority::normal);
        ss::rate_limit_headers h;
        h.retry_after = 1s;
        driver.on_response(p, 429, h);
        co_await sleep_for(300ms);  // the report is fire and forget
    }());
    // From the send: 1 s, 100 ms slack and 750 ms of jitter (0.75 of 1 s), plus the report's own delay.
    auto after_send = sql("SELECT extract(epoch FROM s.backoff_until - l.sent_at) * 1000"
                          " FROM rate_budget_state s, send_log l")[0][0]
                          .as<double>();
    EXPECT_GE(after_send, 1850.0);
    EXPECT_LT(after_send, 2150.0);
}

TEST_F(shared_rate_budget, a_low_remaining_seen_by_one_replica_lowers_the_others_share) {
    asio::io_context ioc;
    auto cfg = small_window(10, 2000ms);
    replica a(db(), ioc, log(), "replica-a", cfg), b(db(), ioc, log(), "replica-b", cfg);
    run_coro(ioc, [&]() -> asio::awaitable<void> {
        auto p = co_await a.driver.acquire(ss::priority::normal);
        EXPECT_EQ(p.expected_remaining, 9);
        ss::rate_limit_headers h;  // another application spent most of the key's window
        h.limit = 10;
        h.remaining = 2;
        h.reset = 3s;
        a.driver.on_response(p, 200, h);
        co_await sleep_for(300ms);
    }());
    std::vector<std::chrono::milliseconds> waits;
    run_coro(ioc, [&]() -> asio::awaitable<void> {
        auto start = steady::now();
        for (int i = 0; i < 3; ++i) {
            b.driver.on_response(co_await b.driver.acquire(ss::priority::normal), 200, {});
            waits.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start));
        }
    }());
    ASSERT_EQ(waits.size(), 3u);
    EXPECT_LT(waits[1], 1000ms);  // the two the server still allows
    EXPECT_GE(waits[2], 2000ms);  // the third waits for the server's reset (3 s + slack after the report)
}

TEST_F(shared_rate_budget, an_unreachable_database_falls_back_to_half_the_ceiling_and_keeps_sending) {
    db::database unreachable(unreachable_config(), log());
    asio::io_context ioc;
    auto cfg = small_window(10, 2000ms);
    replica r(unreachable, ioc, log(), "replica-a", cfg);
    std::vector<grant_record> grants;
    spawn_sends(ioc, r, ss::priority::bulk, 8, "r", grants);
    ioc.run();
    ASSERT_EQ(grants.size(), 8u);
    EXPECT_EQ(r.fallbacks, 1);  // logged once for the outage
    EXPECT_TRUE(r.driver.falling_back());
    std::vector<double> times;
    for (const auto& g : grants)
        times.push_back(std::chrono::duration<double, std::milli>(g.at.time_since_epoch()).count());
    expect_sliding_window(times, 5, 2000.0);  // no live replica known: half the ceiling
    unreachable.close();
}

// The grant times of `grants` in milliseconds, sorted.
std::vector<double> grant_times(const std::vector<grant_record>& grants) {
    std::vector<double> out;
    for (const auto& g : grants)
        out.push_back(std::chrono::duration<double, std::milli>(g.at.time_since_epoch()).count());
    std::sort(out.begin(), out.end());
    return out;
}

TEST_F(shared_rate_budget, sends_made_while_the_database_was_away_count_against_the_others_once_it_returns) {
    db::database unreachable(unreachable_config(), log());
    asio::io_context ioc;
    auto cfg = small_window(10, 2000ms);
    auto a_budget = std::make_shared<returning_budget>(budget_in(unreachable, ioc, log(), "replica-a", cfg),
                                                       budget_in(db(), ioc, log(), "replica-a", cfg));
    replica a(a_budget, log(), cfg, 300ms);
    replica b(db(), ioc, log(), "replica-b", cfg);
    std::vector<grant_record> grants;
    const int k = 4;  // within A's local share of 5
    spawn_sends(ioc, a, ss::priority::bulk, k, "a-fallback", grants);
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
            while (grants.size() < static_cast<std::size_t>(k)) co_await sleep_for(10ms);
            a_budget->come_back();
            co_await sleep_for(400ms);  // past A's next probe
            a.driver.on_response(co_await a.driver.acquire(ss::priority::normal), 200, {});
            grants.push_back({"a-probe", steady::now()});
            spawn_sends(ioc, b, ss::priority::bulk, 10, "b", grants);
        },
        asio::detached);
    ioc.run();
    ASSERT_EQ(grants.size(), static_cast<std::size_t>(k + 11));
    EXPECT_EQ(a.fallbacks, 1);
    EXPECT_FALSE(a.driver.falling_back());
    const auto first = grants.front().at;
    const auto b_in_window = std::count_if(grants.begin(), grants.end(), [&](const grant_record& g) {
        return g.who == "b" && g.at < first + 2000ms;
    });
    // The window that began with A's first fallback send holds those k, A's probe and B's share: no more.
    EXPECT_LE(b_in_window, 10 - k - 1);
    EXPECT_GE(b_in_window, 1);
    expect_sliding_window(grant_times(grants), 10, 2000.0);
    // The database placed them in the past, by their age, not at the moment they were written back.
    auto a_rows =
        sql("SELECT count(*), extract(epoch FROM max(sent_at) - min(sent_at)) * 1000 FROM send_log"
            " WHERE replica = 'replica-a'");
    EXPECT_EQ(a_rows[0][0].as<int>(), k + 1);
    EXPECT_GE(a_rows[0][1].as<double>(), 300.0);
    unreachable.close();
}

}  // namespace
}  // namespace mlc::test
