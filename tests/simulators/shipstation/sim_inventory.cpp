// The simulator's V2 Inventory API: levels per location (zero on hand is not listed), the four transaction
// types, warehouses and locations with V2's paging and links, and the control channel's direct levels.
#include "tests/simulators/shipstation/sim_json.hpp"
#include "tests/simulators/shipstation/sim_state.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <map>
#include <tuple>

namespace mlc::sim::shipstation {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;
using filters = std::vector<std::pair<std::string, std::string>>;

constexpr std::int64_t default_limit = 100;  // inferred: the OpenAPI gives no default
constexpr std::array<std::string_view, 4> transaction_types = {"increment", "decrement", "adjust", "modify"};
constexpr std::array<std::string_view, 4> conditions = {"sellable", "damaged", "expired", "qa_hold"};

[[noreturn]] void invalid(const std::string& message, std::string code = "invalid_field_value") {
    throw v2_error(400, "validation", std::move(code), message);
}

std::string encode(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

std::int64_t positive(const query_params& q, std::string_view name, std::int64_t fallback) {
    std::optional<std::int64_t> v;
    try {
        v = q.get_int(name);
    } catch (const std::invalid_argument&) {
        invalid(std::string(name) + " must be a whole number of 1 or more.");
    }
    if (v && *v < 1) invalid(std::string(name) + " must be a whole number of 1 or more.");
    return v.value_or(fallback);
}

// The body's whole number `key` of 0 or more; a 400 naming it otherwise.
std::int64_t quantity_of(const object& in, std::string_view key) {
    const auto* v = in.if_contains(key);
    if (!v || v->is_null()) invalid(std::string(key) + " is required.", "field_value_required");
    if (!v->is_int64() && !v->is_uint64())
        invalid(std::string(key) + " must be a whole number of 0 or more.");
    if (v->is_int64() && v->get_int64() < 0)
        invalid(std::string(key) + " must be a whole number of 0 or more.");
    return v->is_int64() ? v->get_int64() : static_cast<std::int64_t>(v->get_uint64());
}

std::string required_text(const object& in, std::string_view key) {
    auto text = str_of(in, key);
    if (text.empty()) invalid(std::string(key) + " is required.", "field_value_required");
    return text;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
        auto comma = text.find(',', start);
        out.push_back(text.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

}  // namespace

const sim_state::location_rec* sim_state::find_location(const std::string& id) const {
    for (const auto& l : inventory_locations_) {
        if (l.id == id) return &l;
    }
    return nullptr;
}

object sim_state::paged_v2(array rows, const query_params& q, std::string_view path, std::string_view key,
                           const filters& kept) {
    auto limit = positive(q, "limit", default_limit);
    auto page = positive(q, "page", 1);
    auto total = static_cast<std::int64_t>(rows.size());
    auto pages = (total + limit - 1) / limit;
    auto href = [&](std::int64_t p) {
        std::string url = base_url_ + std::string(path) + "?";
        for (const auto& [k, v] : kept) url += k + "=" + encode(v) + "&";
        return object{{"href", url + "limit=" + std::to_string(limit) + "&page=" + std::to_string(p)}};
    };
    array slice;
    for (std::int64_t i = (page - 1) * limit; i < std::min(total, page * limit); ++i) {
        slice.push_back(std::move(rows[static_cast<std::size_t>(i)]));
    }
    object links{{"first", href(1)},
                 {"last", href(std::max<std::int64_t>(pages, 1))},
                 {"prev", page > 1 ? href(page - 1) : object{}},
                 {"next", page < pages ? href(page + 1) : object{}}};
    return object{
        {key, std::move(slice)}, {"total", total}, {"page", page}, {"pages", pages}, {"links", links}};
}

api_result sim_state::list_inventory(const query_params& q) {
    std::lock_guard lock(mutex_);
    filters kept;
    for (auto name : {"sku", "inventory_warehouse_id", "inventory_location_id", "group_by"}) {
        if (auto v = q.get(name); v && !v->empty()) kept.emplace_back(name, *v);
    }
    auto skus = split_list(q.get("sku").value_or(""));
    auto warehouse = q.get("inventory_warehouse_id").value_or("");
    auto location = q.get("inventory_location_id").value_or("");
    auto group = q.get("group_by").value_or("");
    if (!group.empty() && group != "warehouse" && group != "location")
        invalid("group_by must be warehouse or location.");
    // Without group_by one row per SKU over every location (inferred from "counts for SKUs across locations
    // or warehouses").
    std::map<std::tuple<std::string, std::string, std::string>, stock_rec>
        sums;  // (sku, warehouse, location)
    for (const auto& [where, level] : stock_) {
        const auto& [location_id, sku] = where;
        const auto* loc = find_location(location_id);
        if (!skus.empty() && std::find(skus.begin(), skus.end(), sku) == skus.end()) continue;
        if (!location.empty() && location_id != location) continue;
        if (!warehouse.empty() && loc->warehouse_id != warehouse) continue;
        auto& sum =
            sums[{sku, group.empty() ? "" : loc->warehouse_id, group == "location" ? location_id : ""}];
        sum.on_hand += level.on_hand;
        sum.allocated += level.allocated;
        sum.cost = level.cost;
    }
    array rows;
    for (const auto& [k, sum] : sums) {
        if (sum.on_hand == 0) continue;  // V2 lists no row for a SKU at zero on hand
        const auto& [sku, warehouse_id, location_id] = k;
        object row{{"sku", sku},
                   {"on_hand", sum.on_hand},
                   {"allocated", sum.allocated},
                   {"available", sum.on_hand - sum.allocated},
                   {"average_cost", object{{"amount", sum.cost}, {"currency", "usd"}}}};
        if (!warehouse_id.empty()) row["inventory_warehouse_id"] = warehouse_id;
        if (!location_id.empty()) row["inventory_location_id"] = location_id;
        rows.push_back(std::move(row));
    }
    return {200, paged_v2(std::move(rows), q, "/v2/inventory", "inventory", kept)};
}

api_result sim_state::update_inventory(const value& body) {
    std::lock_guard lock(mutex_);
    if (!body.is_object()) invalid("Body of request cannot be null.", "request_body_required");
    const auto& in = body.get_object();
    auto type = required_text(in, "transaction_type");
    if (std::find(transaction_types.begin(), transaction_types.end(), type) == transaction_types.end())
        invalid("transaction_type must be one of increment, decrement, adjust, modify.");
    auto sku = required_text(in, "sku");
    auto quantity = quantity_of(in, "quantity");
    auto location = required_text(in, "inventory_location_id");
    if (!find_location(location)) {
        invalid("inventory_location_id '" + location + "' is not an inventory location.",
                "invalid_identifier");
    }
    for (auto key : {"condition", "new_condition"}) {
        auto c = str_of(in, key);
        if (in.contains(key) && std::find(conditions.begin(), conditions.end(), c) == conditions.end())
            invalid(std::string(key) + " must be one of sellable, damaged, expired, qa_hold.");
    }
    auto held = stock_.find({location, sku});
    auto on_hand = held == stock_.end() ? 0 : held->second.on_hand;
    if ((type == "decrement" || type == "modify") && on_hand < quantity) {
        invalid("quantity " + std::to_string(quantity) + " is more than the " + std::to_string(on_hand) +
                " on hand of " + sku + " at " + location + ".");
    }
    auto target = str_of(in, "new_inventory_location_id");
    if (!target.empty() && !find_location(target)) {
        invalid("new_inventory_location_id '" + target + "' is not an inventory location.",
                "invalid_identifier");
    }
    auto& level = stock_[{location, sku}];
    if (const auto* cost = in.if_contains("cost"); cost && cost->is_object()) {
        if (const auto* amount = cost->get_object().if_contains("amount"); amount && amount->is_number())
            level.cost = amount->to_number<double>();
    }
    if (type == "increment") level.on_hand += quantity;
    if (type == "decrement") level.on_hand -= quantity;
    if (type == "adjust") level.on_hand = quantity;  // sets the level, whatever it was
    if (type == "modify") {
        // Only the move to another location changes a level; new_cost and new_condition are accepted as such.
        if (!target.empty() && target != location) {
            level.on_hand -= quantity;
            stock_[{target, sku}].on_hand += quantity;
        }
    }
    return {204, nullptr};
}

api_result sim_state::list_inventory_warehouses(const query_params& q) {
    std::lock_guard lock(mutex_);
    auto stamp = format_utc_iso8601(now_() - std::chrono::hours(24 * 365));
    array rows;
    for (const auto& [id, name] : inventory_warehouses_) {
        rows.push_back(object{
            {"inventory_warehouse_id", id}, {"name", name}, {"created_at", stamp}, {"updated_at", stamp}});
    }
    return {200, paged_v2(std::move(rows), q, "/v2/inventory_warehouses", "inventory_warehouses", {})};
}

api_result sim_state::list_inventory_locations(const query_params& q) {
    std::lock_guard lock(mutex_);
    auto stamp = format_utc_iso8601(now_() - std::chrono::hours(24 * 365));
    array rows;
    for (const auto& l : inventory_locations_) {
        rows.push_back(object{{"inventory_location_id", l.id},
                              {"name", l.name},
                              {"inventory_warehouse_id", l.warehouse_id},
                              {"created_at", stamp},
                              {"updated_at", stamp}});
    }
    return {200, paged_v2(std::move(rows), q, "/v2/inventory_locations", "inventory_locations", {})};
}

api_result sim_state::control_inventory() const {
    std::lock_guard lock(mutex_);
    array rows;
    for (const auto& [where, level] : stock_) {
        rows.push_back(object{{"sku", where.second},
                              {"inventory_location_id", where.first},
                              {"inventory_warehouse_id", find_location(where.first)->warehouse_id},
                              {"on_hand", level.on_hand},
                              {"allocated", level.allocated},
                              {"available", level.on_hand - level.allocated}});
    }
    return {200, object{{"inventory", std::move(rows)}}};
}

api_result sim_state::control_set_inventory(const value& body) {
    std::lock_guard lock(mutex_);
    const auto& in = object_body(body, "level");
    auto sku = str_of(in, "sku");
    auto location = str_of(in, "inventory_location_id");
    if (sku.empty()) throw model_error("level.sku", "sku is required.");
    if (!find_location(location))
        throw model_error("level.inventory_location_id", "Unknown inventory location.");
    auto on_hand = int_of(in, "on_hand");
    if (!on_hand || *on_hand < 0) throw model_error("level.on_hand", "on_hand must be 0 or more.");
    auto& level = stock_[{location, sku}];
    level.on_hand = *on_hand;
    level.allocated = int_of(in, "allocated").value_or(level.allocated);
    return {200, object{{"sku", sku},
                        {"inventory_location_id", location},
                        {"on_hand", level.on_hand},
                        {"allocated", level.allocated},
                        {"available", level.on_hand - level.allocated}}};
}

}  // namespace mlc::sim::shipstation
