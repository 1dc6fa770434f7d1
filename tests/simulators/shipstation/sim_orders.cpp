// The simulator's orders: validation, orderKey upsert (createorder, createorders), listing, mark as shipped.
#include "tests/simulators/shipstation/sim_json.hpp"
#include "tests/simulators/shipstation/sim_state.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

namespace mlc::sim::shipstation {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr std::array<std::string_view, 6> statuses = {
    "awaiting_payment", "awaiting_shipment", "pending_fulfillment", "on_hold", "shipped", "cancelled"};
constexpr std::array<std::string_view, 4> bool_fields = {"gift", "residential", "adjustment",
                                                         "nonMachinable"};
constexpr std::size_t max_batch = 100;

bool is_locked(const std::string& status) {
    return status == "shipped" || status == "cancelled";
}

// Booleans sent as 0/1 are refused, as ShipStation does.
void check_bools(const object& o, const std::string& prefix) {
    for (auto name : bool_fields) {
        auto it = o.find(name);
        if (it != o.end() && !it->value().is_bool() && !it->value().is_null()) {
            throw model_error(prefix + "." + std::string(name),
                              "The value '" + boost::json::serialize(it->value()) + "' is not valid for " +
                                  std::string(name) + ".");
        }
    }
}

void check_address(const object& o, const std::string& prefix, std::string_view key, bool need_country) {
    std::string field = prefix + "." + std::string(key);
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_object()) {
        throw model_error(field, "The " + std::string(key) + " field is required.");
    }
    const auto& a = it->value().get_object();
    check_bools(a, field);
    if (!need_country) return;
    auto country = str_of(a, "country");
    if (country.size() != 2 ||
        !std::all_of(country.begin(), country.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        throw model_error(field + ".country", "Country must be a two-letter ISO country code.");
    }
}

}  // namespace

void sim_state::validate_order(const value& v, const std::string& prefix) const {
    const auto& o = object_body(v, prefix);
    auto number = str_of(o, "orderNumber");
    if (number.empty()) throw model_error(prefix + ".orderNumber", "The orderNumber field is required.");
    if (number.size() > 50) {
        throw model_error(prefix + ".orderNumber",
                          "The field orderNumber must be a string with a maximum "
                          "length of 50.");
    }
    auto date = str_of(o, "orderDate");
    if (date.empty()) throw model_error(prefix + ".orderDate", "The orderDate field is required.");
    if (!parse_pacific(date)) {
        throw model_error(prefix + ".orderDate", "The value '" + date + "' is not valid for orderDate.");
    }
    auto status = str_of(o, "orderStatus");
    if (std::find(statuses.begin(), statuses.end(), status) == statuses.end()) {
        throw model_error(prefix + ".orderStatus", status.empty() ? "The orderStatus field is required."
                                                                  : "Invalid orderStatus '" + status + "'.");
    }
    check_bools(o, prefix);
    check_address(o, prefix, "billTo", false);
    check_address(o, prefix, "shipTo", true);
    if (auto it = o.find("items"); it != o.end() && !it->value().is_null()) {
        if (!it->value().is_array()) throw model_error(prefix + ".items", "items must be an array.");
        std::size_t i = 0;
        for (const auto& item : it->value().get_array()) {
            std::string p = prefix + ".items[" + std::to_string(i++) + "]";
            const auto& io = object_body(item, p);
            if (str_of(io, "name").empty()) throw model_error(p + ".name", "The name field is required.");
            auto q = io.find("quantity");
            if (q != io.end() && !q->value().is_int64() && !q->value().is_uint64()) {
                throw model_error(p + ".quantity", "The value '" + boost::json::serialize(q->value()) +
                                                       "' is not valid for quantity.");
            }
            check_bools(io, p);
        }
    }
}

std::variant<sim_state::order_rec*, std::string> sim_state::upsert_order(const object& in, bool& created) {
    auto key = str_of(in, "orderKey");
    order_rec* rec = nullptr;
    if (!key.empty()) {
        if (auto it = order_by_key_.find(key); it != order_by_key_.end()) rec = &orders_.at(it->second);
    }
    auto adv = in.find("advancedOptions");
    std::optional<std::int64_t> store;
    if (adv != in.end() && adv->value().is_object()) store = int_of(adv->value().get_object(), "storeId");
    if (rec && is_locked(rec->status)) {
        return "Order " + str_of(rec->body, "orderNumber") + " is " + rec->status +
               " and cannot be modified.";
    }
    if (!rec && store && !stores_.contains(*store)) return "Invalid storeId " + std::to_string(*store) + ".";
    // An order goes into an active store only (the simulator's reading: a deactivated store takes nothing).
    if (!rec && !stores_.at(store.value_or(manual_store_id_)).at("active").as_bool())
        return "Store " + std::to_string(store.value_or(manual_store_id_)) + " is inactive.";

    created = rec == nullptr;
    auto t = now();
    if (created) {
        if (key.empty()) key = new_guid();
        order_rec fresh;
        fresh.id = next_id(next_order_id_);
        fresh.key = key;
        fresh.store_id = store.value_or(manual_store_id_);  // the account's first manual store
        fresh.created = t;
        rec = &orders_.emplace(fresh.id, std::move(fresh)).first->second;
        order_by_key_[key] = rec->id;
    }
    // No partial updates: the body replaces the previous one whole; orderKey and storeId stay.
    rec->body = in;
    rec->status = str_of(in, "orderStatus");
    rec->order_date = parse_pacific(str_of(in, "orderDate"));
    rec->modified = t;
    rec->active = true;
    if (auto it = rec->body.find("items"); it != rec->body.end() && it->value().is_array()) {
        std::size_t i = 0;
        for (auto& item : it->value().get_array()) {
            auto& io = item.as_object();
            auto line = str_of(io, "lineItemKey");
            if (line.empty()) line = "#" + std::to_string(i);
            ++i;
            auto [pos, fresh_item] = rec->item_ids.try_emplace(line, 0);
            if (fresh_item) pos->second = next_id(next_item_id_);
        }
    }
    remember_customer(*rec);
    remember_products(*rec);
    return rec;
}

object sim_state::order_json(const order_rec& o) const {
    object out = o.body;
    out["orderId"] = o.id;
    out["orderKey"] = o.key;
    out["orderStatus"] = o.status;
    out["createDate"] = pacific(o.created, pacific_style::fraction7);
    out["modifyDate"] = pacific(o.modified, pacific_style::fraction7);
    if (o.order_date) out["orderDate"] = pacific(*o.order_date, pacific_style::fraction7);
    for (auto f : {"paymentDate", "shipByDate", "shipDate"}) {
        auto text = str_of(o.body, f);
        auto t = parse_pacific(text);
        out[f] = t ? value(pacific(*t, pacific_style::fraction7)) : value(nullptr);
    }
    out["customerId"] = o.customer_id ? value(*o.customer_id) : value(nullptr);
    double total = 0;
    if (auto it = out.find("items"); it != out.end() && it->value().is_array()) {
        std::size_t i = 0;
        for (auto& item : it->value().get_array()) {
            auto& io = item.as_object();
            auto line = str_of(io, "lineItemKey");
            io["orderItemId"] = o.item_ids.at(line.empty() ? "#" + std::to_string(i) : line);
            ++i;
            io["createDate"] = out["createDate"];
            io["modifyDate"] = out["modifyDate"];
            auto qty = int_of(io, "quantity").value_or(0);
            auto price = io.contains("unitPrice") && io.at("unitPrice").is_number()
                             ? io.at("unitPrice").to_number<double>()
                             : 0.0;
            total += static_cast<double>(qty) * price;
        }
    } else {
        out["items"] = array{};
    }
    for (auto f : {"taxAmount", "shippingAmount"}) {
        if (out.contains(f) && out.at(f).is_number()) total += out.at(f).to_number<double>();
    }
    out["orderTotal"] = total;
    object adv = out.contains("advancedOptions") && out.at("advancedOptions").is_object()
                     ? out.at("advancedOptions").as_object()
                     : object{};
    adv["storeId"] = o.store_id;
    out["advancedOptions"] = std::move(adv);
    out["externallyFulfilled"] = false;
    return out;
}

void sim_state::ship_before_write(const value& body, std::vector<webhook_delivery>& out) {
    std::vector<std::int64_t> open;
    {
        std::lock_guard lock(mutex_);
        if (faults_.ship_before_write == 0) return;
        --faults_.ship_before_write;
        ++counters_.faults;
        auto note = [&](const value& v) {
            if (!v.is_object()) return;
            auto it = order_by_key_.find(str_of(v.get_object(), "orderKey"));
            if (it != order_by_key_.end() && !is_locked(orders_.at(it->second).status))
                open.push_back(it->second);
        };
        if (body.is_array()) {
            for (const auto& v : body.get_array()) note(v);
        } else {
            note(body);
        }
    }
    for (auto id : open) {
        try {
            control_ship(object{{"orderId", id}}, out);
        } catch (const model_error&) {  // nothing left to ship on it: the write meets it as it is
        }
    }
}

api_result sim_state::create_order(const value& body, std::vector<webhook_delivery>& out) {
    std::lock_guard lock(mutex_);
    if (body.is_array()) {
        throw model_error("apiOrder",
                          "Cannot deserialize the current JSON array (e.g. [1,2,3]) into type "
                          "'SS.OpenApi.Models.Orders.Order' because the type requires a JSON object.");
    }
    validate_order(body, "apiOrder");
    bool created = false;
    auto r = upsert_order(body.get_object(), created);
    if (auto* error = std::get_if<std::string>(&r)) throw model_error("apiOrder", *error);
    auto* rec = std::get<order_rec*>(r);
    if (created && rec->status != "awaiting_payment") {
        rec->import_batch = new_guid();
        auto url = base_url_ + "/orders?storeID=" + std::to_string(rec->store_id) +
                   "&importBatch=" + rec->import_batch;
        notify("ORDER_NOTIFY", rec->store_id, url, out);
        notify("ITEM_ORDER_NOTIFY", rec->store_id, url, out);
    }
    return {200, order_json(*rec)};
}

api_result sim_state::create_orders(const value& body, std::vector<webhook_delivery>& out) {
    std::lock_guard lock(mutex_);
    if (!body.is_array()) {
        throw model_error("apiOrders",
                          "Cannot deserialize the current JSON object (e.g. {\"name\":\"value\"}) "
                          "into type 'System.Collections.Generic.List`1[SS.OpenApi.Models.Orders"
                          ".Order]' because the type requires a JSON array (e.g. [1,2,3]).");
    }
    const auto& in = body.get_array();
    if (in.size() > max_batch) {
        throw model_error("apiOrders", "A maximum of 100 orders can be created or updated per request.");
    }
    for (std::size_t i = 0; i < in.size(); ++i) validate_order(in[i], "apiOrders[" + std::to_string(i) + "]");
    array results;
    bool has_errors = false;
    std::map<std::int64_t, std::string> batches;  // storeId -> importBatch of new paid orders
    for (const auto& v : in) {
        const auto& o = v.get_object();
        bool created = false;
        auto r = upsert_order(o, created);
        object res{{"orderId", nullptr},
                   {"orderNumber", str_of(o, "orderNumber")},
                   {"orderKey", str_of(o, "orderKey")},
                   {"success", true},
                   {"errorMessage", nullptr}};
        if (auto* error = std::get_if<std::string>(&r)) {
            has_errors = true;
            res["success"] = false;
            res["errorMessage"] = *error;
        } else {
            auto* rec = std::get<order_rec*>(r);
            res["orderId"] = rec->id;
            res["orderKey"] = rec->key;
            if (created && rec->status != "awaiting_payment") {
                auto [b, fresh] = batches.try_emplace(rec->store_id);
                if (fresh) b->second = new_guid();
                rec->import_batch = b->second;
            }
        }
        results.push_back(std::move(res));
    }
    for (const auto& [store, batch] : batches) {
        auto url = base_url_ + "/orders?storeID=" + std::to_string(store) + "&importBatch=" + batch;
        notify("ORDER_NOTIFY", store, url, out);
        notify("ITEM_ORDER_NOTIFY", store, url, out);
    }
    return {200, object{{"hasErrors", has_errors}, {"results", std::move(results)}}};
}

api_result sim_state::list_orders(const query_params& q) {
    std::lock_guard lock(mutex_);
    auto number = q.get("orderNumber").value_or("");
    auto status = q.get("orderStatus").value_or("");
    auto batch = q.get("importBatch").value_or("");
    std::optional<std::int64_t> store;
    try {
        store = q.get_int("storeId");
    } catch (const std::invalid_argument& e) {
        throw model_error("storeId", e.what());
    }
    std::vector<const order_rec*> hits;
    for (const auto& [id, o] : orders_) {
        if (!o.active) continue;
        if (!starts_with_ci(str_of(o.body, "orderNumber"), number)) continue;  // "starts with", as V1
        if (!status.empty() && o.status != status) continue;
        if (!batch.empty() && o.import_batch != batch) continue;
        if (store && o.store_id != *store) continue;
        if (!in_date_range(q, "createDate", o.created) || !in_date_range(q, "modifyDate", o.modified) ||
            !in_date_range(q, "orderDate", o.order_date, true)) {
            continue;
        }
        hits.push_back(&o);
    }
    auto sort_by = q.get("sortBy").value_or("");
    auto key = [&](const order_rec* o) {
        if (sort_by == "OrderDate") return o->order_date.value_or(utc_time{});
        if (sort_by == "ModifyDate") return o->modified;
        if (sort_by == "CreateDate") return o->created;
        return utc_time{};
    };
    std::stable_sort(hits.begin(), hits.end(), [&](auto a, auto b) { return key(a) < key(b); });
    if (q.get("sortDir").value_or("") == "DESC") std::reverse(hits.begin(), hits.end());
    array items;
    for (const auto* o : hits) items.push_back(order_json(*o));
    return {200, paged(std::move(items), q, "orders")};
}

api_result sim_state::get_order(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto* o = find_order(id);
    if (!o) return {404, object{{"Message", "Order not found."}}};
    return {200, order_json(*o)};
}

api_result sim_state::control_orders() const {
    std::lock_guard lock(mutex_);
    array out;
    for (const auto& [id, o] : orders_) {
        array skus;
        if (auto it = o.body.find("items"); it != o.body.end() && it->value().is_array()) {
            for (const auto& item : it->value().get_array())
                skus.push_back(value(str_of(item.as_object(), "sku")));
        }
        out.push_back(object{{"orderId", id},
                             {"orderKey", o.key},
                             {"orderNumber", str_of(o.body, "orderNumber")},
                             {"orderStatus", o.status},
                             {"skus", std::move(skus)}});
    }
    return {200, object{{"orders", std::move(out)}}};
}

std::optional<object> sim_state::received_order_body(const std::string& order_key) const {
    std::lock_guard lock(mutex_);
    auto it = order_by_key_.find(order_key);
    if (it == order_by_key_.end()) return std::nullopt;
    return orders_.at(it->second).body;
}

api_result sim_state::delete_order(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto* o = find_order(id);
    if (!o) return {404, object{{"Message", "Order not found."}}};
    o->active = false;  // a soft delete: kept, hidden from lists
    return {200, object{{"success", true}, {"message", "The requested order has been deleted."}}};
}

sim_state::order_rec* sim_state::find_order(std::int64_t id) {
    auto it = orders_.find(id);
    return it == orders_.end() ? nullptr : &it->second;
}

}  // namespace mlc::sim::shipstation
