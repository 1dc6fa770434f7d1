// What the flows need of SAP's items: SKUs, shipping measures, product sources.
#include "flows/items/item_reader.hpp"

#include "clients/sap/items.hpp"
#include "clients/sap/units.hpp"
#include "common/json_fields.hpp"
#include "db/sku_map.hpp"
#include "flows/items/sku_mapping.hpp"

#include <algorithm>

namespace mlc::flows::items {

namespace {

namespace sap = clients::sap;
namespace jf = json_fields;

constexpr auto units_lifetime = std::chrono::hours(1);

// The bin code of the item's default warehouse's default bin, "" when it has none.
std::string default_bin_code(const sap::item& item, const std::map<int, std::string>& bins) {
    const auto home = jf::text(item.raw, "DefaultWarehouse");
    for (const auto& w : item.warehouses) {
        if (w.warehouse_code != home || !w.default_bin) continue;
        auto it = bins.find(*w.default_bin);
        return it == bins.end() ? std::string() : it->second;
    }
    return {};
}

std::vector<int> default_bins(const std::map<std::string, sap::item>& items) {
    std::vector<int> out;
    for (const auto& [code, item] : items)
        for (const auto& w : item.warehouses)
            if (w.default_bin && std::find(out.begin(), out.end(), *w.default_bin) == out.end())
                out.push_back(*w.default_bin);
    return out;
}

}  // namespace

item_reader::item_reader(db::database& database, clients::sap::client& sap, const items_settings& settings)
    : db_(database), sap_(sap), settings_(settings) {}

std::vector<std::string> item_reader::item_fields() const {
    auto fields = clients::sap::item_shipping_fields();
    for (const auto* extra : {&settings_.sku_field, &settings_.tariff_field})
        if (!extra->empty() && std::find(fields.begin(), fields.end(), *extra) == fields.end())
            fields.push_back(*extra);
    return fields;
}

std::vector<std::string> item_reader::stock_fields() const {
    std::vector<std::string> fields{"InventoryItem"};
    if (!settings_.sku_field.empty()) fields.push_back(settings_.sku_field);
    return fields;
}

boost::asio::awaitable<clients::outcome<unit_tables>> item_reader::units() {
    {
        std::lock_guard lock(mutex_);
        if (units_ && std::chrono::steady_clock::now() - units_read_ < units_lifetime) co_return *units_;
    }
    auto weights = co_await sap::weight_measures(sap_);
    if (!weights) co_return weights.error();
    auto lengths = co_await sap::length_measures(sap_);
    if (!lengths) co_return lengths.error();
    unit_tables t;
    for (const auto& w : *weights) t.milligrams_per_weight_unit[w.code] = w.milligrams;
    for (const auto& l : *lengths) t.millimetres_per_length_unit[l.code] = l.millimetres;
    std::lock_guard lock(mutex_);
    units_ = t;
    units_read_ = std::chrono::steady_clock::now();
    co_return t;
}

boost::asio::awaitable<std::map<std::string, std::string>> item_reader::skus_of(
    const std::vector<clients::sap::item>& items) {
    std::vector<std::string> codes;
    std::map<std::string, std::string> by_field;
    for (const auto& item : items) {
        codes.push_back(item.item_code);
        if (!settings_.sku_field.empty())
            if (auto value = jf::text(item.raw, settings_.sku_field); !value.empty())
                by_field[item.item_code] = value;
    }
    auto by_table =
        co_await db_.run([&](pqxx::work& w) { return db::sku_map::skus_for_item_codes(w, codes); });
    std::map<std::string, std::string> out;
    for (const auto& code : codes) out[code] = sku_for(code, by_table, by_field);
    co_return out;
}

item_source item_reader::source_of(const clients::sap::item& item, const unit_tables& units,
                                   const std::map<int, std::string>& bins) const {
    item_source s;
    s.item_code = item.item_code;
    s.item_name = item.item_name;
    s.weight = convert_weight(item.sales_unit_weight, item.sales_weight_unit, units, settings_.weight_units);
    s.dimensions = convert_dimensions(item.sales_unit_length, item.sales_length_unit, item.sales_unit_width,
                                      item.sales_width_unit, item.sales_unit_height, item.sales_height_unit,
                                      units, settings_.dimension_units);
    s.country_of_origin = item.country_of_origin;
    if (!settings_.tariff_field.empty()) s.tariff_number = jf::text(item.raw, settings_.tariff_field);
    s.bin_code = default_bin_code(item, bins);
    // A sales item that is valid and not frozen can be sold; how SAP's date windows combine with the flags is
    // not documented, so the flags alone decide.
    s.active = item.valid && !item.frozen && jf::text(item.raw, "SalesItem") != "tNO";
    return s;
}

boost::asio::awaitable<clients::outcome<std::map<std::string, item_details>>> item_reader::read(
    std::vector<std::string> item_codes, bool with_bins) {
    auto units_read = co_await units();
    if (!units_read) co_return units_read.error();
    auto found = co_await sap::items_by_code(sap_, std::move(item_codes), item_fields());
    if (!found) co_return found.error();
    auto skus = co_await skus_of(*found);
    std::map<std::string, sap::item> items;
    for (auto& item : *found) items.emplace(item.item_code, std::move(item));
    std::map<int, std::string> bins;
    if (auto wanted = default_bins(items); with_bins && !wanted.empty()) {
        auto codes = co_await sap::bin_codes(sap_, std::move(wanted));
        if (!codes) co_return codes.error();
        bins = std::move(*codes);
    }
    std::map<std::string, item_details> out;
    for (auto& [code, item] : items) {
        auto source = source_of(item, *units_read, bins);
        out.emplace(code, item_details{std::move(item), skus.at(code), std::move(source)});
    }
    co_return out;
}

}  // namespace mlc::flows::items
