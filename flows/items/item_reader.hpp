// What the flows need of SAP's items, read in few requests: each item's SKU (the SKU map, MLC_SKU_FIELD, the
// ItemCode), its shipping measures in ShipStation's units and what its product is aligned with.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/master_data.hpp"
#include "db/database.hpp"
#include "flows/items/items_settings.hpp"
#include "flows/items/product_fields.hpp"
#include "flows/items/shipping_measures.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::items {

// One SAP item as the flows see it.
struct item_details {
    clients::sap::item item;
    std::string sku;
    item_source source;  // for its product
};

// Safe to share between the flows' strands (the unit cache has its own mutex, never held across co_await).
class item_reader {
public:
    // References must outlive the reader.
    item_reader(db::database& database, clients::sap::client& sap, const items_settings& settings);

    // The items among `item_codes` that exist in SAP, by ItemCode, with their SKUs and measures;
    // `with_bins` also resolves the default bins' codes (one more request). Returns them or SAP's first
    // error. Throws database errors, std::bad_alloc.
    boost::asio::awaitable<clients::outcome<std::map<std::string, item_details>>> read(
        std::vector<std::string> item_codes, bool with_bins);

    // The SKU of each of `items` (already read from SAP, with MLC_SKU_FIELD selected): the map table's, the
    // field's, or the ItemCode. Throws database errors, std::bad_alloc.
    boost::asio::awaitable<std::map<std::string, std::string>> skus_of(
        const std::vector<clients::sap::item>& items);

    // SAP's unit tables, read at most once an hour. Returns them or SAP's error. Throws std::bad_alloc.
    boost::asio::awaitable<clients::outcome<unit_tables>> units();

    // The fields an items read selects: what measures, products and stock need, and the configured SKU and
    // tariff fields. Never throws except std::bad_alloc.
    std::vector<std::string> item_fields() const;

    // What a stock scan selects besides ItemCode and ItemWarehouseInfoCollection: InventoryItem and the SKU
    // field. Never throws except std::bad_alloc.
    std::vector<std::string> stock_fields() const;

private:
    item_source source_of(const clients::sap::item& item, const unit_tables& units,
                          const std::map<int, std::string>& bins) const;

    db::database& db_;
    clients::sap::client& sap_;
    const items_settings& settings_;
    std::mutex mutex_;
    std::optional<unit_tables> units_;                    // guarded by mutex_
    std::chrono::steady_clock::time_point units_read_{};  // guarded by mutex_
};

}  // namespace mlc::flows::items
