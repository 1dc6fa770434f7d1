// SAP's stock of an item as ShipStation inventory levels.
#include "flows/items/stock_levels.hpp"

#include <algorithm>
#include <cmath>

namespace mlc::flows::items {

std::vector<db::item_stock::sap_level> stock_levels(
    const clients::sap::item& item, const std::string& sku,
    const std::vector<std::pair<std::string, std::string>>& location_map, stock_quantity rule) {
    std::vector<db::item_stock::sap_level> out;
    for (const auto& [warehouse, location] : location_map) {
        double quantity = 0;
        auto row = std::find_if(item.warehouses.begin(), item.warehouses.end(),
                                [&](const auto& w) { return w.warehouse_code == warehouse; });
        if (row != item.warehouses.end())
            quantity = rule == stock_quantity::available ? row->in_stock - row->committed : row->in_stock;
        // A few units' rounding noise (6 decimals in SAP) must not turn 3 into 2.
        auto whole = static_cast<std::int64_t>(std::floor(quantity + 1e-6));
        out.push_back({item.item_code, warehouse, location, sku, std::max<std::int64_t>(whole, 0)});
    }
    return out;
}

}  // namespace mlc::flows::items
