// The shipments flow's workers.
#include "flows/shipments/shipments_flow.hpp"

#include "db/webhook_inbox.hpp"
#include "flows/shipments/webhook_subscription.hpp"
#include "flows/worker_loop.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mlc::flows::shipments {

namespace asio = boost::asio;

shipments_flow::shipments_flow(const app_config& cfg, db::database& database,
                               clients::shipstation::client& shipstation, clients::sap::client& sap,
                               const logger& log, asio::any_io_executor ex, prometheus::Registry* registry)
    : cfg_(cfg),
      db_(database),
      shipstation_(shipstation),
      log_(log),
      strand_(asio::make_strand(ex)),
      reconcile_lock_(cfg.database, "shipments_reconciler", log),
      reconciler_(database, shipstation, reconcile_lock_, reconcile_settings{}, log),
      metrics_(registry ? std::make_unique<shipments_metrics>(*registry) : nullptr),
      stopped_timer_(strand_) {
    fetch_settings fs;
    fs.resource_origins = cfg.shipstation.resource_origins;
    constexpr std::size_t workers = 2;
    for (std::size_t i = 0; i < workers; ++i) {
        fetchers_.push_back(std::make_unique<resource_fetcher>(database, shipstation, fs, log,
                                                               worker_owner("shipments-fetcher", i)));
        timers_.push_back(std::make_unique<asio::steady_timer>(strand_));
    }
    // One writer per replica; the deliveries of one sales order are serialised across replicas by the order's
    // advisory lock (partial shipments must not allocate the same batch stock at once).
    writers_.push_back(std::make_unique<delivery_writer>(database, sap, make_delivery_settings(cfg), log,
                                                         worker_owner("delivery-writer", 0), cfg.database));
    timers_.push_back(std::make_unique<asio::steady_timer>(strand_));
    timers_.push_back(std::make_unique<asio::steady_timer>(strand_));  // the reconciliation's interval
    timers_.push_back(std::make_unique<asio::steady_timer>(strand_));  // the inbox's retention
    timers_.push_back(std::make_unique<asio::steady_timer>(strand_));  // the subscription's retries
}

shipments_flow::~shipments_flow() = default;

void shipments_flow::start() {
    asio::dispatch(strand_, [this] {
        running_loops_ = fetchers_.size() + writers_.size() + 3;
        asio::co_spawn(strand_, subscribe_loop(), asio::detached);
        asio::co_spawn(strand_, reconcile_loop(), asio::detached);
        asio::co_spawn(strand_, prune_loop(), asio::detached);
        for (std::size_t i = 0; i < fetchers_.size(); ++i)
            asio::co_spawn(strand_, fetch_loop(i), asio::detached);
        for (std::size_t i = 0; i < writers_.size(); ++i)
            asio::co_spawn(strand_, deliver_loop(i), asio::detached);
    });
}

void shipments_flow::wake() {
    asio::post(strand_, [this] {
        // The workers' timers only: the reconciliation and the subscription keep their own pace.
        for (std::size_t i = 0; i < fetchers_.size() + writers_.size(); ++i) timers_[i]->cancel();
    });
}

void shipments_flow::stop() {
    asio::post(strand_, [this] {
        stopping_ = true;
        for (auto& t : timers_) t->cancel();
    });
}

asio::awaitable<void> shipments_flow::wait_stopped() {
    co_await asio::dispatch(strand_, asio::use_awaitable);
    while (running_loops_ > 0) co_await wait_or_wake(stopped_timer_, std::chrono::seconds(1));
}

asio::awaitable<void> shipments_flow::fetch_loop(std::size_t index) {
    auto& fetcher = *fetchers_[index];
    auto& timer = *timers_[index];
    constexpr std::chrono::seconds idle_check{2};  // retries coming due, rows other replicas stored
    while (!stopping_) {
        std::chrono::milliseconds wait = idle_check;
        try {
            auto r = co_await fetcher.fetch_once();
            if (metrics_) metrics_->on_fetch(r);
            if (r.new_records + r.new_voids > 0) wake();  // the writers
            if (r.claimed > 0) continue;
        } catch (const boost::system::system_error& e) {
            if (e.code() == asio::error::operation_aborted) break;
            log_.error("shipments.fetch_loop_failed", {{"error", e.what()}});
            wait = std::chrono::seconds(5);
        } catch (const std::exception& e) {
            log_.error("shipments.fetch_loop_failed", {{"error", e.what()}});
            wait = std::chrono::seconds(5);
        }
        if (stopping_) break;
        co_await wait_or_wake(timer, wait);
    }
    if (--running_loops_ == 0) stopped_timer_.cancel();
}

asio::awaitable<void> shipments_flow::deliver_loop(std::size_t index) {
    auto& writer = *writers_[index];
    auto& timer = *timers_[fetchers_.size() + index];
    constexpr std::chrono::seconds idle_check{2};
    while (!stopping_) {
        std::chrono::milliseconds wait = idle_check;
        try {
            auto r = co_await writer.deliver_once();
            if (metrics_) metrics_->on_deliver(r);
            if (r.claimed > 0) continue;
        } catch (const std::exception& e) {
            log_.error("shipments.deliver_loop_failed", {{"error", e.what()}});
            wait = std::chrono::seconds(5);
        }
        if (stopping_) break;
        co_await wait_or_wake(timer, wait);
    }
    if (--running_loops_ == 0) stopped_timer_.cancel();
}

asio::awaitable<void> shipments_flow::subscribe_loop() {
    auto& timer = *timers_.back();
    if (cfg_.flow.public_url.empty()) {
        log_.info("webhooks.not_subscribing",
                  {{"reason", "MLC_PUBLIC_URL is not set; subscribe SHIP_NOTIFY by hand"}});
    } else if (cfg_.security.webhook_token.empty()) {
        log_.error("webhooks.not_subscribing",
                   {{"reason", "MLC_PUBLIC_URL is set but MLC_WEBHOOK_TOKEN is not"}});
    } else {
        auto target = ship_notify_target(cfg_.flow.public_url, cfg_.security.webhook_token.reveal());
        while (!stopping_) {
            try {
                auto r =
                    co_await ensure_ship_notify_subscription(shipstation_, target, cfg_.shipstation.store_id);
                if (r) {
                    // The URL holds the token: only the public part is logged.
                    log_.info("webhooks.subscribed", {{"hook", "SHIP_NOTIFY"},
                                                      {"public_url", cfg_.flow.public_url},
                                                      {"created", *r == subscription_result::created}});
                    break;
                }
                log_.warn("webhooks.subscribe_failed", {{"error", r.error().describe()}, {"retry_in_s", 60}});
            } catch (const boost::system::system_error& e) {
                if (e.code() == asio::error::operation_aborted) break;
                log_.warn("webhooks.subscribe_failed", {{"error", e.what()}, {"retry_in_s", 60}});
            } catch (const std::exception& e) {
                log_.warn("webhooks.subscribe_failed", {{"error", e.what()}, {"retry_in_s", 60}});
            }
            co_await wait_or_wake(timer, std::chrono::seconds(60));
        }
    }
    if (--running_loops_ == 0) stopped_timer_.cancel();
}

asio::awaitable<void> shipments_flow::reconcile_loop() {
    auto& timer = *timers_[timers_.size() - 3];
    while (!stopping_) {
        try {
            auto r = co_await reconciler_.reconcile_once(std::chrono::system_clock::now());
            if (metrics_) metrics_->on_reconcile(r);
            if (r.new_records + r.new_voids > 0) wake();  // the writers
        } catch (const boost::system::system_error& e) {
            if (e.code() == asio::error::operation_aborted) break;
            log_.error("shipments.reconcile_failed", {{"error", e.what()}});
        } catch (const std::exception& e) {
            log_.error("shipments.reconcile_failed", {{"error", e.what()}});
        }
        if (stopping_) break;
        co_await wait_or_wake(timer, cfg_.flow.reconcile_interval);  // stop() ends the wait early
    }
    co_await reconcile_lock_.release();
    if (--running_loops_ == 0) stopped_timer_.cancel();
}

asio::awaitable<void> shipments_flow::prune_loop() {
    auto& timer = *timers_[timers_.size() - 2];
    constexpr std::size_t batch = 1000;
    while (!stopping_) {
        std::size_t pruned = 0;
        try {
            for (std::size_t n = batch; n == batch && !stopping_; pruned += n)
                n = co_await db_.run([&](pqxx::work& w) {
                    return db::webhook_inbox::delete_finished(w, cfg_.shipments.inbox_retention, batch);
                });
            if (pruned > 0) log_.info("webhooks.inbox_pruned", {{"rows", pruned}});
        } catch (const std::exception& e) {
            log_.warn("webhooks.inbox_prune_failed", {{"error", e.what()}, {"pruned", pruned}});
        }
        if (metrics_ && pruned > 0) metrics_->on_inbox_pruned(pruned);
        if (stopping_) break;
        co_await wait_or_wake(timer, std::chrono::hours(1));
    }
    if (--running_loops_ == 0) stopped_timer_.cancel();
}

}  // namespace mlc::flows::shipments
