// The orders flow's settings, derived once from the configuration.
#include "flows/orders/orders_settings.hpp"

#include "clients/shipstation/order_key.hpp"

#include <date/tz.h>

#include <algorithm>

namespace mlc::flows::orders {

orders_settings make_orders_settings(const app_config& cfg, std::chrono::sys_days today) {
    orders_settings s;
    s.company_db = clients::shipstation::company_key(cfg.sap.company_db);
    s.filter.series = std::set<int>(cfg.orders.series.begin(), cfg.orders.series.end());
    if (!cfg.orders.flag_field.empty()) {
        s.filter.flag_field = cfg.orders.flag_field;
        s.filter.flag_value = cfg.orders.flag_value;
    }
    s.filter.warehouses = std::set<std::string>(cfg.orders.warehouses.begin(), cfg.orders.warehouses.end());

    s.mapping.series_in_order_number = cfg.orders.number_series_prefix;
    s.mapping.store_id = cfg.shipstation.store_id;
    for (const auto& [code, id] : cfg.orders.warehouse_map) s.mapping.warehouse_ids[code] = id;
    s.mapping.custom_fields = cfg.orders.custom_fields;
    s.mapping.street_number_first_countries =
        std::set<std::string>(cfg.orders.street_number_first.begin(), cfg.orders.street_number_first.end());
    s.mapping.warehouses = s.filter.warehouses;
    s.mapping.company_time_zone = date::locate_zone(cfg.sap.time_zone);

    s.poll_overlap = std::chrono::duration_cast<std::chrono::seconds>(cfg.flow.poll_overlap);
    s.first_day = cfg.flow.sync_since.value_or(today);
    s.batch_size = cfg.orders.batch_size;
    s.max_attempts = cfg.orders.max_attempts;
    s.retry_delay = cfg.orders.retry_delay;
    s.retry_max_delay = cfg.orders.retry_max_delay;
    s.lease = cfg.orders.lease;
    return s;
}

}  // namespace mlc::flows::orders
