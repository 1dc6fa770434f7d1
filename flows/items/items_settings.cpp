// The items flow's settings, derived once from the configuration.
#include "flows/items/items_settings.hpp"

#include "clients/shipstation/order_key.hpp"

namespace mlc::flows::items {

items_settings make_items_settings(const app_config& cfg, std::chrono::sys_days today) {
    items_settings s;
    s.company_db = clients::shipstation::company_key(cfg.sap.company_db);
    s.sku_field = cfg.items.sku_field;
    s.tariff_field = cfg.items.tariff_field;
    s.weight_units = cfg.items.weight_units;
    s.dimension_units = cfg.items.dimension_units;
    s.product_share = cfg.items.product_sync_share / 100.0;
    s.inventory = !cfg.inventory.v2_api_key.empty() && !cfg.inventory.location_map.empty();
    s.location_map = cfg.inventory.location_map;
    s.quantity = cfg.inventory.quantity;
    s.poll_interval = cfg.flow.poll_interval;
    s.scan_interval = cfg.inventory.interval;
    s.poll_overlap = std::chrono::duration_cast<std::chrono::seconds>(cfg.flow.poll_overlap);
    s.first_day = cfg.flow.sync_since.value_or(today);
    s.max_attempts = cfg.orders.max_attempts;
    s.retry_delay = cfg.orders.retry_delay;
    s.retry_max_delay = cfg.orders.retry_max_delay;
    s.lease = cfg.orders.lease;
    return s;
}

}  // namespace mlc::flows::items
