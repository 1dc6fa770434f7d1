// Each recorded shipment becomes exactly one SAP delivery based on its sales order, and the order gets the
// tracking number: claim, choose the step from what is stored, run it under the order's lock and a kept
// lease, settle and audit.
#include "flows/shipments/delivery_writer.hpp"

#include "clients/shipstation/order_key.hpp"
#include "common/backoff.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/order_links.hpp"
#include "db/shipment_links.hpp"
#include "flows/items/item_jobs.hpp"
#include "flows/job_lease.hpp"
#include "flows/job_payload.hpp"
#include "flows/shipments/delivery_decision.hpp"
#include "flows/shipments/delivery_lines.hpp"
#include "flows/shipments/delivery_settlement.hpp"
#include "flows/shipments/delivery_state.hpp"
#include "flows/shipments/delivery_steps.hpp"
#include "flows/shipments/shipment_jobs.hpp"

#include <date/tz.h>

#include <exception>
#include <optional>

namespace mlc::flows::shipments {

namespace {

namespace jobs = db::job_queue;
namespace links = db::shipment_links;
namespace orders = db::order_links;

// Lock spaces (see db::lock_session): a worker's liveness, and one sales order's deliveries.
constexpr const char* worker_space = "mlc.worker";
constexpr const char* order_space = "mlc.order";

// The verdict of a step decided without SAP: skip, refuse, wait or nothing. An in-doubt mark is kept.
delivery_verdict verdict_without_sap(const step_choice& choice, bool marked) {
    delivery_verdict v;
    v.reason = choice.reason;
    v.keep_in_doubt = marked;
    switch (choice.step) {
        case delivery_step::skip:
            v.what = delivery_verdict::kind::skipped;
            v.action = "skipped";
            break;
        case delivery_step::refuse:
            v.what = delivery_verdict::kind::dead;
            v.action = "dead_lettered";
            break;
        case delivery_step::wait:
            v.what = delivery_verdict::kind::postponed;
            v.retry_after = choice.wait_for;
            break;
        default:
            v.what = delivery_verdict::kind::nothing_to_do;
            break;
    }
    return v;
}

void count(delivery_report& r, const delivery_verdict& v, bool died) {
    using kind = delivery_verdict::kind;
    switch (v.what) {
        case kind::delivered:
            ++r.delivered;
            break;
        case kind::found:
            ++r.found;
            break;
        case kind::skipped:
        case kind::void_noted:
            ++r.skipped;
            break;
        case kind::cancelled:
            ++r.cancelled;
            break;
        case kind::failed:
            ++(died ? r.dead : r.failed);
            break;
        case kind::dead:
            ++r.dead;
            break;
        case kind::postponed:
            ++r.postponed;
            break;
        case kind::order_updated:
        case kind::nothing_to_do:
        case kind::lost:
            break;
    }
    for (const auto& [step, summary] : v.after) {
        if (step == side_step::order_patched) ++r.orders_updated;
        if (step == side_step::order_update_refused) ++r.order_updates_refused;
        if (step == side_step::order_update_failed) ++r.order_updates_failed;
    }
}

// Records `plan` in one transaction, which may run twice: it only reads the plan. Returns true when the job
// ran out of attempts.
boost::asio::awaitable<bool> settle(db::database& db, const std::string& owner, const jobs::job& job,
                                    links::link_kind kind, std::int64_t id, const settle_plan& plan,
                                    const std::string& company_db) {
    co_return co_await db.run([&](pqxx::work& w) {
        if (plan.job != settle_plan::job_end::leave)
            items::queue_stock_syncs(w, company_db, plan.stock_items, "delivery");
        bool died = false;
        switch (plan.job) {
            case settle_plan::job_end::complete:
                jobs::complete(w, job.id, owner);
                break;
            case settle_plan::job_end::retry:
                died = jobs::fail(w, job.id, owner, plan.error, plan.retry_delay) == jobs::job_state::dead;
                break;
            case settle_plan::job_end::bury:
                jobs::bury(w, job.id, owner, plan.error);
                break;
            case settle_plan::job_end::postpone:
                jobs::postpone(w, job.id, owner, plan.retry_delay);
                break;
            case settle_plan::job_end::leave:
                return false;
        }
        const bool dead_now = died && plan.dead_if_out_of_attempts;
        if (plan.link) {
            auto s = *plan.link;
            if (dead_now) {
                s.state = links::link_state::dead;
                s.reason = plan.error;
            }
            links::settle(w, kind, id, s);
        }
        if (dead_now) {
            auto rows = plan.rows;
            rows[plan.outcome_row].action = "dead_lettered";
            rows[plan.outcome_row].result = db::audit_log::outcome::dead_letter;
            db::audit_log::append_all(w, rows);
        } else if (!plan.rows.empty()) {
            db::audit_log::append_all(w, plan.rows);
        }
        return died;
    });
}

}  // namespace

delivery_settings make_delivery_settings(const app_config& cfg) {
    delivery_settings s;
    s.company_db = clients::shipstation::company_key(cfg.sap.company_db);
    s.stamp_field = cfg.shipments.stamp_field;
    s.sku_field = cfg.items.sku_field;
    s.carrier_map = cfg.shipments.carrier_map;
    s.cancel_on_void = cfg.shipments.cancel_on_void;
    s.order_fields = {cfg.shipments.order_carrier_field, cfg.shipments.order_service_field,
                      cfg.shipments.order_ship_date_field, cfg.shipments.order_status_field};
    s.batches = cfg.shipments.batches;
    s.serial_options = cfg.shipments.serial_options;
    s.company_zone = date::locate_zone(cfg.sap.time_zone);
    s.lease = cfg.shipments.delivery_lease;
    s.doubt_settle = cfg.sap.request_timeout;
    s.stock_sync = !cfg.inventory.v2_api_key.empty() && !cfg.inventory.location_map.empty();
    return s;
}

std::string delivery_writer::stamp_of(bool fulfillment, std::int64_t id) {
    return std::string(fulfillment ? "SS-FULF-" : "SS-SHIP-") + std::to_string(id);
}

delivery_writer::delivery_writer(db::database& database, clients::sap::client& sap,
                                 delivery_settings settings, const logger& log, std::string owner,
                                 const database_config& locks)
    : db_(database),
      sap_(sap),
      settings_(std::move(settings)),
      log_(log),
      owner_(std::move(owner)),
      locks_(locks, log) {
    if (!settings_.company_zone) settings_.company_zone = date::locate_zone("UTC");
}

delivery_writer::~delivery_writer() = default;

boost::asio::awaitable<std::optional<std::int64_t>> delivery_writer::liveness_lock() {
    // Held for the writer's life: a process that dies loses it with its session, and its job is taken over
    // at once instead of after the lease. Without it (the database unreachable), only the lease counts.
    const bool held = co_await locks_.try_lock(std::string(worker_space), owner_);
    if (!held) co_return std::nullopt;
    if (!liveness_key_) {
        auto key = co_await locks_.key_of(std::string(worker_space), owner_);
        liveness_key_ = key;
    }
    co_return liveness_key_;
}

boost::asio::awaitable<delivery_report> delivery_writer::deliver_once(std::size_t limit) {
    delivery_report report;
    const auto owner_lock = co_await liveness_lock();
    auto claimed = co_await db_.run([&](pqxx::work& w) {
        return jobs::claim(w, {deliver_job_kind}, owner_, settings_.lease, limit, owner_lock);
    });
    report.claimed = claimed.size();
    for (const auto& job : claimed) co_await handle(job, report);
    if (report.claimed > 0)
        log_.info("shipments.delivered", {{"claimed", report.claimed},
                                          {"delivered", report.delivered},
                                          {"found", report.found},
                                          {"skipped", report.skipped},
                                          {"cancelled", report.cancelled},
                                          {"failed", report.failed},
                                          {"dead", report.dead},
                                          {"postponed", report.postponed},
                                          {"order_updates_refused", report.order_updates_refused}});
    co_return report;
}

boost::asio::awaitable<void> delivery_writer::handle(const jobs::job& job, delivery_report& report) {
    // An unreadable payload names no link: it is handled as "no link", which ends the job.
    const auto target = read_job<deliver_shipment_job>(job.payload).value_or(deliver_shipment_job{});
    auto state = co_await load(target);
    const auto choice = choose_step(facts_of(state, settings_));
    if (!calls_sap(choice.step)) {
        const bool marked = state.link && state.link->delivery_in_doubt_at;
        auto v = verdict_without_sap(choice, marked);
        count(report, v,
              co_await settle(db_, owner_, job, target.kind, target.id, plan_for(v, job, state),
                              settings_.company_db));
        co_return;
    }
    // One sales order at a time across replicas: two partial shipments never allocate the same batch stock,
    // nor read the order's open quantities, at once. Held until the outcome is recorded, so the next worker
    // for this order starts from it.
    const std::string order_lock =
        state.order ? settings_.company_db + ":" + std::to_string(state.order->doc_entry) : std::string();
    bool order_free = true;
    if (!order_lock.empty()) order_free = co_await locks_.try_lock(std::string(order_space), order_lock);
    if (!order_free) {
        delivery_verdict v;
        v.what = delivery_verdict::kind::postponed;
        v.retry_after = settings_.busy_order_delay;
        count(report, v,
              co_await settle(db_, owner_, job, target.kind, target.id, plan_for(v, job, state),
                              settings_.company_db));
        co_return;
    }
    std::exception_ptr failure;
    bool died = false;
    delivery_verdict v;
    try {
        v = co_await run_leased(job, state, choice.step);
        died = co_await settle(db_, owner_, job, target.kind, target.id, plan_for(v, job, state),
                               settings_.company_db);
    } catch (...) {
        failure = std::current_exception();
    }
    if (!order_lock.empty()) co_await locks_.unlock(std::string(order_space), order_lock);
    if (failure) std::rethrow_exception(failure);
    count(report, v, died);
}

boost::asio::awaitable<delivery_state> delivery_writer::load(const deliver_shipment_job& target) {
    co_return co_await db_.run([&](pqxx::work& w) { return load_delivery_state(w, target.kind, target.id); });
}

settle_plan delivery_writer::plan_for(const delivery_verdict& v, const jobs::job& job,
                                      const delivery_state& state) const {
    auto plan =
        plan_settlement(v, job, state.link ? &*state.link : nullptr, state.order ? &*state.order : nullptr,
                        doubling_backoff(job.attempts, settings_.retry_delay, settings_.retry_max_delay));
    if (settings_.stock_sync && v.what == delivery_verdict::kind::delivered) plan.stock_items = v.item_codes;
    return plan;
}

boost::asio::awaitable<delivery_verdict> delivery_writer::run_leased(const jobs::job& job,
                                                                     const delivery_state& state,
                                                                     delivery_step step) {
    const auto kind = state.link->kind;
    const auto id = state.link->shipstation_id;
    job_lease lease(db_, job.id, owner_, settings_.lease);
    co_await lease.start();
    step_guard guard;
    guard.before_read = [&]() { return lease.renew(); };
    guard.before_write = [&]() -> boost::asio::awaitable<bool> {
        co_return co_await db_.run([&](pqxx::work& w) {
            if (!jobs::extend_lease(w, job.id, owner_, settings_.lease)) return false;
            links::mark_in_doubt(w, kind, id);
            return true;
        });
    };
    const step_input in{*state.link, state.order ? &*state.order : nullptr,
                        stamp_of(kind == links::link_kind::fulfillment, id), &state.mapped_skus};
    std::exception_ptr failure;
    delivery_verdict v;
    try {
        v = co_await run_step(sap_, settings_, in, guard, step);
    } catch (...) {
        failure = std::current_exception();
    }
    co_await lease.stop();
    if (failure) std::rethrow_exception(failure);
    co_return v;
}

}  // namespace mlc::flows::shipments
