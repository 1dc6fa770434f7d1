// Each recorded shipment becomes exactly one SAP delivery based on its sales order, and the order gets the
// tracking number.
#include "flows/shipments/delivery_writer.hpp"

#include "clients/sap/json_fields.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/order_links.hpp"
#include "db/shipment_links.hpp"
#include "flows/shipments/delivery_steps.hpp"
#include "flows/shipments/shipment_jobs.hpp"
#include "flows/worker_loop.hpp"

#include <date/tz.h>

#include <optional>

namespace mlc::flows::shipments {

namespace {

namespace jf = clients::sap::json_fields;
namespace jobs = db::job_queue;
namespace links = db::shipment_links;
namespace orders = db::order_links;
namespace audit = db::audit_log;

}  // namespace

delivery_settings make_delivery_settings(const app_config& cfg) {
    delivery_settings s;
    s.stamp_field = cfg.shipments.stamp_field;
    s.carrier_map = cfg.shipments.carrier_map;
    s.cancel_on_void = cfg.shipments.cancel_on_void;
    s.order_fields = {cfg.shipments.order_carrier_field, cfg.shipments.order_service_field,
                      cfg.shipments.order_ship_date_field, cfg.shipments.order_status_field};
    s.batches = cfg.shipments.batches;
    s.serial_options = cfg.shipments.serial_options;
    s.company_zone = date::locate_zone(cfg.sap.time_zone);
    s.lease = cfg.shipments.delivery_lease;
    return s;
}

std::string delivery_writer::stamp_of(bool fulfillment, std::int64_t id) {
    return std::string(fulfillment ? "SS-FULF-" : "SS-SHIP-") + std::to_string(id);
}

delivery_writer::delivery_writer(db::database& database, clients::sap::client& sap, delivery_settings settings,
                                 const logger& log, std::string owner)
    : db_(database), sap_(sap), settings_(std::move(settings)), log_(log), owner_(std::move(owner)) {
    if (!settings_.company_zone) settings_.company_zone = date::locate_zone("UTC");
}

boost::asio::awaitable<delivery_report> delivery_writer::deliver_once(std::size_t limit) {
    delivery_report report;
    auto claimed = co_await db_.run(
        [&](pqxx::work& w) { return jobs::claim(w, {deliver_job_kind}, owner_, settings_.lease, limit); });
    report.claimed = claimed.size();

    for (const auto& job : claimed) {
        links::link_kind kind = links::link_kind::shipment;
        std::int64_t id = 0;
        if (const auto* p = job.payload.if_object()) {
            if (jf::text(*p, "kind") == "fulfillment") kind = links::link_kind::fulfillment;
            if (const auto* v = p->if_contains("id"); v && v->is_int64()) id = v->get_int64();
        }
        auto [link, order_link] = co_await db_.run([&](pqxx::work& w) {
            auto l = links::find(w, kind, id);
            std::optional<orders::order_link> o;
            if (l && !l->order_key.empty()) o = orders::find_by_key(w, l->order_key);
            if (l && !o && l->shipstation_order_id) o = orders::find_by_shipstation_order_id(w, *l->shipstation_order_id);
            return std::make_pair(std::move(l), std::move(o));
        });
        const bool is_fulfillment = kind == links::link_kind::fulfillment;
        const std::string stamp = stamp_of(is_fulfillment, id);
        delivery_verdict v;

        if (!link || (link->state == links::link_state::delivered && !link->voided)) {
            v.what = delivery_verdict::kind::done;
        } else if (link->voided && link->state == links::link_state::cancelled) {
            v.what = delivery_verdict::kind::done;
        } else if (link->voided && link->state == links::link_state::delivered && settings_.cancel_on_void &&
                   link->delivery_doc_entry) {
            v = co_await cancel_after_void(sap_, settings_, *link, stamp, job.attempts);
        } else if (link->voided) {
            v.what = delivery_verdict::kind::skipped;
            v.action = link->state == links::link_state::delivered ? "void_noted" : "skipped";
            v.reason = link->state == links::link_state::delivered
                           ? "the label was voided after its delivery was written; the delivery stays "
                             "(MLC_VOID_POLICY=flag)"
                           : "the label was voided before its delivery was written";
        } else if (!order_link) {
            v.what = delivery_verdict::kind::skipped;
            v.action = "skipped";
            v.reason = "not an order the connector sent to ShipStation (orderKey '" + link->order_key + "')";
        } else {
            v = co_await write_delivery(sap_, settings_, *link, *order_link, stamp, job.attempts);
        }
        if ((v.what == delivery_verdict::kind::cancelled || v.action == "void_noted") && order_link)
            co_await note_void_on_order(sap_, settings_, order_link->doc_entry, v);

        co_await db_.run([&](pqxx::work& w) {
            switch (v.what) {
            case delivery_verdict::kind::done:
                jobs::complete(w, job.id, owner_);
                break;
            case delivery_verdict::kind::delivered:
            case delivery_verdict::kind::found:
                links::mark_delivered(w, kind, id, *v.doc_entry, *v.doc_num);
                jobs::complete(w, job.id, owner_);
                ++(v.what == delivery_verdict::kind::delivered ? report.delivered : report.found);
                break;
            case delivery_verdict::kind::cancelled:
                links::set_state(w, kind, id, links::link_state::cancelled, std::nullopt);
                jobs::complete(w, job.id, owner_);
                ++report.cancelled;
                break;
            case delivery_verdict::kind::skipped:
                if (link && link->state != links::link_state::delivered)
                    links::set_state(w, kind, id, links::link_state::skipped, v.reason);
                jobs::complete(w, job.id, owner_);
                ++report.skipped;
                break;
            case delivery_verdict::kind::dead:
                links::set_state(w, kind, id, links::link_state::dead, v.reason);
                jobs::bury(w, job.id, owner_, v.reason);
                ++report.dead;
                break;
            case delivery_verdict::kind::failed: {
                auto delay = retry_delay_after(job.attempts, settings_.retry_delay, settings_.retry_max_delay);
                auto state = jobs::fail(w, job.id, owner_, v.reason, delay);
                bool dead = state == jobs::job_state::dead;
                // Written, only the order PATCH failed: the link names its delivery but stays failed, so that the
                // retry runs (it finds the delivery by its stamp and only patches).
                if (v.delivery_exists) links::mark_delivered(w, kind, id, *v.doc_entry, *v.doc_num);
                if (v.delivery_exists || (link && link->state != links::link_state::delivered))
                    links::set_state(w, kind, id, dead ? links::link_state::dead : links::link_state::failed, v.reason);
                if (dead) v.action = "dead_lettered";
                ++(dead ? report.dead : report.failed);
                break;
            }
            }
            if (v.action.empty()) return;
            auto row = [&](std::string action) {
                audit::entry e;
                e.dir = audit::direction::outbound;
                e.entity_type = audit_entity;
                e.entity_key = std::string(links::to_string(kind)) + ":" + std::to_string(id);
                e.action = std::move(action);
                e.result = audit::outcome::ok;
                e.correlation_id = job.correlation_id;
                e.job_id = job.id;
                return e;
            };
            std::vector<audit::entry> rows;
            for (auto& [action, summary] : v.before) {
                rows.push_back(row(action));
                rows.back().request_summary = boost::json::value(std::move(summary));
            }
            audit::entry e = row(v.action);
            e.result = v.what == delivery_verdict::kind::delivered || v.what == delivery_verdict::kind::found ||
                               v.what == delivery_verdict::kind::cancelled
                           ? audit::outcome::ok
                       : v.what == delivery_verdict::kind::skipped                                  ? audit::outcome::skipped
                       : v.action == "dead_lettered"                                        ? audit::outcome::dead_letter
                                                                                            : audit::outcome::failed;
            boost::json::object outcome_summary = v.summary;
            if (order_link) outcome_summary["DocNum"] = order_link->doc_num;
            e.request_summary = boost::json::value(std::move(outcome_summary));
            if (v.doc_entry)
                e.response_summary = boost::json::object{{"DocEntry", *v.doc_entry}, {"DocNum", *v.doc_num}};
            if (!v.reason.empty()) e.error = v.reason;
            rows.push_back(std::move(e));
            for (auto& [action, summary] : v.after) {
                rows.push_back(row(action));
                rows.back().request_summary = boost::json::value(std::move(summary));
            }
            audit::append_all(w, rows);
        });
    }
    if (report.claimed > 0)
        log_.info("shipments.delivered", {{"claimed", report.claimed},
                                          {"delivered", report.delivered},
                                          {"found", report.found},
                                          {"skipped", report.skipped},
                                          {"cancelled", report.cancelled},
                                          {"failed", report.failed},
                                          {"dead", report.dead}});
    co_return report;
}

}  // namespace mlc::flows::shipments
