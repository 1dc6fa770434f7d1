// The shipments flow's workers.
#include "flows/shipments/shipments_flow.hpp"

#include "db/webhook_inbox.hpp"
#include "flows/shipments/webhook_subscription.hpp"

namespace mlc::flows::shipments {

namespace asio = boost::asio;

// The workers' group: fetchers and writers take jobs from the queue, and whoever adds jobs wakes them all.
constexpr std::string_view job_workers = "jobs";
// How often idle fetchers and writers look for retries coming due and rows other replicas stored.
constexpr std::chrono::milliseconds idle_check{2000};
// How long a failed SHIP_NOTIFY subscription waits before it tries again.
constexpr std::chrono::milliseconds subscribe_retry{60'000};

shipments_flow::shipments_flow(const app_config& cfg, db::database& database,
                               clients::shipstation::client& shipstation, clients::sap::client& sap,
                               const logger& log, asio::any_io_executor ex, prometheus::Registry* registry,
                               const db::leader_reporting& leadership)
    : cfg_(cfg),
      db_(database),
      shipstation_(shipstation),
      log_(log),
      workers_(ex, log),
      reconcile_lock_(cfg.database, "shipments_reconciler", log, leadership),
      reconciler_(database, shipstation, reconcile_lock_,
                  reconcile_settings{.store_id = cfg.shipstation.store_id}, log),
      metrics_(registry ? std::make_unique<shipments_metrics>(*registry) : nullptr) {
    auto five_seconds = [] { return std::chrono::milliseconds(5000); };
    fetch_settings fs;
    fs.resource_origins = cfg.shipstation.resource_origins;
    fs.max_pages = cfg.shipments.webhook_max_pages;
    for (std::size_t i = 0; i < 2; ++i) {
        auto& fetcher = *fetchers_.emplace_back(std::make_unique<resource_fetcher>(
            database, shipstation, fs, log, worker_owner("shipments-fetcher", i)));
        workers_.add({.name = "shipments.fetch_loop",
                      .group = std::string(job_workers),
                      .step = [this, &fetcher] { return fetch_step(fetcher); },
                      .pause_after_failure = five_seconds});
    }
    // One writer per replica; the deliveries of one sales order are serialised across replicas by the order's
    // advisory lock (partial shipments must not allocate the same batch stock at once).
    auto& writer = *writers_.emplace_back(std::make_unique<delivery_writer>(
        database, sap, make_delivery_settings(cfg), log, worker_owner("delivery-writer", 0), cfg.database));
    workers_.add({.name = "shipments.deliver_loop",
                  .group = std::string(job_workers),
                  .step = [this, &writer] { return deliver_step(writer); },
                  .pause_after_failure = five_seconds});
    workers_.add({.name = "shipments.reconcile",
                  .group = "reconcile",
                  .step = [this] { return reconcile_step(); },
                  .pause_after_failure = [this] { return cfg_.flow.reconcile_interval; },
                  .on_stop = [this] { return reconcile_lock_.release(); }});
    workers_.add({.name = "webhooks.inbox_prune",
                  .group = "prune",
                  .step = [this] { return prune_step(); },
                  .pause_after_failure = [] { return std::chrono::milliseconds(std::chrono::hours(1)); },
                  .failure_level = log_level::warn});
    add_subscription_worker();
}

shipments_flow::~shipments_flow() = default;

void shipments_flow::add_subscription_worker() {
    if (cfg_.flow.public_url.empty()) {
        log_.info("webhooks.not_subscribing",
                  {{"reason", "MLC_PUBLIC_URL is not set; subscribe SHIP_NOTIFY by hand"}});
    } else if (cfg_.security.webhook_token.empty()) {
        log_.error("webhooks.not_subscribing",
                   {{"reason", "MLC_PUBLIC_URL is set but MLC_WEBHOOK_TOKEN is not"}});
    } else {
        workers_.add({.name = "webhooks.subscribe",
                      .group = "subscribe",
                      .step = [this] { return subscribe_step(); },
                      .pause_after_failure = [] { return subscribe_retry; },
                      .failure_level = log_level::warn});
    }
}

void shipments_flow::start() {
    workers_.start();
}

void shipments_flow::wake() {
    workers_.wake(std::string(job_workers));
}

void shipments_flow::stop() {
    workers_.stop();
}

asio::awaitable<void> shipments_flow::wait_stopped() {
    return workers_.wait_stopped();
}

asio::awaitable<next_run> shipments_flow::fetch_step(resource_fetcher& fetcher) {
    auto r = co_await fetcher.fetch_once();
    if (metrics_) metrics_->on_fetch(r);
    if (r.new_records + r.new_voids > 0) wake();  // the writers
    co_return r.claimed > 0 ? next_run::at_once() : next_run::after(idle_check);
}

asio::awaitable<next_run> shipments_flow::deliver_step(delivery_writer& writer) {
    auto r = co_await writer.deliver_once();
    if (metrics_) metrics_->on_deliver(r);
    co_return r.claimed > 0 ? next_run::at_once() : next_run::after(idle_check);
}

asio::awaitable<next_run> shipments_flow::subscribe_step() {
    auto target = ship_notify_target(cfg_.flow.public_url, cfg_.security.webhook_token.reveal());
    auto r = co_await ensure_ship_notify_subscription(shipstation_, target, cfg_.shipstation.store_id);
    if (!r) {
        log_.warn("webhooks.subscribe_failed",
                  {{"error", r.error().describe()}, {"retry_in_ms", subscribe_retry.count()}});
        co_return next_run::after(subscribe_retry);
    }
    // The URL holds the token: only the public part is logged.
    for (auto id : r->removed)
        log_.info("webhooks.unsubscribed_old_token",
                  {{"hook", "SHIP_NOTIFY"}, {"webhook_id", id}, {"public_url", cfg_.flow.public_url}});
    log_.info("webhooks.subscribed", {{"hook", "SHIP_NOTIFY"},
                                      {"public_url", cfg_.flow.public_url},
                                      {"created", r->result == subscription_result::created}});
    co_return next_run::never();
}

asio::awaitable<next_run> shipments_flow::reconcile_step() {
    auto r = co_await reconciler_.reconcile_once(std::chrono::system_clock::now());
    if (metrics_) metrics_->on_reconcile(r);
    if (r.new_records + r.new_voids > 0) wake();  // the writers
    co_return next_run::after(cfg_.flow.reconcile_interval);
}

asio::awaitable<next_run> shipments_flow::prune_step() {
    constexpr std::size_t rows_per_statement = 1000;
    auto retention = cfg_.shipments.inbox_retention;
    for (std::size_t n = rows_per_statement; n == rows_per_statement && !workers_.stopping();) {
        n = co_await db_.run([retention](pqxx::work& w) {
            return db::webhook_inbox::delete_finished(w, retention, rows_per_statement);
        });
        if (n == 0) break;
        log_.info("webhooks.inbox_pruned", {{"rows", n}});
        if (metrics_) metrics_->on_inbox_pruned(n);
    }
    co_return next_run::after(std::chrono::hours(1));
}

}  // namespace mlc::flows::shipments
