// The service-wide metrics that are read on demand at scrape time: uptime, build, pool, job queue.
#include "server/app/process_metrics.hpp"

#include "common/build_info.hpp"
#include "common/metrics_text.hpp"
#include "db/database.hpp"
#include "db/job_queue.hpp"
#include "db/order_links.hpp"
#include "db/shipment_links.hpp"

#include <exception>
#include <tuple>

namespace mlc::server::app {

namespace {

prometheus::Gauge& single_gauge(prometheus::Registry& r, const std::string& name, const std::string& help) {
    return prometheus::BuildGauge().Name(name).Help(help).Register(r).Add({});
}

}  // namespace

process_metrics::process_metrics(prometheus::Registry& registry, db::database& database, steady_clock_fn now)
    : registry_(registry),
      database_(database),
      uptime_(single_gauge(registry, "mlc_process_uptime_seconds", "Seconds since the service started.")),
      pool_size_(single_gauge(registry, "mlc_db_pool_size", "Connections in the database pool.")),
      pool_in_use_(
          single_gauge(registry, "mlc_db_pool_in_use", "Database connections running an operation.")),
      pool_queued_(single_gauge(registry, "mlc_db_pool_queued",
                                "Database operations waiting for a connection (bounded by "
                                "MLC_DATABASE_QUEUE_LIMIT).")),
      db_up_(single_gauge(
          registry, "mlc_db_up",
          "1 when the last count of the gauges (at most every 5 s) could query the database, else 0.")),
      queue_jobs_(prometheus::BuildGauge()
                      .Name("mlc_job_queue_jobs")
                      .Help("Jobs in the durable job queue by state.")
                      .Register(registry)),
      order_links_(prometheus::BuildGauge()
                       .Name("mlc_order_links")
                       .Help("SAP orders the orders flow has seen, by sync state (dead: needs an operator).")
                       .Register(registry)),
      shipment_links_(
          prometheus::BuildGauge()
              .Name("mlc_shipment_links")
              .Help("ShipStation shipments and fulfillments by delivery state (dead: needs an operator).")
              .Register(registry)),
      refused_order_updates_(single_gauge(
          registry, "mlc_shipment_order_updates_refused",
          "Delivered shipments whose sales order update (tracking number, UDFs) SAP refused: the delivery "
          "stands; see /admin/orders/{DocNum}, fix the cause, replay the order.")),
      counts_gate_(count_refresh_interval, std::move(now)) {
    prometheus::BuildGauge()
        .Name("mlc_build_info")
        .Help("Version and commit of the running build (value is always 1).")
        .Register(registry)
        .Add({{"version", std::string(build_version())}, {"commit", std::string(build_commit())}})
        .Set(1);
}

boost::asio::awaitable<std::string> process_metrics::render() {
    using namespace std::chrono;
    uptime_.Set(duration<double>(steady_clock::now() - started_).count());
    auto stats = database_.stats();
    pool_size_.Set(static_cast<double>(stats.size));
    pool_in_use_.Set(static_cast<double>(stats.in_use));
    pool_queued_.Set(static_cast<double>(stats.queued));
    if (counts_gate_.begin()) co_await refresh_counts();
    co_return render_prometheus_text(registry_);
}

boost::asio::awaitable<void> process_metrics::refresh_counts() {
    try {
        auto [counts, links, shipments, refused] = co_await database_.run([](pqxx::work& w) {
            return std::make_tuple(db::job_queue::count_by_state(w), db::order_links::count_by_state(w),
                                   db::shipment_links::count_by_state(w),
                                   db::shipment_links::count_refused_order_updates(w));
        });
        refused_order_updates_.Set(static_cast<double>(refused));
        for (const auto& [state, n] : links)
            order_links_.Add({{"state", std::string(db::order_links::to_string(state))}})
                .Set(static_cast<double>(n));
        for (const auto& [state, n] : shipments)
            shipment_links_.Add({{"state", std::string(db::shipment_links::to_string(state))}})
                .Set(static_cast<double>(n));
        using db::job_queue::job_state;
        for (job_state state : {job_state::queued, job_state::running, job_state::succeeded,
                                job_state::failed, job_state::dead}) {
            auto found = counts.find(state);
            double n = found == counts.end() ? 0.0 : static_cast<double>(found->second);
            queue_jobs_.Add({{"state", std::string(db::job_queue::to_string(state))}}).Set(n);
        }
        db_up_.Set(1);
    } catch (const std::exception&) {
        db_up_.Set(0);
    }
}

}  // namespace mlc::server::app
