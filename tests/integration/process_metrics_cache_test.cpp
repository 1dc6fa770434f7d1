// Integration test of /metrics' counted gauges against a real PostgreSQL: a scrape storm counts once per
// interval, and the cached values are what the scrapes in between show.
#include "server/app/process_metrics.hpp"
#include "tests/support/pg_schema_fixture.hpp"
#include "tests/support/run_coro.hpp"
#include "tests/support/settable_clock.hpp"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <string>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;

class process_metrics_cache : public pg_schema_fixture {
protected:
    void SetUp() override {
        pg_schema_fixture::SetUp();
        apply_embedded_migrations();
    }
    bool shows(const std::string& text, const std::string& line) {
        return text.find(line) != std::string::npos;
    }
};

TEST_F(process_metrics_cache, two_scrapes_in_a_row_count_once_and_the_next_interval_counts_again) {
    manual_steady_clock clock;
    prometheus::Registry registry;
    server::app::process_metrics metrics(registry, db(), clock.fn());
    sql("INSERT INTO job_queue (kind, dedupe_key) VALUES ('test', 'a')");

    auto first = run_coro(metrics.render());
    EXPECT_TRUE(shows(first, "mlc_job_queue_jobs{state=\"queued\"} 1")) << first;
    sql("INSERT INTO job_queue (kind, dedupe_key) VALUES ('test', 'b')");
    auto second = run_coro(metrics.render());
    EXPECT_EQ(metrics.count_refreshes(), 1u);
    EXPECT_TRUE(shows(second, "mlc_job_queue_jobs{state=\"queued\"} 1")) << second;  // the cached count
    EXPECT_TRUE(shows(second, "mlc_db_up 1")) << second;

    clock.advance(server::app::process_metrics::count_refresh_interval);
    auto third = run_coro(metrics.render());
    EXPECT_EQ(metrics.count_refreshes(), 2u);
    EXPECT_TRUE(shows(third, "mlc_job_queue_jobs{state=\"queued\"} 2")) << third;
}

TEST_F(process_metrics_cache, the_pool_gauges_are_read_on_every_scrape) {
    manual_steady_clock clock;
    prometheus::Registry registry;
    server::app::process_metrics metrics(registry, db(), clock.fn());
    run_coro(metrics.render());
    auto text = run_coro(metrics.render());
    EXPECT_TRUE(shows(text, "mlc_db_pool_size 4")) << text;
    EXPECT_TRUE(shows(text, "mlc_db_pool_queued 0")) << text;
    EXPECT_EQ(metrics.count_refreshes(), 1u);
}

}  // namespace
}  // namespace mlc::test
