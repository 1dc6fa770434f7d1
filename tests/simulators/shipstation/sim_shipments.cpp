// The simulator's shipments (labels, with SHIP_NOTIFY webhooks), voids and fulfillments (mark as shipped).
#include "tests/simulators/shipstation/sim_json.hpp"
#include "tests/simulators/shipstation/sim_state.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace mlc::sim::shipstation {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr std::string_view user_id = "123e4567-e89b-12d3-a456-426614174000";

std::optional<std::int64_t> int_param(const query_params& q, std::string_view name) {
    try {
        return q.get_int(name);
    } catch (const std::invalid_argument& e) {
        throw model_error(std::string(name), e.what());
    }
}

// shipDate in a control or markasshipped body: a V1 date, or today.
utc_time ship_date_of(const object& o, utc_time now) {
    auto text = str_of(o, "shipDate");
    if (text.empty()) return now;
    auto t = parse_pacific(text);
    if (!t) throw model_error("shipDate", "The value '" + text + "' is not valid for shipDate.");
    return *t;
}

}  // namespace

void sim_state::notify(const std::string& event, std::int64_t store_id, const std::string& resource_url,
                       std::vector<webhook_delivery>& out) const {
    for (const auto& [id, w] : webhooks_) {
        if (w.event != event || (w.store_id && *w.store_id != store_id)) continue;
        // Pointer-only, exactly the two fields V1 sends.
        object payload{{"resource_url", resource_url}, {"resource_type", event}};
        out.push_back({w.target_url, boost::json::serialize(payload)});
    }
}

object sim_state::shipment_json(const shipment_rec& s, bool with_items) const {
    object out = s.body;
    out["voided"] = s.voided.has_value();
    out["voidDate"] = s.voided ? value(pacific(*s.voided, pacific_style::fraction3)) : value(nullptr);
    out["shipmentItems"] = with_items ? value(s.items) : value(nullptr);
    return out;
}

api_result sim_state::control_ship(const value& body, std::vector<webhook_delivery>& out) {
    std::lock_guard lock(mutex_);
    const auto& in = object_body(body, "shipment");
    auto* order = find_order(int_of(in, "orderId").value_or(0));
    if (!order) throw model_error("orderId", "No order with that orderId.");
    if (order->status == "cancelled") throw model_error("orderId", "The order is cancelled.");

    // What is left to ship per line: ordered quantity minus what live shipments already carry.
    std::map<std::string, std::int64_t> left;
    std::map<std::string, const object*> lines;
    if (auto it = order->body.find("items"); it != order->body.end() && it->value().is_array()) {
        for (const auto& item : it->value().get_array()) {
            auto key = str_of(item.as_object(), "lineItemKey");
            left[key] += int_of(item.as_object(), "quantity").value_or(0);
            lines[key] = &item.as_object();
        }
    }
    for (const auto& [id, s] : shipments_) {
        if (s.order_id != order->id || s.voided) continue;
        for (const auto& si : s.items)
            left[str_of(si.as_object(), "lineItemKey")] -= int_of(si.as_object(), "quantity").value_or(0);
    }
    std::map<std::string, std::int64_t> take;
    if (auto it = in.find("items"); it != in.end() && it->value().is_array()) {
        for (const auto& want : it->value().get_array()) {
            const auto& w = object_body(want, "items");
            auto key = str_of(w, "lineItemKey");
            if (!lines.contains(key)) throw model_error("items", "No line with lineItemKey '" + key + "'.");
            take[key] += int_of(w, "quantity").value_or(left[key]);
        }
    } else {
        for (const auto& [key, n] : left) {
            if (n > 0) take[key] = n;
        }
    }
    if (take.empty()) throw model_error("items", "Nothing left to ship on this order.");
    array items;
    for (const auto& [key, n] : take) {
        if (n <= 0 || n > left[key])
            throw model_error("items", "Cannot ship " + std::to_string(n) + " of '" + key + "'.");
        const auto& line = *lines.at(key);
        object si;
        si["orderItemId"] = order->item_ids.count(key) ? value(order->item_ids.at(key)) : value(nullptr);
        for (auto f : {"lineItemKey", "sku", "name", "imageUrl", "weight", "unitPrice", "warehouseLocation",
                       "options", "productId", "fulfillmentSku"}) {
            si[f] = line.contains(f) ? line.at(f) : value(nullptr);
        }
        si["quantity"] = n;
        items.push_back(std::move(si));
        left[key] -= n;
    }

    auto t = now();
    shipment_rec s;
    s.id = next_id(next_shipment_id_);
    s.order_id = order->id;
    s.batch_id = next_id(next_batch_id_);
    s.created = t;
    s.ship_date = ship_date_of(in, t);
    s.items = std::move(items);
    auto tracking = str_of(in, "trackingNumber");
    if (tracking.empty()) tracking = "9400" + std::to_string(rng_() % 1'000'000'000'000ULL);
    auto carrier = str_of(in, "carrierCode");
    auto service = str_of(in, "serviceCode");
    auto adv = order->body.contains("advancedOptions") && order->body.at("advancedOptions").is_object()
                   ? order->body.at("advancedOptions").as_object()
                   : object{};
    adv["storeId"] = order->store_id;
    s.body = object{{"shipmentId", s.id},
                    {"orderId", order->id},
                    {"orderKey", order->key},
                    {"userId", user_id},
                    {"customerEmail", order->body.contains("customerEmail") ? order->body.at("customerEmail")
                                                                            : value(nullptr)},
                    {"orderNumber", str_of(order->body, "orderNumber")},
                    {"createDate", pacific(t, pacific_style::fraction3)},
                    {"shipDate", pacific(s.ship_date, pacific_style::date_only)},
                    {"shipmentCost", 7.5},
                    {"insuranceCost", 0},
                    {"trackingNumber", tracking},
                    {"isReturnLabel", false},
                    {"batchNumber", std::to_string(s.batch_id)},
                    {"carrierCode", carrier.empty() ? "stamps_com" : carrier},
                    {"serviceCode", service.empty() ? "usps_priority_mail" : service},
                    {"packageCode", "package"},
                    {"confirmation", "none"},
                    {"warehouseId", adv.contains("warehouseId") ? adv.at("warehouseId") : value(nullptr)},
                    {"marketplaceNotified", false},
                    {"notifyErrorMessage", nullptr},
                    {"shipTo", order->body.at("shipTo")},
                    {"weight", nullptr},
                    {"dimensions", nullptr},
                    {"insuranceOptions", nullptr},
                    {"advancedOptions", adv},
                    {"labelData", nullptr},
                    {"formData", nullptr}};
    batches_[s.batch_id] = t;
    bool all_shipped = std::all_of(left.begin(), left.end(), [](const auto& kv) { return kv.second <= 0; });
    if (all_shipped) {
        order->status = "shipped";
        order->modified = t;
    }
    auto base = base_url_ + "/shipments?storeID=" + std::to_string(order->store_id) +
                "&batchId=" + std::to_string(s.batch_id) + "&includeShipmentItems=";
    notify("SHIP_NOTIFY", order->store_id, base + "False", out);
    notify("ITEM_SHIP_NOTIFY", order->store_id, base + "True", out);
    auto result = shipment_json(s, true);
    shipments_.emplace(s.id, std::move(s));
    return {200, std::move(result)};
}

api_result sim_state::control_void(const value& body) {
    auto r = void_label(body);
    if (r.status == 200) r.body.as_object()["voided"] = true;
    return r;
}

api_result sim_state::void_label(const value& body) {
    std::lock_guard lock(mutex_);
    const auto& in = object_body(body, "request");
    auto it = shipments_.find(int_of(in, "shipmentId").value_or(0));
    if (it == shipments_.end()) throw model_error("request.shipmentId", "Shipment not found.");
    auto& s = it->second;
    if (s.voided) return {200, object{{"approved", false}, {"message", "Label already voided."}}};
    s.voided = now();
    if (auto* order = find_order(s.order_id); order && order->status == "shipped") {
        order->status = "awaiting_shipment";  // the order can be shipped again
        order->modified = *s.voided;
    }
    return {200, object{{"approved", true}, {"message", "Label voided successfully"}}};
}

api_result sim_state::list_shipments(const query_params& q) {
    std::lock_guard lock(mutex_);
    auto order_id = int_param(q, "orderId");
    auto batch = int_param(q, "batchId");
    auto store = int_param(q, "storeId");
    auto number = q.get("orderNumber").value_or("");
    auto tracking = q.get("trackingNumber").value_or("");
    auto carrier = q.get("carrierCode").value_or("");
    bool with_items = q.get_bool("includeShipmentItems", false);
    if (batch && webhook_settings_.resource_ttl) {
        // An expired resource_url answers an empty list.
        auto created = batches_.find(*batch);
        if (created != batches_.end() && now() > created->second + *webhook_settings_.resource_ttl) {
            return {200, paged(array{}, q, "shipments")};
        }
    }
    std::vector<const shipment_rec*> hits;
    for (const auto& [id, s] : shipments_) {
        const auto& b = s.body;
        if (order_id && s.order_id != *order_id) continue;
        if (batch && s.batch_id != *batch) continue;
        if (store && int_of(b.at("advancedOptions").as_object(), "storeId") != *store) continue;
        if (!number.empty() && str_of(b, "orderNumber") != number) continue;
        if (!tracking.empty() && str_of(b, "trackingNumber") != tracking) continue;
        if (!carrier.empty() && str_of(b, "carrierCode") != carrier) continue;
        if (!in_date_range(q, "createDate", s.created) || !in_date_range(q, "shipDate", s.ship_date) ||
            !in_date_range(q, "voidDate", s.voided)) {
            continue;
        }
        hits.push_back(&s);
    }
    if (q.get("sortBy").value_or("") == "ShipDate") {
        std::stable_sort(hits.begin(), hits.end(),
                         [](auto a, auto b) { return a->ship_date < b->ship_date; });
    }
    if (q.get("sortDir").value_or("") == "DESC") std::reverse(hits.begin(), hits.end());
    array items;
    for (const auto* s : hits) items.push_back(shipment_json(*s, with_items));
    return {200, paged(std::move(items), q, "shipments")};
}

api_result sim_state::mark_as_shipped(const value& body) {
    std::lock_guard lock(mutex_);
    auto in = object_body(body, "request");
    in.erase("fulfillmentProviderCode");  // the API's mark as shipped is never a provider's
    const auto& f = add_fulfillment(in);  // no webhook: Mark as Shipped fires none
    return {200, object{{"orderId", f.at("orderId")}, {"orderNumber", f.at("orderNumber")}}};
}

api_result sim_state::control_fulfill(const value& body, std::vector<webhook_delivery>& out) {
    std::lock_guard lock(mutex_);
    const auto& f = add_fulfillment(object_body(body, "request"));
    auto result = f;
    if (!str_of(f, "fulfillmentProviderCode").empty()) {
        // A fulfillment provider shipped it: FULFILLMENT_SHIPPED names the fulfillment's listing.
        auto store = orders_.at(int_of(f, "orderId").value_or(0)).store_id;
        notify("FULFILLMENT_SHIPPED", store,
               base_url_ + "/fulfillments?storeID=" + std::to_string(store) +
                   "&fulfillmentId=" + std::to_string(int_of(f, "fulfillmentId").value_or(0)),
               out);
    }
    return {200, std::move(result)};
}

const object& sim_state::add_fulfillment(const object& in) {
    auto* order = find_order(int_of(in, "orderId").value_or(0));
    if (!order) throw model_error("request.orderId", "Order not found.");
    if (order->status == "shipped" || order->status == "cancelled") {
        throw model_error("request.orderId", "The order is " + order->status + ".");
    }
    auto carrier = str_of(in, "carrierCode");
    if (carrier.empty()) throw model_error("request.carrierCode", "The carrierCode field is required.");
    auto provider = str_of(in, "fulfillmentProviderCode");
    auto t = now();
    fulfillment_rec f;
    f.id = next_id(next_fulfillment_id_);
    f.order_id = order->id;
    f.created = t;
    f.ship_date = ship_date_of(in, t);
    f.body = object{{"fulfillmentId", f.id},
                    {"orderId", order->id},
                    {"orderNumber", str_of(order->body, "orderNumber")},
                    {"userId", user_id},
                    {"customerEmail", order->body.contains("customerEmail") ? order->body.at("customerEmail")
                                                                            : value(nullptr)},
                    {"trackingNumber", str_of(in, "trackingNumber")},
                    {"createDate", pacific(t, pacific_style::fraction7)},
                    {"shipDate", pacific(f.ship_date, pacific_style::seconds)},
                    {"voidDate", nullptr},
                    {"deliveryDate", nullptr},
                    {"carrierCode", carrier},
                    {"fulfillmentProviderCode", provider.empty() ? value(nullptr) : value(provider)},
                    {"fulfillmentServiceCode", nullptr},
                    {"fulfillmentFee", 0},
                    {"voidRequested", false},
                    {"voided", false},
                    {"marketplaceNotified", false},
                    {"notifyErrorMessage", nullptr},
                    {"shipTo", order->body.at("shipTo")}};
    order->status = "shipped";
    order->modified = t;
    return fulfillments_.emplace(f.id, std::move(f)).first->second.body;
}

api_result sim_state::list_fulfillments(const query_params& q) {
    std::lock_guard lock(mutex_);
    auto order_id = int_param(q, "orderId");
    auto fulfillment_id = int_param(q, "fulfillmentId");
    auto number = q.get("orderNumber").value_or("");
    auto tracking = q.get("trackingNumber").value_or("");
    array items;
    for (const auto& [id, f] : fulfillments_) {
        if (order_id && f.order_id != *order_id) continue;
        if (fulfillment_id && f.id != *fulfillment_id) continue;
        if (!number.empty() && str_of(f.body, "orderNumber") != number) continue;
        if (!tracking.empty() && str_of(f.body, "trackingNumber") != tracking) continue;
        if (!in_date_range(q, "createDate", f.created) || !in_date_range(q, "shipDate", f.ship_date))
            continue;
        items.push_back(f.body);
    }
    if (q.get("sortDir").value_or("") == "DESC") std::reverse(items.begin(), items.end());
    return {200, paged(std::move(items), q, "fulfillments")};
}

}  // namespace mlc::sim::shipstation
