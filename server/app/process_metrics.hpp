// The service-wide metrics that are read on demand at scrape time: uptime, build, pool, job queue.
#pragma once

#include "server/app/refresh_gate.hpp"

#include <boost/asio/awaitable.hpp>

#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <chrono>
#include <string>

namespace mlc::db {
class database;
}

namespace mlc::server::app {

class process_metrics {
public:
    // How long the counted gauges (jobs, links per state) are cached between scrapes.
    static constexpr std::chrono::milliseconds count_refresh_interval{5000};

    // Registers the families in `registry`; both references must outlive this object. `now`: the clock of
    // the counted gauges' cache (tests pass a controllable one).
    process_metrics(prometheus::Registry& registry, db::database& database, steady_clock_fn now = steady_now);

    // Refreshes the on-demand gauges and renders the whole registry in the Prometheus text format.
    // The counted gauges need the database (count(*) ... GROUP BY over whole tables), so they are counted
    // at most once per count_refresh_interval, whatever the scrape rate; in between they keep their
    // values. When counting fails they keep their last values and mlc_db_up drops to 0. Never throws for
    // a database failure.
    boost::asio::awaitable<std::string> render();

    // Times the counted gauges were refreshed (each is one database operation). Never throws.
    std::size_t count_refreshes() const noexcept { return counts_gate_.refreshes(); }

private:
    boost::asio::awaitable<void> refresh_counts();

    prometheus::Registry& registry_;
    db::database& database_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    prometheus::Gauge& uptime_;
    prometheus::Gauge& pool_size_;
    prometheus::Gauge& pool_in_use_;
    prometheus::Gauge& pool_queued_;
    prometheus::Gauge& db_up_;
    prometheus::Family<prometheus::Gauge>& queue_jobs_;
    prometheus::Family<prometheus::Gauge>& order_links_;
    prometheus::Family<prometheus::Gauge>& shipment_links_;
    prometheus::Gauge& refused_order_updates_;
    refresh_gate counts_gate_;
};

}  // namespace mlc::server::app
