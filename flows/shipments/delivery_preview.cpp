// A preview of the delivery writer's next step for a shipment: its state, step and request, unrecorded.
#include "flows/shipments/delivery_preview.hpp"

#include "clients/sap/delivery_request.hpp"
#include "clients/sap/orders.hpp"
#include "flows/shipments/delivery_state.hpp"
#include "flows/shipments/delivery_steps.hpp"
#include "flows/shipments/order_shipping_update.hpp"

#include <date/tz.h>

#include <map>

namespace mlc::flows::shipments {

namespace {

namespace sap = clients::sap;
namespace links = db::shipment_links;

std::string_view step_name(delivery_step s) {
    switch (s) {
        case delivery_step::nothing:
            return "nothing";
        case delivery_step::post:
            return "post";
        case delivery_step::look_then_post:
            return "look_then_post";
        case delivery_step::patch_order:
            return "patch_order";
        case delivery_step::cancel:
            return "cancel";
        case delivery_step::look_then_void:
            return "look_then_void";
        case delivery_step::note_void:
            return "note_void";
        case delivery_step::skip:
            return "skip";
        case delivery_step::refuse:
            return "refuse";
        case delivery_step::wait:
            return "wait";
    }
    return "unknown";
}

boost::json::value doc_json(const std::optional<int>& entry, const std::optional<int>& num) {
    if (!entry) return nullptr;
    return boost::json::object{{"doc_entry", *entry},
                               {"doc_num", num ? boost::json::value(*num) : boost::json::value(nullptr)}};
}

// A preview reads only: every read may go ahead, and a write (which no preview step reaches) stops the step.
step_guard read_only_guard() {
    step_guard g;
    g.before_read = []() -> boost::asio::awaitable<bool> { co_return true; };
    g.before_write = []() -> boost::asio::awaitable<bool> { co_return false; };
    return g;
}

// The order's status once the delivery of `lines` is posted: SAP closes an order when no line stays open.
// (The writer reads it from SAP after the POST; before it, the preview can only foresee it.)
shipping_status status_after(const sap::document& order,
                             const std::vector<sap::delivery_line_request>& lines) {
    std::map<int, double> delivered;
    for (const auto& l : lines) delivered[l.base_line] += l.quantity;
    for (const auto& line : order.lines) {
        if (line.line_status != "bost_Open" || line.remaining_open_quantity <= 0) continue;
        if (delivered[line.line_num] + 1e-9 < line.remaining_open_quantity)
            return shipping_status::partially_shipped;
    }
    return shipping_status::shipped;
}

// The PATCH body of `update`, or nullopt when there is nothing to write.
std::optional<boost::json::object> patch_body(const std::optional<sap::order_update>& update) {
    if (!update) return std::nullopt;
    return sap::order_update_body(*update);
}

// Why a step that posts nothing posts nothing.
std::string reason_without_post(const step_choice& choice, const links::shipment_link& link,
                                bool cancel_on_void, const std::string& stamp) {
    switch (choice.step) {
        case delivery_step::nothing:
            if (link.delivery_doc_entry)
                return "already delivered: delivery " + std::to_string(link.delivery_doc_num.value_or(0)) +
                       " (DocEntry " + std::to_string(*link.delivery_doc_entry) +
                       "), and the sales order updated";
            return "nothing to do: the shipment is " + std::string(links::to_string(link.state));
        case delivery_step::cancel:
        case delivery_step::look_then_void:
        case delivery_step::note_void:
            return std::string(
                       "the label was voided after its delivery was written: no delivery is posted (") +
                   (cancel_on_void ? "the delivery is cancelled, MLC_VOID_POLICY=cancel"
                                   : "the delivery stays, MLC_VOID_POLICY=flag") +
                   ")";
        case delivery_step::wait:
            return "a previous POST's answer was lost moments ago: the writer waits, then looks for a "
                   "delivery "
                   "stamped " +
                   stamp + " before posting";
        default:
            return choice.reason;
    }
}

}  // namespace

boost::json::object to_json(const delivery_preview& p) {
    auto optional_object = [](const std::optional<boost::json::object>& o) {
        return o ? boost::json::value(*o) : boost::json::value(nullptr);
    };
    return boost::json::object{{"shipment_id", p.shipment_id},
                               {"recorded", p.recorded},
                               {"would_send", p.would_send},
                               {"step", p.step},
                               {"stamp", p.stamp},
                               {"delivery", optional_object(p.delivery)},
                               {"order_patch", optional_object(p.order_patch)},
                               {"order", doc_json(p.order_doc_entry, p.order_doc_num)},
                               {"existing_delivery", doc_json(p.delivery_doc_entry, p.delivery_doc_num)},
                               {"reason", p.reason}};
}

delivery_previewer::delivery_previewer(db::database& database, sap::client& sap,
                                       const delivery_settings& settings)
    : db_(database), sap_(sap), settings_(settings) {
    settings_.batch_query = sap::missing_query::report;
}

boost::asio::awaitable<delivery_preview> delivery_previewer::preview(std::int64_t shipment_id) {
    delivery_preview p;
    p.shipment_id = shipment_id;
    p.stamp = delivery_writer::stamp_of(false, shipment_id);
    auto state = co_await db_.run(
        [&](pqxx::work& w) { return load_delivery_state(w, links::link_kind::shipment, shipment_id); });
    const auto choice = choose_step(facts_of(state, settings_));
    p.step = step_name(choice.step);
    if (!state.link) {
        p.reason = "no shipment " + std::to_string(shipment_id) +
                   " is recorded: its SHIP_NOTIFY has not been received and fetched (yet)";
        co_return p;
    }
    p.recorded = true;
    if (state.order) {
        p.order_doc_entry = state.order->doc_entry;
        p.order_doc_num = state.order->doc_num;
    }
    p.delivery_doc_entry = state.link->delivery_doc_entry;
    p.delivery_doc_num = state.link->delivery_doc_num;
    switch (choice.step) {
        case delivery_step::post:
        case delivery_step::look_then_post:
            co_await preview_post(p, state, choice.step == delivery_step::post);
            break;
        case delivery_step::patch_order:
            co_await preview_patch(p, state);
            break;
        default:
            p.reason = reason_without_post(choice, *state.link, settings_.cancel_on_void, p.stamp);
            break;
    }
    co_return p;
}

boost::asio::awaitable<void> delivery_previewer::preview_post(delivery_preview& p,
                                                              const delivery_state& state,
                                                              bool first_attempt) {
    const auto& link = *state.link;
    auto guard = read_only_guard();
    const step_input in{link, &*state.order, p.stamp, &state.mapped_skus};
    auto prepared = co_await prepare_delivery(sap_, settings_, in, guard);
    if (!prepared.request) {
        p.reason = "the delivery would not be posted: " + prepared.verdict.reason;
        co_return;
    }
    p.delivery = sap::delivery_body(*prepared.request);
    std::optional<shipping_status> status;
    if (!settings_.order_fields.status.empty())
        status = status_after(*prepared.order, prepared.request->lines);
    p.order_patch = patch_body(shipped_order_update(settings_.order_fields, link, day_of(link), status));
    p.would_send = true;
    p.reason = first_attempt ? "a delivery job now posts this delivery, then patches the sales order"
                             : "a previous POST may have been committed: the writer first looks for a "
                               "delivery stamped " +
                                   p.stamp + ", and posts this only when there is none";
}

boost::asio::awaitable<void> delivery_previewer::preview_patch(delivery_preview& p,
                                                               const delivery_state& state) {
    const auto& link = *state.link;
    if (!state.order) {
        p.reason = "already delivered, but the sales order's link is gone: nothing to update";
        co_return;
    }
    std::optional<sap::order_update> update;
    if (link.voided) {
        update = voided_order_update(settings_.order_fields, link.state == links::link_state::cancelled);
    } else {
        std::optional<shipping_status> status;
        if (!settings_.order_fields.status.empty()) {
            // The delivery exists: SAP's own status of the order is what the writer reads too.
            auto order = co_await sap::get_order(sap_, state.order->doc_entry);
            if (!order) {
                p.reason = "reading the sales order for its status: " + order.error().describe();
                co_return;
            }
            status = order->document_status == "bost_Close" ? shipping_status::shipped
                                                            : shipping_status::partially_shipped;
        }
        update = shipped_order_update(settings_.order_fields, link, day_of(link), status);
    }
    p.order_patch = patch_body(update);
    p.would_send = p.order_patch.has_value();
    p.reason = "already delivered (delivery " + std::to_string(link.delivery_doc_num.value_or(0)) +
               "); only the sales order's update is left";
}

std::chrono::sys_days delivery_previewer::day_of(const db::shipment_links::shipment_link& link) const {
    const auto& zone = settings_.company_zone ? *settings_.company_zone : *date::locate_zone("UTC");
    return delivery_date(link, zone, settings_.now());
}

}  // namespace mlc::flows::shipments
