// The orders flow's workers: poll on an interval or a cron schedule, push whenever work is ready.
#include "flows/orders/orders_flow.hpp"

#include "common/cron_schedule.hpp"
#include "common/local_day.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <date/tz.h>

namespace mlc::flows::orders {

namespace asio = boost::asio;

struct orders_flow::schedule {
    cron_schedule cron;
    const date::time_zone* zone = nullptr;
};

orders_flow::orders_flow(const app_config& cfg, db::database& database, clients::sap::client& sap,
                         clients::shipstation::client& shipstation, const logger& log,
                         asio::any_io_executor ex, prometheus::Registry* registry,
                         const db::leader_reporting& leadership)
    : cfg_(cfg),
      log_(log),
      settings_(
          make_orders_settings(cfg, company_today(cfg.sap.time_zone, std::chrono::system_clock::now()))),
      items_settings_(items::make_items_settings(cfg, settings_.first_day)),
      workers_(ex, log),
      leadership_(cfg.database, "orders_poller:" + settings_.company_db, log, leadership),
      metrics_(registry ? std::make_unique<orders_metrics>(*registry) : nullptr),
      item_reader_(database, sap, items_settings_),
      poller_(database, sap, leadership_, settings_, items_settings_, item_reader_, log,
              [this] { workers_.wake("push"); }) {
    if (!cfg.flow.poll_schedule.empty()) {
        auto parsed = parse_cron(cfg.flow.poll_schedule);
        if (!parsed) throw std::runtime_error("MLC_POLL_SCHEDULE: " + parsed.error());
        schedule_ = std::make_unique<schedule>();
        schedule_->cron = std::move(*parsed);
        schedule_->zone =
            date::locate_zone(cfg.flow.poll_time_zone.empty() ? cfg.sap.time_zone : cfg.flow.poll_time_zone);
    }
    workers_.add({.name = "orders.poll",
                  .group = "poll",
                  .step = [this] { return poll_step(); },
                  .pause_after_failure = [this] { return next_run::until(next_poll_time()).delay; },
                  .on_stop = [this] { return leadership_.release(); }});
    for (std::size_t i = 0; i < settings_.pushers; ++i) {
        auto& pusher = *pushers_.emplace_back(std::make_unique<order_pusher>(
            database, shipstation, settings_, log, worker_owner("orders-pusher", i)));
        workers_.add({.name = "orders.push",
                      .group = "push",
                      .step = [this, &pusher] { return push_step(pusher); },
                      .pause_after_failure = [] { return std::chrono::milliseconds(5000); }});
    }
}

orders_flow::~orders_flow() = default;

void orders_flow::start() {
    log_.info("orders.flow_started",
              {{"company_db", settings_.company_db},
               {"pushers", pushers_.size()},
               {"schedule", schedule_ ? cfg_.flow.poll_schedule : std::string("interval")}});
    // With a schedule, the first poll waits for its first slot unless an operator asks; with an interval
    // the service polls at once.
    asio::dispatch(workers_.strand(), [this] {
        if (schedule_) next_poll_ = next_poll_time();
        workers_.start();
    });
}

void orders_flow::request_poll() {
    asio::post(workers_.strand(), [this] {
        poll_requested_ = true;
        workers_.wake("poll");
    });
}

void orders_flow::stop() {
    workers_.stop();
}

asio::awaitable<void> orders_flow::wait_stopped() {
    return workers_.wait_stopped();
}

std::chrono::system_clock::time_point orders_flow::next_poll_time() const {
    auto now = std::chrono::system_clock::now();
    if (schedule_) {
        // A schedule that never matches again (checked at start-up too) falls back to the interval.
        auto slot =
            next_run_after(schedule_->cron, std::chrono::floor<std::chrono::seconds>(now), *schedule_->zone);
        if (slot) return std::chrono::system_clock::time_point(*slot);
    }
    return now + cfg_.flow.poll_interval;
}

asio::awaitable<next_run> orders_flow::poll_step() {
    auto now = std::chrono::system_clock::now();
    // A pause may end a little before the slot when the system clock is slewed against the steady one:
    // polling then would poll twice for one slot.
    if (!std::exchange(poll_requested_, false) && now + std::chrono::milliseconds(5) < next_poll_)
        co_return next_run::until(next_poll_);
    auto report = co_await poller_.poll_once();
    if (metrics_) metrics_->on_poll(report);
    next_poll_ = next_poll_time();
    co_return next_run::until(next_poll_);
}

asio::awaitable<next_run> orders_flow::push_step(order_pusher& pusher) {
    constexpr std::chrono::milliseconds idle_check{2000};  // ready jobs another replica queued, retries due
    auto r = co_await pusher.push_once(true);
    if (metrics_) metrics_->on_push(r);
    if (r.claimed > 0) co_return next_run::at_once();  // more may be ready
    co_return next_run::after(r.linger.count() > 0 ? std::min(idle_check, r.linger) : idle_check);
}

}  // namespace mlc::flows::orders
