// The items flow's settings, derived once from the configuration: SKUs, units, products, stock.
#pragma once

#include "common/config.hpp"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace mlc::flows::items {

struct items_settings {
    std::string company_db;  // upper case, as in order keys
    std::string sku_field;   // MLC_SKU_FIELD ("" : none)
    std::string tariff_field;
    weight_unit weight_units = weight_unit::ounces;
    dimension_unit dimension_units = dimension_unit::inches;
    double product_share = 0.25;  // of the ShipStation budget; 0: products are not aligned
    bool inventory = false;       // a V2 key is configured and at least one warehouse is mapped
    std::vector<std::pair<std::string, std::string>> location_map;
    stock_quantity quantity = stock_quantity::available;
    std::chrono::milliseconds poll_interval{60000};   // items changed in SAP, the warehouse journal
    std::chrono::milliseconds scan_interval{900000};  // a full stock scan without the journal
    std::chrono::seconds poll_overlap{600};
    std::chrono::sys_days first_day{};
    int max_attempts = 10;
    std::chrono::milliseconds retry_delay{30000};
    std::chrono::milliseconds retry_max_delay{3600000};
    std::chrono::milliseconds lease{300000};
    // A product is looked for this long after its first order was queued: ShipStation makes it from the
    // order.
    std::chrono::milliseconds first_alignment_delay{60000};
};

// The settings for `cfg`; `today` is the first day of the items watermark when MLC_SYNC_SINCE is unset.
// Throws std::bad_alloc only.
items_settings make_items_settings(const app_config& cfg, std::chrono::sys_days today);

}  // namespace mlc::flows::items
