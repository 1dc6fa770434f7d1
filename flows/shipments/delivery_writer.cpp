// Each recorded shipment becomes exactly one SAP delivery based on its sales order, and the order gets the
// tracking number.
#include "flows/shipments/delivery_writer.hpp"

#include "clients/sap/deliveries.hpp"
#include "clients/sap/json_fields.hpp"
#include "clients/sap/orders.hpp"
#include "common/local_day.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/order_links.hpp"
#include "db/shipment_links.hpp"
#include "flows/shipments/delivery_lines.hpp"
#include "flows/shipments/line_allocations.hpp"
#include "flows/shipments/shipment_jobs.hpp"
#include "flows/worker_loop.hpp"

#include <date/tz.h>

#include <algorithm>
#include <optional>

namespace mlc::flows::shipments {

namespace {

namespace jf = clients::sap::json_fields;

namespace sap = clients::sap;
namespace jobs = db::job_queue;
namespace links = db::shipment_links;
namespace orders = db::order_links;
namespace audit = db::audit_log;

// What became of one job.
struct verdict {
    enum class kind { delivered, found, skipped, cancelled, failed, dead, done } what = kind::done;
    std::string reason;
    std::optional<int> doc_entry, doc_num;
    std::string action;  // the audit row's action ("" for none)
    boost::json::object summary;
    // Steps on the way, audited around the outcome: shipment_mapped before it, order_patched after it.
    std::vector<std::pair<std::string, boost::json::object>> before, after;
};

// The fields of an order PATCH, for the audit log.
boost::json::object fields_of(const sap::order_update& u) {
    boost::json::object o = u.user_fields;
    if (u.tracking_number) o["TrackingNumber"] = *u.tracking_number;
    return o;
}

// The batches and serial numbers given to the lines, for the audit trail: [{BaseLine, BatchNumbers,
// SerialNumbers}] of the lines that have any.
boost::json::array allocations_of(const sap::delivery_request& r) {
    boost::json::array out;
    for (const auto& l : r.lines) {
        if (l.batch_numbers.empty() && l.serial_numbers.empty()) continue;
        boost::json::object line{{"BaseLine", l.base_line}};
        if (!l.batch_numbers.empty()) {
            boost::json::array batches;
            for (const auto& b : l.batch_numbers) batches.push_back({{"BatchNumber", b.batch_number}, {"Quantity", b.quantity}});
            line["BatchNumbers"] = std::move(batches);
        }
        if (!l.serial_numbers.empty()) {
            boost::json::array serials;
            for (const auto& s : l.serial_numbers) serials.push_back(boost::json::value(s.internal_serial_number));
            line["SerialNumbers"] = std::move(serials);
        }
        out.push_back(std::move(line));
    }
    return out;
}

std::optional<int> transportation_code(const delivery_settings& s, const links::shipment_link& link) {
    auto find = [&](const std::string& key) -> std::optional<int> {
        for (const auto& [k, code] : s.carrier_map)
            if (k == key) return code;
        return std::nullopt;
    };
    if (auto c = find(link.carrier_code + "/" + link.service_code)) return c;
    return find(link.carrier_code);
}

struct patch_result {
    std::optional<std::string> failure;
    boost::json::object written;  // the fields sent ({} when there was nothing to write)
};

// Patches the sales order once its delivery exists.
boost::asio::awaitable<patch_result> patch_shipped_order(sap::client& sap_client, const delivery_settings& settings,
                                                         const links::shipment_link& link, int order_doc_entry) {
    std::optional<shipping_status> status;
    if (!settings.order_fields.status.empty()) {
        // Read after the delivery: SAP closes the order with its last delivery, whichever shipment that was.
        auto order = co_await sap::get_order(sap_client, order_doc_entry);
        if (!order) co_return patch_result{"reading it for its status: " + order.error().describe(), {}};
        status = order->document_status == "bost_Close" ? shipping_status::shipped : shipping_status::partially_shipped;
    }
    auto day = delivery_date(link, *settings.company_zone, settings.now());
    auto update = shipped_order_update(settings.order_fields, link, day, status);
    if (!update) co_return patch_result{};
    auto written = fields_of(*update);
    auto patched = co_await sap::patch_order(sap_client, order_doc_entry, std::move(*update));
    if (!patched) co_return patch_result{patched.error().describe(), {}};
    co_return patch_result{std::nullopt, std::move(written)};
}

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
        verdict v;

        if (!link || (link->state == links::link_state::delivered && !link->voided)) {
            v.what = verdict::kind::done;
        } else if (link->voided && link->state == links::link_state::cancelled) {
            v.what = verdict::kind::done;
        } else if (link->voided && link->state == links::link_state::delivered && settings_.cancel_on_void &&
                   link->delivery_doc_entry) {
            // The label was voided after its delivery: cancel the delivery so the stock comes back. A cancel
            // whose answer was lost is checked by reading the stamped deliveries before trying again.
            bool already = false;
            if (job.attempts > 1) {
                sap::delivery_stamp where{settings_.stamp_field.empty() ? "Comments" : settings_.stamp_field, stamp};
                auto found = co_await sap::find_deliveries_by_stamp(sap_, where);
                if (found)
                    for (const auto& d : *found) already = already || (d.doc_entry == *link->delivery_doc_entry && d.cancelled);
            }
            v.doc_entry = link->delivery_doc_entry;
            v.doc_num = link->delivery_doc_num;
            if (already) {
                v.what = verdict::kind::cancelled;
                v.action = "delivery_cancelled";
            } else {
                auto cancelled = co_await sap::cancel_delivery(sap_, *link->delivery_doc_entry);
                if (cancelled) {
                    v.what = verdict::kind::cancelled;
                    v.action = "delivery_cancelled";
                } else if (cancelled.error().kind == sap::errc::business) {
                    v.what = verdict::kind::dead;
                    v.action = "dead_lettered";
                    v.reason = "the label was voided, but SAP refused to cancel delivery " +
                               std::to_string(link->delivery_doc_num.value_or(0)) + ": " + cancelled.error().describe();
                } else {
                    v.what = verdict::kind::failed;
                    v.action = "failed";
                    v.reason = "cancelling delivery " + std::to_string(link->delivery_doc_num.value_or(0)) +
                               " after the void: " + cancelled.error().describe();
                }
            }
        } else if (link->voided) {
            v.what = verdict::kind::skipped;
            v.action = link->state == links::link_state::delivered ? "void_noted" : "skipped";
            v.reason = link->state == links::link_state::delivered
                           ? "the label was voided after its delivery was written; the delivery stays "
                             "(MLC_VOID_POLICY=flag)"
                           : "the label was voided before its delivery was written";
        } else if (!order_link) {
            v.what = verdict::kind::skipped;
            v.action = "skipped";
            v.reason = "not an order the connector sent to ShipStation (orderKey '" + link->order_key + "')";
        } else {
            // An earlier attempt may have posted the delivery before its answer was lost: look first.
            std::optional<sap::document> existing;
            std::optional<std::string> lookup_error;
            if (job.attempts > 1) {
                sap::delivery_stamp where{settings_.stamp_field.empty() ? "Comments" : settings_.stamp_field, stamp};
                auto found = co_await sap::find_deliveries_by_stamp(sap_, where);
                if (!found) lookup_error = found.error().describe();
                else
                    for (auto& d : *found)
                        if (!d.cancelled) existing = std::move(d);
            }
            if (lookup_error) {
                v.what = verdict::kind::failed;
                v.action = "failed";
                v.reason = "looking for an earlier delivery with stamp " + stamp + ": " + *lookup_error;
            } else if (existing) {
                v.what = verdict::kind::found;
                v.action = "delivery_found";
                v.doc_entry = existing->doc_entry;
                v.doc_num = existing->doc_num;
            } else {
                auto order = co_await sap::get_order(sap_, order_link->doc_entry);
                if (!order) {
                    bool gone = order.error().kind == sap::errc::not_found;
                    v.what = gone ? verdict::kind::dead : verdict::kind::failed;
                    v.action = gone ? "dead_lettered" : "failed";
                    v.reason = "reading sales order " + std::to_string(order_link->doc_num) + ": " + order.error().describe();
                } else {
                    const auto* items = link->payload.is_object() && link->payload.as_object().contains("shipmentItems") &&
                                                link->payload.as_object().at("shipmentItems").is_array()
                                            ? &link->payload.as_object().at("shipmentItems").as_array()
                                            : nullptr;
                    auto lines = delivery_lines_for(*order, items);
                    allocation_outcome allocated;
                    if (!lines)
                        allocated = {allocation_outcome::kind::refused, lines.error()};
                    else
                        allocated = co_await allocate_lines(sap_, settings_.batches, settings_.serial_options,
                                                            local_day(*settings_.company_zone, settings_.now()), *lines);
                    if (allocated.what != allocation_outcome::kind::allocated) {
                        // Lines no open line can take, or batches and serial numbers that cannot be chosen, need a
                        // person; a failed read from SAP is retried.
                        const bool refused = allocated.what == allocation_outcome::kind::refused;
                        v.what = refused ? verdict::kind::dead : verdict::kind::failed;
                        v.action = refused ? "dead_lettered" : "failed";
                        v.reason = allocated.reason;
                    } else {
                        sap::delivery_request r;
                        r.card_code = order->card_code;
                        r.doc_date = delivery_date(*link, *settings_.company_zone, settings_.now());
                        r.transportation_code = transportation_code(settings_, *link);
                        r.tracking_number = link->tracking_number;
                        r.comments = std::string("ShipStation ") + (is_fulfillment ? "fulfillment " : "shipment ") +
                                     std::to_string(id) + (settings_.stamp_field.empty() ? " [" + stamp + "]" : "");
                        if (!settings_.stamp_field.empty()) r.user_fields[settings_.stamp_field] = stamp;
                        for (auto& l : *lines) r.lines.push_back(std::move(l.request));
                        boost::json::array mapped;
                        for (const auto& l : r.lines)
                            mapped.push_back(boost::json::object{{"BaseLine", l.base_line}, {"Quantity", l.quantity}});
                        v.before.emplace_back("shipment_mapped", boost::json::object{{"BaseEntry", order->doc_entry},
                                                                                    {"lines", std::move(mapped)}});
                        v.summary = boost::json::object{{"BaseEntry", order->doc_entry},
                                                        {"lines", r.lines.size()},
                                                        {"TrackingNumber", r.tracking_number},
                                                        {"stamp", stamp}};
                        if (auto chosen = allocations_of(r); !chosen.empty()) v.summary["allocations"] = std::move(chosen);
                        auto created = co_await sap::create_delivery(sap_, r);
                        if (created) {
                            v.what = verdict::kind::delivered;
                            v.action = "delivery_created";
                            v.doc_entry = created->doc_entry;
                            v.doc_num = created->doc_num;
                        } else if (created.error().kind == sap::errc::business) {
                            v.what = verdict::kind::dead;  // a retry would meet the same refusal
                            v.action = "dead_lettered";
                            v.reason = "SAP refused the delivery: " + created.error().describe();
                        } else {
                            v.what = verdict::kind::failed;
                            v.action = "failed";
                            v.reason = "posting the delivery: " + created.error().describe();
                        }
                    }
                }
            }
            if (v.what == verdict::kind::delivered || v.what == verdict::kind::found) {
                // The sales order shows the shipping status too; replay-safe, so a failure is simply retried
                // (the next attempt finds the delivery by its stamp and patches again).
                auto patched = co_await patch_shipped_order(sap_, settings_, *link, order_link->doc_entry);
                if (patched.failure) {
                    co_await db_.run([&](pqxx::work& w) {
                        links::mark_delivered(w, kind, id, *v.doc_entry, *v.doc_num);
                    });
                    v.what = verdict::kind::failed;
                    v.action = "failed";
                    v.reason = "the delivery exists (DocNum " + std::to_string(*v.doc_num) +
                               "), but updating the sales order failed: " + *patched.failure;
                } else if (!patched.written.empty()) {
                    v.after.emplace_back("order_patched", std::move(patched.written));
                }
            }
        }
        if ((v.what == verdict::kind::cancelled || v.action == "void_noted") && order_link) {
            if (auto update = voided_order_update(settings_.order_fields, v.what == verdict::kind::cancelled)) {
                auto written = fields_of(*update);
                auto patched = co_await sap::patch_order(sap_, order_link->doc_entry, std::move(*update));
                if (patched) {
                    v.after.emplace_back("order_patched", std::move(written));
                } else {
                    // Retried whole: a cancel already made is found by its stamp and not sent again.
                    v.what = verdict::kind::failed;
                    v.action = "failed";
                    v.reason = "the void is handled, but updating the sales order's status failed: " +
                               patched.error().describe();
                }
            }
        }

        co_await db_.run([&](pqxx::work& w) {
            switch (v.what) {
            case verdict::kind::done:
                jobs::complete(w, job.id, owner_);
                break;
            case verdict::kind::delivered:
            case verdict::kind::found:
                links::mark_delivered(w, kind, id, *v.doc_entry, *v.doc_num);
                jobs::complete(w, job.id, owner_);
                ++(v.what == verdict::kind::delivered ? report.delivered : report.found);
                break;
            case verdict::kind::cancelled:
                links::set_state(w, kind, id, links::link_state::cancelled, std::nullopt);
                jobs::complete(w, job.id, owner_);
                ++report.cancelled;
                break;
            case verdict::kind::skipped:
                if (link && link->state != links::link_state::delivered)
                    links::set_state(w, kind, id, links::link_state::skipped, v.reason);
                jobs::complete(w, job.id, owner_);
                ++report.skipped;
                break;
            case verdict::kind::dead:
                links::set_state(w, kind, id, links::link_state::dead, v.reason);
                jobs::bury(w, job.id, owner_, v.reason);
                ++report.dead;
                break;
            case verdict::kind::failed: {
                auto delay = retry_delay_after(job.attempts, settings_.retry_delay, settings_.retry_max_delay);
                auto state = jobs::fail(w, job.id, owner_, v.reason, delay);
                bool dead = state == jobs::job_state::dead;
                if (link && link->state != links::link_state::delivered)
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
            e.result = v.what == verdict::kind::delivered || v.what == verdict::kind::found ||
                               v.what == verdict::kind::cancelled
                           ? audit::outcome::ok
                       : v.what == verdict::kind::skipped                                  ? audit::outcome::skipped
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
