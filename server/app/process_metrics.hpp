// The service-wide metrics that are read on demand at scrape time: uptime, build, pool, job queue.
#pragma once

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
    // Registers the families in `registry`; both references must outlive this object.
    process_metrics(prometheus::Registry& registry, db::database& database);

    // Refreshes the on-demand gauges and renders the whole registry in the Prometheus text format.
    // The job-queue gauges need the database; when it fails they keep their last values and
    // mlc_db_up drops to 0. Never throws for a database failure.
    boost::asio::awaitable<std::string> render();

private:
    prometheus::Registry& registry_;
    db::database& database_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    prometheus::Gauge& uptime_;
    prometheus::Gauge& pool_size_;
    prometheus::Gauge& pool_in_use_;
    prometheus::Gauge& db_up_;
    prometheus::Family<prometheus::Gauge>& queue_jobs_;
    prometheus::Family<prometheus::Gauge>& order_links_;
    prometheus::Family<prometheus::Gauge>& shipment_links_;
    prometheus::Gauge& refused_order_updates_;
};

}  // namespace mlc::server::app
