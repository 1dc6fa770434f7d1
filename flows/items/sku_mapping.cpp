// Which SKU an SAP item travels under in ShipStation, and which ItemCode a SKU coming back names.
#include "flows/items/sku_mapping.hpp"

#include <algorithm>
#include <cctype>

namespace mlc::flows::items {

namespace {

// `sku` as a path segment of the admin call an operator is told to make ('/' and spaces escaped).
std::string path_segment(std::string_view sku) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : sku) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

std::string how_to_map(std::string_view sku) {
    return "add it with PUT /admin/sku-map/" + path_segment(sku);
}

// The value and the error are both strings: each needs its tag.
using resolution = boost::system::result<std::string, std::string>;

resolution found(std::string item_code) {
    return resolution(boost::system::in_place_value, std::move(item_code));
}

resolution refused(std::string reason) {
    return resolution(boost::system::in_place_error, std::move(reason));
}

}  // namespace

std::string sku_for(std::string_view item_code, const std::map<std::string, std::string>& table_skus_by_item,
                    const std::map<std::string, std::string>& field_skus_by_item) {
    const std::string code(item_code);
    if (auto it = table_skus_by_item.find(code); it != table_skus_by_item.end()) return it->second;
    if (auto it = field_skus_by_item.find(code); it != field_skus_by_item.end() && !it->second.empty())
        return it->second;
    return code;
}

boost::system::result<std::string, std::string> item_code_for(std::string_view sku, const sku_lookup& lookup,
                                                              const std::set<std::string>& order_item_codes) {
    const std::string key(sku);
    if (key.empty()) return refused("a shipment item has no SKU and no lineItemKey naming an open line");
    if (auto it = lookup.table.find(key); it != lookup.table.end()) return found(it->second);
    if (auto it = lookup.by_field.find(key); it != lookup.by_field.end() && !it->second.empty()) {
        auto items = it->second;
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
        if (items.size() == 1) return found(items.front());
        std::string names;
        for (const auto& i : items) names += (names.empty() ? "" : ", ") + i;
        return refused("SKU '" + key + "' is the SKU field of several items (" + names +
                       "): say which one it is, " + how_to_map(key));
    }
    if (order_item_codes.contains(key)) return found(key);
    return refused("SKU '" + key + "' maps to no ItemCode: " + how_to_map(key));
}

}  // namespace mlc::flows::items
