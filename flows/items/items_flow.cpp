// The items flow's workers: poll changed items, align products, sync stock, watch SAP's stock changes.
#include "flows/items/items_flow.hpp"

#include "common/local_day.hpp"
#include "db/item_stock.hpp"

#include <boost/asio/post.hpp>

namespace mlc::flows::items {

namespace asio = boost::asio;

items_flow::items_flow(const app_config& cfg, db::database& database, clients::sap::client& sap,
                       clients::shipstation::client& shipstation, clients::shipstation::inventory_client* v2,
                       const logger& log, asio::any_io_executor ex, prometheus::Registry* registry,
                       const db::leader_reporting& leadership)
    : log_(log),
      db_(database),
      settings_(make_items_settings(cfg, company_today(cfg.sap.time_zone, std::chrono::system_clock::now()))),
      workers_(ex, log),
      reader_(database, sap, settings_),
      poll_lock_(cfg.database, "items_poller:" + settings_.company_db, log, leadership),
      watch_lock_(cfg.database, "inventory_watch:" + settings_.company_db, log, leadership),
      metrics_(registry ? std::make_unique<items_metrics>(*registry) : nullptr),
      poller_(database, sap, poll_lock_, reader_, settings_, log),
      customers_(database, shipstation, settings_, log),
      aligner_(database, shipstation, reader_, settings_, log, worker_owner("items-aligner", 0)) {
    if (v2 && settings_.inventory) {
        sync_ = std::make_unique<stock_sync>(database, sap, *v2, reader_, settings_, log,
                                             worker_owner("inventory-sync", 0));
        watch_ =
            std::make_unique<stock_watch>(database, sap, *sync_, settings_, log, [this] { wake_stock(); });
    }
    if (settings_.product_share > 0) {
        workers_.add({.name = "items.poll",
                      .group = "items_poll",
                      .step = [this] { return poll_step(); },
                      .pause_after_failure = [this] { return settings_.poll_interval; },
                      .on_stop = [this] { return poll_lock_.release(); }});
        workers_.add({.name = "items.align",
                      .group = "align",
                      .step = [this] { return align_step(); },
                      .pause_after_failure = [] { return std::chrono::milliseconds(10000); }});
    }
    if (sync_) {
        workers_.add({.name = "inventory.sync",
                      .group = "stock",
                      .step = [this] { return sync_step(); },
                      .pause_after_failure = [] { return std::chrono::milliseconds(5000); }});
        workers_.add({.name = "inventory.watch",
                      .group = "watch",
                      .step = [this] { return watch_step(); },
                      .pause_after_failure = [this] { return settings_.poll_interval; },
                      .on_stop = [this] { return watch_lock_.release(); }});
    }
}

items_flow::~items_flow() = default;

void items_flow::start() {
    log_.info("items.flow_started", {{"company_db", settings_.company_db},
                                     {"products", settings_.product_share > 0},
                                     {"product_share", settings_.product_share},
                                     {"inventory", sync_ != nullptr}});
    asio::post(workers_.strand(), [this] { workers_.start(); });
}

void items_flow::wake_stock() {
    workers_.wake("stock");
}

bool items_flow::request_resync() {
    if (!watch_) return false;
    asio::post(workers_.strand(), [this] {
        resync_requested_ = true;
        workers_.wake("watch");
    });
    return true;
}

void items_flow::stop() {
    workers_.stop();
}

asio::awaitable<void> items_flow::wait_stopped() {
    return workers_.wait_stopped();
}

stock_source items_flow::stock_changes_from() const noexcept {
    return watch_ ? watch_->source() : stock_source::unknown;
}

asio::awaitable<next_run> items_flow::poll_step() {
    auto report = co_await poller_.poll_once();
    if (metrics_) metrics_->on_poll(report);
    // The same replica records ShipStation's customerIds: one listing of what changed since its last look.
    if (report.leader) co_await customers_.record_once();
    co_return next_run::after(settings_.poll_interval);
}

asio::awaitable<next_run> items_flow::align_step() {
    constexpr std::chrono::milliseconds idle_check{5000};  // alignments queued by the orders flow come due
    auto report = co_await aligner_.align_once(10, [this] { return workers_.stopping(); });
    if (metrics_) metrics_->on_align(report);
    co_return report.claimed > 0 ? next_run::at_once() : next_run::after(idle_check);
}

asio::awaitable<next_run> items_flow::sync_step() {
    constexpr std::chrono::milliseconds idle_check{3000};  // syncs other replicas' deliveries queued
    auto report = co_await sync_->sync_once();
    if (metrics_) metrics_->on_stock(report);
    co_return report.items > 0 ? next_run::at_once() : next_run::after(idle_check);
}

asio::awaitable<next_run> items_flow::watch_step() {
    if (!co_await watch_lock_.try_hold()) co_return next_run::after(settings_.poll_interval);
    auto report = co_await watch_->look(std::exchange(resync_requested_, false));
    if (metrics_) {
        if (report.scan) metrics_->on_stock(*report.scan);
        auto pending = co_await db_.run([](pqxx::work& w) { return db::item_stock::pending(w); });
        metrics_->on_pending(pending.pending, pending.oldest_age);
    }
    co_return next_run::after(report.next);
}

}  // namespace mlc::flows::items
