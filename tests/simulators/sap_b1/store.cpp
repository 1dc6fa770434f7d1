// Entity-set lookup, key resolution and stock bookkeeping of the simulated company database.
#include "tests/simulators/sap_b1/store.hpp"

#include "tests/simulators/sap_b1/approval_templates.hpp"

#include <boost/json/array.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <ctime>

namespace mlc::sim::sap {

namespace {

constexpr std::array<entity_set_info, 14> sets{{
    {"Orders", "DocEntry", false, "Document"},
    {"DeliveryNotes", "DocEntry", false, "Document"},
    {"Drafts", "DocEntry", false, "Document"},
    {"Items", "ItemCode", true, "Item"},
    {"BusinessPartners", "CardCode", true, "BusinessPartner"},
    {"ShippingTypes", "Code", false, "ShippingType"},
    {"BatchNumberDetails", "DocEntry", false, "BatchNumberDetail"},
    {"SQLQueries", "SqlCode", true, "SQLQuery"},
    {"WeightMeasures", "UnitCode", false, "WeightMeasure"},
    {"LengthMeasures", "UnitCode", false, "LengthMeasure"},
    {"BinLocations", "AbsEntry", false, "BinLocation"},
    {"Warehouses", "WarehouseCode", true, "Warehouse"},
    {"ApprovalTemplates", "Code", false, "ApprovalTemplate"},
    {"UserFieldsMD", "FieldID", false, "UserFieldMD"},  // keyed by (TableName, FieldID): no single reads
}};

template <class Map>
std::vector<boost::json::object> values_of(const Map& m) {
    std::vector<boost::json::object> out;
    out.reserve(m.size());
    for (const auto& [key, entity] : m) out.push_back(entity);
    return out;
}

std::optional<int> to_int(std::string_view text) noexcept {
    int v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
    return v;
}

template <class Map>
boost::json::object* by_int(Map& m, std::string_view key) {
    auto k = to_int(key);
    if (!k) return nullptr;
    auto it = m.find(*k);
    return it == m.end() ? nullptr : &it->second;
}

template <class Map>
boost::json::object* by_string(Map& m, std::string_view key) {
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
}

}  // namespace

sim_time to_sim_time(std::chrono::system_clock::time_point tp) {
    std::time_t t = std::chrono::system_clock::to_time_t(tp);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 16> date{}, time{};
    std::strftime(date.data(), date.size(), "%Y-%m-%d", &tm);
    std::strftime(time.data(), time.size(), "%H:%M:%S", &tm);
    return {date.data(), time.data()};
}

std::optional<entity_set_info> find_entity_set(std::string_view name) noexcept {
    for (const auto& s : sets)
        if (s.name == name) return s;
    return std::nullopt;
}

std::vector<boost::json::object> entity_rows(const store& s, std::string_view set) {
    if (set == "Orders") return values_of(s.orders);
    if (set == "DeliveryNotes") return values_of(s.deliveries);
    if (set == "Drafts") return values_of(s.drafts);
    if (set == "Items") return values_of(s.items);
    if (set == "BusinessPartners") return values_of(s.partners);
    if (set == "ShippingTypes") return values_of(s.shipping_types);
    if (set == "BatchNumberDetails") return values_of(s.batch_details);
    if (set == "SQLQueries") return values_of(s.sql_queries);
    if (set == "WeightMeasures") return values_of(s.weight_measures);
    if (set == "LengthMeasures") return values_of(s.length_measures);
    if (set == "BinLocations") return values_of(s.bin_locations);
    if (set == "Warehouses") return values_of(s.warehouses);
    if (set == "ApprovalTemplates") return values_of(approval_templates(s.rules));
    if (set == "UserFieldsMD") return values_of(s.user_fields);
    return {};
}

boost::json::object* find_entity(store& s, std::string_view set, std::string_view key) {
    if (set == "Orders") return by_int(s.orders, key);
    if (set == "DeliveryNotes") return by_int(s.deliveries, key);
    if (set == "Drafts") return by_int(s.drafts, key);
    if (set == "Items") return by_string(s.items, key);
    if (set == "BusinessPartners") return by_string(s.partners, key);
    if (set == "ShippingTypes") return by_int(s.shipping_types, key);
    if (set == "BatchNumberDetails") return by_int(s.batch_details, key);
    if (set == "SQLQueries") return by_string(s.sql_queries, key);
    if (set == "WeightMeasures") return by_int(s.weight_measures, key);
    if (set == "LengthMeasures") return by_int(s.length_measures, key);
    if (set == "BinLocations") return by_int(s.bin_locations, key);
    if (set == "Warehouses") return by_string(s.warehouses, key);
    if (set == "ApprovalTemplates") {
        s.approval_templates = approval_templates(s.rules);
        return by_int(s.approval_templates, key);
    }
    return nullptr;
}

double round_to(double v, int decimals) noexcept {
    double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

void adjust_stock(store& s, std::string_view item, std::string_view warehouse, double in_stock_delta,
                  double committed_delta) {
    auto it = s.items.find(item);
    if (it == s.items.end()) return;
    boost::json::object& entity = it->second;
    boost::json::value& collection = entity["ItemWarehouseInfoCollection"];
    if (!collection.is_array()) collection.emplace_array();
    boost::json::array& rows = collection.get_array();
    boost::json::object* row = nullptr;
    for (auto& r : rows)
        if (r.as_object().at("WarehouseCode").as_string() == warehouse) row = &r.as_object();
    if (!row) {
        rows.push_back(boost::json::object{{"WarehouseCode", warehouse},
                                           {"InStock", 0.0},
                                           {"Committed", 0.0},
                                           {"Ordered", 0.0},
                                           {"MinimalStock", 0.0},
                                           {"MaximalStock", 0.0},
                                           {"Locked", "tNO"},
                                           {"DefaultBin", nullptr},
                                           {"DefaultBinEnforced", "tNO"}});
        row = &rows.back().as_object();
    }
    (*row)["InStock"] = round_to((*row)["InStock"].to_number<double>() + in_stock_delta, 6);
    (*row)["Committed"] = round_to((*row)["Committed"].to_number<double>() + committed_delta, 6);
    double on_hand = 0, committed = 0;
    for (const auto& r : rows) {
        on_hand += r.as_object().at("InStock").to_number<double>();
        committed += r.as_object().at("Committed").to_number<double>();
    }
    entity["QuantityOnStock"] = round_to(on_hand, 6);
    entity["QuantityOrderedByCustomers"] = round_to(committed, 6);
}

}  // namespace mlc::sim::sap
