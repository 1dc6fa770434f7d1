// The product fields the connector owns, and a product with them put in.
#include "flows/items/product_fields.hpp"

#include <cmath>

namespace mlc::flows::items {
namespace {

boost::json::value text_or_null(const std::string& s) {
    return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}

bool is_two_letters(const std::string& s) noexcept {
    auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
    return s.size() == 2 && letter(s[0]) && letter(s[1]);
}

// JSON numbers of different kinds (int64, uint64, double) compare by value; everything else exactly.
bool same_value(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_number() && b.is_number())
        return std::fabs(a.to_number<double>() - b.to_number<double>()) < 1e-9;
    return a == b;
}

}  // namespace

boost::json::object owned_fields(const item_source& item) {
    boost::json::object o;
    o["name"] = item.item_name.empty() ? item.item_code : item.item_name;
    o["weightOz"] = item.weight ? boost::json::value(in_ounces(*item.weight)) : boost::json::value(nullptr);
    // ShipStation keeps a product's dimensions without a unit (its UI's); they are sent in
    // MLC_DIMENSION_UNITS.
    auto length = [&](double shipping_dimensions::*field) {
        return item.dimensions ? boost::json::value((*item.dimensions).*field) : boost::json::value(nullptr);
    };
    o["length"] = length(&shipping_dimensions::length);
    o["width"] = length(&shipping_dimensions::width);
    o["height"] = length(&shipping_dimensions::height);
    o["customsDescription"] = o["name"];
    o["customsCountryCode"] =
        is_two_letters(item.country_of_origin) ? boost::json::value(item.country_of_origin) : nullptr;
    o["customsTariffNo"] = text_or_null(item.tariff_number);
    o["warehouseLocation"] = text_or_null(item.bin_code);
    o["active"] = item.active;
    return o;
}

std::optional<boost::json::object> with_owned_fields(const boost::json::object& product,
                                                     const boost::json::object& owned) {
    bool changed = false;
    boost::json::object out = product;
    for (const auto& [key, value] : owned) {
        const auto* current = product.if_contains(key);
        bool same = current ? same_value(*current, value) : value.is_null();
        if (same) continue;
        out[key] = value;
        changed = true;
    }
    if (!changed) return std::nullopt;
    return out;
}

}  // namespace mlc::flows::items
