// The simulator's V1 catalog: products and customers as orders bring them, listing with sort and paging, and
// the full-replacement product PUT.
#include "tests/simulators/shipstation/sim_json.hpp"
#include "tests/simulators/shipstation/sim_state.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace mlc::sim::shipstation {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// Every field of V1's Product (reference §7.1) but the read-only ids and dates.
constexpr std::array<std::string_view, 28> product_fields = {
    "sku",
    "name",
    "price",
    "defaultCost",
    "length",
    "width",
    "height",
    "weightOz",
    "internalNotes",
    "fulfillmentSku",
    "active",
    "productCategory",
    "productType",
    "warehouseLocation",
    "defaultCarrierCode",
    "defaultServiceCode",
    "defaultPackageCode",
    "defaultIntlCarrierCode",
    "defaultIntlServiceCode",
    "defaultIntlPackageCode",
    "defaultConfirmation",
    "defaultIntlConfirmation",
    "customsDescription",
    "customsValue",
    "customsTariffNo",
    "customsCountryCode",
    "noCustoms",
    "tags",
};

// What a product holds before anything is set: null, and false for the two booleans (a non-nullable bool
// in ShipStation's model, inferred). A PUT that leaves a field out stores this value.
object blank_product() {
    object p;
    for (auto f : product_fields) p[f] = nullptr;
    p["active"] = false;
    p["noCustoms"] = false;
    p["aliases"] = nullptr;
    return p;
}

// An order item's weight {value, units} in ounces; null when absent or in a unit V1 does not know.
value weight_in_ounces(const object& item) {
    auto it = item.find("weight");
    if (it == item.end() || !it->value().is_object()) return nullptr;
    const auto& w = it->value().get_object();
    auto v = w.find("value");
    if (v == w.end() || !v->value().is_number()) return nullptr;
    double amount = v->value().to_number<double>();
    auto units = str_of(w, "units");
    double ounces = 0;
    if (units == "ounces") {
        ounces = amount;
    } else if (units == "pounds") {
        ounces = amount * 16.0;
    } else if (units == "grams") {
        ounces = amount / 28.349523125;
    } else {
        return nullptr;
    }
    return std::round(ounces * 10'000.0) / 10'000.0;
}

// `hits` ordered as sortBy (`text_sort` ("SKU", "Name") by the body's `text_key`, ModifyDate, CreateDate;
// else by id) and sortDir.
template <class Rec>
std::vector<const Rec*> sorted(std::vector<const Rec*> hits, const query_params& q,
                               std::string_view text_sort, std::string_view text_key) {
    auto by = q.get("sortBy").value_or("");
    auto text = [&](const Rec* r) { return str_of(r->body, text_key); };
    if (starts_with_ci(by, "ModifyDate") && by.size() == 10) {
        std::stable_sort(hits.begin(), hits.end(), [](auto a, auto b) { return a->modified < b->modified; });
    } else if (starts_with_ci(by, "CreateDate") && by.size() == 10) {
        std::stable_sort(hits.begin(), hits.end(), [](auto a, auto b) { return a->created < b->created; });
    } else if (starts_with_ci(by, text_sort) && by.size() == text_sort.size()) {
        std::stable_sort(hits.begin(), hits.end(), [&](auto a, auto b) { return text(a) < text(b); });
    }
    if (starts_with_ci(q.get("sortDir").value_or(""), "DESC")) std::reverse(hits.begin(), hits.end());
    return hits;
}

}  // namespace

void sim_state::remember_customer(order_rec& o) {
    auto username = str_of(o.body, "customerUsername");
    if (username.empty()) return;
    auto t = now();
    auto stamp = pacific(t, pacific_style::fraction7);
    auto [by_name, fresh] = customer_by_username_.try_emplace(username, 0);
    if (fresh) {
        by_name->second = next_id(next_customer_id_);
        object c{{"customerId", by_name->second}, {"createDate", stamp}, {"modifyDate", stamp}};
        c["addressVerified"] = "Address not yet validated";
        c["marketplaceUsernames"] = array{object{{"customerUserId", by_name->second + 1'000'000},
                                                 {"customerId", by_name->second},
                                                 {"createDate", stamp},
                                                 {"modifyDate", stamp},
                                                 {"marketplaceId", 0},
                                                 {"marketplace", "ShipStation"},
                                                 {"username", username}}};
        c["tags"] = array{};
        customers_.emplace(by_name->second, catalog_rec{std::move(c), t, t});
    }
    o.customer_id = by_name->second;
    // A later order of the same username brings its name, address and email up to date (inferred: the docs
    // only say customers are built from orders; ShipStation's UI shows the latest details).
    auto& rec = customers_.at(by_name->second);
    const auto& ship = o.body.at("shipTo").as_object();
    object next = rec.body;
    for (auto f : {"name", "company", "street1", "street2", "city", "state", "postalCode", "phone"}) {
        next[f] = ship.contains(f) ? ship.at(f) : value(nullptr);
    }
    next["countryCode"] = ship.at("country");
    if (!str_of(o.body, "customerEmail").empty()) {
        next["email"] = o.body.at("customerEmail");
    } else if (!next.contains("email")) {
        next["email"] = nullptr;
    }
    if (!fresh && next == rec.body) return;
    if (!fresh) next["modifyDate"] = stamp;
    rec.body = std::move(next);
    rec.modified = t;
}

void sim_state::remember_products(const order_rec& o) {
    auto items = o.body.find("items");
    if (items == o.body.end() || !items->value().is_array()) return;
    for (const auto& entry : items->value().get_array()) {
        const auto& item = entry.as_object();
        auto sku = str_of(item, "sku");
        if (sku.empty()) continue;
        bool known = std::any_of(products_.begin(), products_.end(),
                                 [&](const auto& p) { return str_of(p.second.body, "sku") == sku; });
        if (known) continue;  // an existing product is not changed by later orders
        auto id = next_id(next_product_id_);
        auto t = now();
        object p = blank_product();
        p["productId"] = id;
        p["sku"] = sku;
        p["name"] = item.at("name");
        p["price"] = item.contains("unitPrice") ? item.at("unitPrice") : value(0);
        p["weightOz"] = weight_in_ounces(item);
        p["active"] = true;
        p["createDate"] = pacific(t, pacific_style::fraction3);
        p["modifyDate"] = p["createDate"];
        products_.emplace(id, catalog_rec{std::move(p), t, t});
    }
}

api_result sim_state::list_products(const query_params& q) {
    std::lock_guard lock(mutex_);
    auto sku = q.get("sku").value_or("");
    auto name = q.get("name").value_or("");
    bool inactive = q.get_bool("showInactive", false);
    std::vector<const catalog_rec*> hits;
    for (const auto& [id, p] : products_) {
        if (!sku.empty() && str_of(p.body, "sku") != sku) continue;
        if (!name.empty() && str_of(p.body, "name").find(name) == std::string::npos) continue;
        const auto* active = p.body.if_contains("active");
        if (!inactive && !(active && active->is_bool() && active->get_bool())) continue;
        hits.push_back(&p);
    }
    array items;
    for (const auto* p : sorted(std::move(hits), q, "SKU", "sku")) items.push_back(p->body);
    return {200, paged(std::move(items), q, "products")};
}

api_result sim_state::get_product(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto it = products_.find(id);
    if (it == products_.end()) return not_found("Product");
    return {200, it->second.body};
}

api_result sim_state::put_product(std::int64_t id, const value& body) {
    std::lock_guard lock(mutex_);
    auto it = products_.find(id);
    if (it == products_.end()) return not_found("Product");
    const auto& in = object_body(body, "product");
    if (int_of(in, "productId") != id) {
        throw model_error("product.productId", "The productId in the body must match the URL.");
    }
    // A full replacement: what the body leaves out is reset; unknown fields are ignored (ASP.NET's binding);
    // the ids and createDate are kept, modifyDate moves.
    object next = blank_product();
    for (const auto& [k, v] : in) {
        if (next.contains(k)) next[k] = v;
    }
    auto t = now();
    next["productId"] = id;
    next["createDate"] = it->second.body.at("createDate");
    next["modifyDate"] = pacific(t, pacific_style::fraction3);
    it->second.body = std::move(next);
    it->second.modified = t;
    return {200, object{{"success", true}, {"message", "The requested product has been updated"}}};
}

api_result sim_state::list_customers(const query_params& q) {
    std::lock_guard lock(mutex_);
    auto state = q.get("stateCode").value_or("");
    auto country = q.get("countryCode").value_or("");
    std::vector<const catalog_rec*> hits;
    for (const auto& [id, c] : customers_) {
        if (!state.empty() && str_of(c.body, "state") != state) continue;
        if (!country.empty() && str_of(c.body, "countryCode") != country) continue;
        hits.push_back(&c);
    }
    array items;
    for (const auto* c : sorted(std::move(hits), q, "Name", "name")) items.push_back(c->body);
    return {200, paged(std::move(items), q, "customers")};
}

api_result sim_state::get_customer(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto it = customers_.find(id);
    if (it == customers_.end()) return not_found("Customer");
    return {200, it->second.body};
}

}  // namespace mlc::sim::shipstation
