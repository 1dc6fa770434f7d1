// Matching a shipment's items to the open lines of its sales order.
#include "flows/shipments/delivery_lines.hpp"

#include "common/json_fields.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

namespace mlc::flows::shipments {

namespace {

namespace sap = clients::sap;
namespace jf = json_fields;

std::optional<int> int_of_text(std::string_view text) {
    int n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
}

const sap::document_line* line_of(const sap::document& order, int line_num) {
    auto it = std::find_if(order.lines.begin(), order.lines.end(),
                           [&](const sap::document_line& l) { return l.line_num == line_num; });
    return it == order.lines.end() ? nullptr : &*it;
}

// One shipment item as the matching needs it.
struct shipped_item {
    std::string sku, key;
    double quantity = 0;
    std::optional<std::string> item_code;  // what the SKU names; nullopt for an item without a SKU
};

std::optional<shipped_item> shipped_item_of(const boost::json::object& item) {
    shipped_item out{jf::text(item, "sku"), jf::text(item, "lineItemKey"), 0, std::nullopt};
    if (const auto* q = item.if_contains("quantity"); q && q->is_number())
        out.quantity = q->to_number<double>();
    if (out.quantity <= 0) return std::nullopt;
    return out;
}

// The open line `item` goes on: the one its lineItemKey names when that line holds the item and has enough
// open quantity left, else the first such line of the item; nullopt when none has room. An item without a
// SKU can only follow its lineItemKey.
std::optional<int> line_for(const sap::document& order, const std::map<int, double>& left,
                            const shipped_item& item) {
    auto same_item = [&](int line_num) {
        const auto* l = line_of(order, line_num);
        return l && (!item.item_code || l->item_code == *item.item_code);
    };
    if (auto n = int_of_text(item.key);
        n && left.contains(*n) && same_item(*n) && left.at(*n) >= item.quantity)
        return n;
    if (!item.item_code) return std::nullopt;
    for (const auto& [line_num, open] : left)
        if (same_item(line_num) && open >= item.quantity) return line_num;
    return std::nullopt;
}

std::string unmatched(const sap::document& order, const shipped_item& item) {
    std::string what = item.sku.empty() ? std::string("without a SKU") : "SKU " + item.sku;
    if (item.item_code && *item.item_code != item.sku) what += " (ItemCode " + *item.item_code + ")";
    return "item " + what + " (lineItemKey '" + item.key + "', quantity " +
           std::to_string(static_cast<long long>(item.quantity)) + ") matches no open line of sales order " +
           std::to_string(order.doc_num) + " with enough open quantity";
}

}  // namespace

const boost::json::array* shipment_items_of(const boost::json::value& payload) noexcept {
    const auto* o = payload.if_object();
    const auto* items = o ? o->if_contains("shipmentItems") : nullptr;
    return items ? items->if_array() : nullptr;
}

std::vector<std::string> shipped_skus(const boost::json::array* shipment_items) {
    std::set<std::string> skus;
    if (shipment_items)
        for (const auto& v : *shipment_items)
            if (const auto* item = v.if_object())
                if (auto sku = jf::text(*item, "sku"); !sku.empty()) skus.insert(std::move(sku));
    return {skus.begin(), skus.end()};
}

boost::system::result<std::vector<delivery_line>, std::string> delivery_lines_for(
    const sap::document& order, const boost::json::array* shipment_items, const items::sku_lookup& lookup) {
    std::map<int, double> left;  // LineNum -> open quantity not yet allocated
    std::set<std::string> order_item_codes;
    for (const auto& l : order.lines) order_item_codes.insert(l.item_code);
    for (const auto& l : order.lines)
        if (l.line_status == "bost_Open" && l.remaining_open_quantity > 0)
            left[l.line_num] = l.remaining_open_quantity;
    std::map<int, double> take;                 // LineNum -> quantity
    std::map<int, boost::json::array> made_of;  // LineNum -> the shipment items on it
    static const boost::json::array no_items;
    const boost::json::array& shipped_items = shipment_items ? *shipment_items : no_items;
    if (shipped_items.empty()) take = left;  // the whole order ships
    for (const auto& v : shipped_items) {
        const auto* item = v.if_object();
        auto shipped = item ? shipped_item_of(*item) : std::nullopt;
        if (!shipped) continue;
        if (!shipped->sku.empty()) {
            auto code = items::item_code_for(shipped->sku, lookup, order_item_codes);
            if (!code) return code.error() + ", then replay sales order " + std::to_string(order.doc_num);
            shipped->item_code = std::move(*code);
        }
        auto line = line_for(order, left, *shipped);
        if (!line) return unmatched(order, *shipped);
        left[*line] -= shipped->quantity;
        take[*line] += shipped->quantity;
        made_of[*line].push_back(*item);
    }
    std::vector<delivery_line> out;
    for (auto& [line_num, quantity] : take) {
        if (quantity <= 0) continue;
        const auto* l = line_of(order, line_num);
        out.push_back({{order.doc_entry, line_num, quantity, std::nullopt, {}, {}},
                       l->item_code,
                       l->warehouse_code,
                       std::move(made_of[line_num])});
    }
    if (out.empty())
        return "sales order " + std::to_string(order.doc_num) + " has no open line left to deliver";
    return out;
}

}  // namespace mlc::flows::shipments
