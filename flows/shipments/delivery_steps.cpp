// The SAP side of one delivery job.
#include "flows/shipments/delivery_steps.hpp"

#include "clients/sap/deliveries.hpp"
#include "clients/sap/orders.hpp"
#include "common/local_day.hpp"
#include "flows/shipments/delivery_lines.hpp"
#include "flows/shipments/line_allocations.hpp"
#include "flows/shipments/order_shipping_update.hpp"

namespace mlc::flows::shipments {

namespace {

namespace sap = clients::sap;
namespace links = db::shipment_links;

// Where the stamp is: the configured UDF, or Comments.
sap::delivery_stamp stamp_where(const delivery_settings& settings, const std::string& stamp) {
    return {settings.stamp_field.empty() ? "Comments" : settings.stamp_field, stamp};
}

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
        if (!l.batch_numbers.empty()) line["BatchNumbers"] = sap::batch_numbers_json(l.batch_numbers);
        if (!l.serial_numbers.empty()) {
            boost::json::array serials;
            for (const auto& s : l.serial_numbers)
                serials.push_back(boost::json::value(s.internal_serial_number));
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
boost::asio::awaitable<patch_result> patch_shipped_order(sap::client& sap_client,
                                                         const delivery_settings& settings,
                                                         const links::shipment_link& link,
                                                         int order_doc_entry) {
    std::optional<shipping_status> status;
    if (!settings.order_fields.status.empty()) {
        // Read after the delivery: SAP closes the order with its last delivery, whichever shipment that was.
        auto order = co_await sap::get_order(sap_client, order_doc_entry);
        if (!order) co_return patch_result{"reading it for its status: " + order.error().describe(), {}};
        status = order->document_status == "bost_Close" ? shipping_status::shipped
                                                        : shipping_status::partially_shipped;
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

boost::asio::awaitable<delivery_verdict> write_delivery(sap::client& sap_client,
                                                        const delivery_settings& settings,
                                                        const links::shipment_link& link,
                                                        const db::order_links::order_link& order_link,
                                                        const std::string& stamp, int attempts) {
    delivery_verdict v;
    // An earlier attempt may have posted the delivery before its answer was lost: look first.
    std::optional<sap::document> existing;
    std::optional<std::string> lookup_error;
    if (attempts > 1) {
        auto found = co_await sap::find_deliveries_by_stamp(sap_client, stamp_where(settings, stamp));
        if (!found)
            lookup_error = found.error().describe();
        else
            for (auto& d : *found)
                if (!d.cancelled) existing = std::move(d);
    }
    if (lookup_error) {
        v.what = delivery_verdict::kind::failed;
        v.action = "failed";
        v.reason = "looking for an earlier delivery with stamp " + stamp + ": " + *lookup_error;
    } else if (existing) {
        v.what = delivery_verdict::kind::found;
        v.action = "delivery_found";
        v.doc_entry = existing->doc_entry;
        v.doc_num = existing->doc_num;
    } else {
        auto order = co_await sap::get_order(sap_client, order_link.doc_entry);
        if (!order) {
            bool gone = order.error().kind == sap::errc::not_found;
            v.what = gone ? delivery_verdict::kind::dead : delivery_verdict::kind::failed;
            v.action = gone ? "dead_lettered" : "failed";
            v.reason =
                "reading sales order " + std::to_string(order_link.doc_num) + ": " + order.error().describe();
        } else {
            const auto* items = link.payload.is_object() &&
                                        link.payload.as_object().contains("shipmentItems") &&
                                        link.payload.as_object().at("shipmentItems").is_array()
                                    ? &link.payload.as_object().at("shipmentItems").as_array()
                                    : nullptr;
            auto lines = delivery_lines_for(*order, items);
            allocation_outcome allocated;
            if (!lines)
                allocated = {allocation_outcome::kind::refused, lines.error()};
            else
                allocated =
                    co_await allocate_lines(sap_client, settings.batches, settings.serial_options,
                                            local_day(*settings.company_zone, settings.now()), *lines);
            if (allocated.what != allocation_outcome::kind::allocated) {
                // Lines no open line can take, or batches and serial numbers that cannot be chosen, need a
                // person; a failed read from SAP is retried.
                const bool refused = allocated.what == allocation_outcome::kind::refused;
                v.what = refused ? delivery_verdict::kind::dead : delivery_verdict::kind::failed;
                v.action = refused ? "dead_lettered" : "failed";
                v.reason = allocated.reason;
            } else {
                sap::delivery_request r;
                r.card_code = order->card_code;
                r.doc_date = delivery_date(link, *settings.company_zone, settings.now());
                r.transportation_code = transportation_code(settings, link);
                r.tracking_number = link.tracking_number;
                r.comments = std::string("ShipStation ") +
                             (link.kind == links::link_kind::fulfillment ? "fulfillment " : "shipment ") +
                             std::to_string(link.shipstation_id) +
                             (settings.stamp_field.empty() ? " [" + stamp + "]" : "");
                if (!settings.stamp_field.empty()) r.user_fields[settings.stamp_field] = stamp;
                for (auto& l : *lines) r.lines.push_back(std::move(l.request));
                boost::json::array mapped;
                for (const auto& l : r.lines)
                    mapped.push_back(
                        boost::json::object{{"BaseLine", l.base_line}, {"Quantity", l.quantity}});
                v.before.emplace_back("shipment_mapped", boost::json::object{{"BaseEntry", order->doc_entry},
                                                                             {"lines", std::move(mapped)}});
                v.summary = boost::json::object{{"BaseEntry", order->doc_entry},
                                                {"lines", r.lines.size()},
                                                {"TrackingNumber", r.tracking_number},
                                                {"stamp", stamp}};
                if (auto chosen = allocations_of(r); !chosen.empty())
                    v.summary["allocations"] = std::move(chosen);
                auto created = co_await sap::create_delivery(sap_client, r);
                if (created) {
                    v.what = delivery_verdict::kind::delivered;
                    v.action = "delivery_created";
                    v.doc_entry = created->doc_entry;
                    v.doc_num = created->doc_num;
                } else if (created.error().kind == sap::errc::business) {
                    v.what = delivery_verdict::kind::dead;  // a retry would meet the same refusal
                    v.action = "dead_lettered";
                    v.reason = "SAP refused the delivery: " + created.error().describe();
                } else {
                    v.what = delivery_verdict::kind::failed;
                    v.action = "failed";
                    v.reason = "posting the delivery: " + created.error().describe();
                }
            }
        }
    }
    if (v.what == delivery_verdict::kind::delivered || v.what == delivery_verdict::kind::found) {
        // The sales order shows the shipping status too; replay-safe, so a failure is simply retried
        // (the next attempt finds the delivery by its stamp and patches again).
        auto patched = co_await patch_shipped_order(sap_client, settings, link, order_link.doc_entry);
        if (patched.failure) {
            v.delivery_exists = true;
            v.what = delivery_verdict::kind::failed;
            v.action = "failed";
            v.reason = "the delivery exists (DocNum " + std::to_string(*v.doc_num) +
                       "), but updating the sales order failed: " + *patched.failure;
        } else if (!patched.written.empty()) {
            v.after.emplace_back("order_patched", std::move(patched.written));
        }
    }
    co_return v;
}

boost::asio::awaitable<delivery_verdict> cancel_after_void(sap::client& sap_client,
                                                           const delivery_settings& settings,
                                                           const links::shipment_link& link,
                                                           const std::string& stamp, int attempts) {
    delivery_verdict v;
    // The label was voided after its delivery: cancel the delivery so the stock comes back. A cancel
    // whose answer was lost is checked by reading the stamped deliveries before trying again.
    bool already = false;
    if (attempts > 1) {
        auto found = co_await sap::find_deliveries_by_stamp(sap_client, stamp_where(settings, stamp));
        if (found)
            for (const auto& d : *found)
                already = already || (d.doc_entry == *link.delivery_doc_entry && d.cancelled);
    }
    v.doc_entry = link.delivery_doc_entry;
    v.doc_num = link.delivery_doc_num;
    if (already) {
        v.what = delivery_verdict::kind::cancelled;
        v.action = "delivery_cancelled";
    } else {
        auto cancelled = co_await sap::cancel_delivery(sap_client, *link.delivery_doc_entry);
        if (cancelled) {
            v.what = delivery_verdict::kind::cancelled;
            v.action = "delivery_cancelled";
        } else if (cancelled.error().kind == sap::errc::business) {
            v.what = delivery_verdict::kind::dead;
            v.action = "dead_lettered";
            v.reason = "the label was voided, but SAP refused to cancel delivery " +
                       std::to_string(link.delivery_doc_num.value_or(0)) + ": " +
                       cancelled.error().describe();
        } else {
            v.what = delivery_verdict::kind::failed;
            v.action = "failed";
            v.reason = "cancelling delivery " + std::to_string(link.delivery_doc_num.value_or(0)) +
                       " after the void: " + cancelled.error().describe();
        }
    }
    co_return v;
}

boost::asio::awaitable<void> note_void_on_order(sap::client& sap_client, const delivery_settings& settings,
                                                int order_doc_entry, delivery_verdict& v) {
    if (auto update =
            voided_order_update(settings.order_fields, v.what == delivery_verdict::kind::cancelled)) {
        auto written = fields_of(*update);
        auto patched = co_await sap::patch_order(sap_client, order_doc_entry, std::move(*update));
        if (patched) {
            v.after.emplace_back("order_patched", std::move(written));
        } else {
            // Retried whole: a cancel already made is found by its stamp and not sent again.
            v.what = delivery_verdict::kind::failed;
            v.action = "failed";
            v.reason = "the void is handled, but updating the sales order's status failed: " +
                       patched.error().describe();
        }
    }
}

}  // namespace mlc::flows::shipments
