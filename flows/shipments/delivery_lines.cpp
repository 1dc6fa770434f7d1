// Matching a shipment's items to the open lines of its sales order.
#include "flows/shipments/delivery_lines.hpp"

#include "clients/sap/json_fields.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

namespace mlc::flows::shipments {

namespace {

namespace sap = clients::sap;
namespace jf = clients::sap::json_fields;

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

}  // namespace

boost::system::result<std::vector<delivery_line>, std::string> delivery_lines_for(
    const sap::document& order, const boost::json::array* items) {
    std::map<int, double> left;  // LineNum -> open quantity not yet allocated
    for (const auto& l : order.lines)
        if (l.line_status == "bost_Open" && l.remaining_open_quantity > 0)
            left[l.line_num] = l.remaining_open_quantity;
    std::map<int, double> take;                 // LineNum -> quantity
    std::map<int, boost::json::array> made_of;  // LineNum -> the shipment items on it
    if (!items || items->empty()) {
        take = left;
    } else {
        for (const auto& v : *items) {
            const auto* item = v.if_object();
            if (!item) continue;
            const std::string sku = jf::text(*item, "sku");
            const std::string key = jf::text(*item, "lineItemKey");
            double quantity = 0;
            if (const auto* q = item->if_contains("quantity"); q && q->is_number())
                quantity = q->to_number<double>();
            if (quantity <= 0) continue;
            auto same_sku = [&](int line_num) {
                const auto* l = line_of(order, line_num);
                return l && (sku.empty() || l->item_code == sku);
            };
            std::optional<int> line;
            if (auto n = int_of_text(key); n && left.contains(*n) && same_sku(*n) && left[*n] >= quantity)
                line = n;
            for (auto it = left.begin(); !line && it != left.end(); ++it)
                if (same_sku(it->first) && it->second >= quantity && !sku.empty()) line = it->first;
            if (!line)
                return "item " + (sku.empty() ? std::string("without a SKU") : "SKU " + sku) +
                       " (lineItemKey '" + key + "', quantity " +
                       std::to_string(static_cast<long long>(quantity)) +
                       ") matches no open line of sales order " + std::to_string(order.doc_num) +
                       " with enough open quantity";
            left[*line] -= quantity;
            take[*line] += quantity;
            made_of[*line].push_back(*item);
        }
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
