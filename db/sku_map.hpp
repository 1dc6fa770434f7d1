// The SKU map: ShipStation SKUs that are not SAP ItemCodes, and the item each names; read both ways.
#pragma once

#include <pqxx/transaction>

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::db::sku_map {

struct sku_mapping {
    std::string sku;         // as ShipStation shows it (the key, matched exactly)
    std::string item_code;   // SAP's ItemCode
    bool preferred = false;  // the SKU orders send for the item when several name it
    std::string note;        // "" for none
    std::chrono::system_clock::time_point updated_at{};  // set by the database; ignored by put and import
};

// Up to `limit` rows with a SKU after `after_sku` ("" for the first page), in byte order of the SKU; only
// the rows of `item_code` when given. Throws pqxx exceptions.
std::vector<sku_mapping> list(pqxx::work& work, std::string_view after_sku, std::size_t limit,
                              const std::optional<std::string>& item_code = std::nullopt);

// The row of `sku`, or nullopt. Throws pqxx exceptions.
std::optional<sku_mapping> find(pqxx::work& work, std::string_view sku);

// Inserts or replaces the row of m.sku (item_code, preferred, note) and returns it as stored. A preferred
// row takes the mark from the item's other preferred row. updated_at moves only when something changed.
// Throws pqxx exceptions.
sku_mapping put(pqxx::work& work, const sku_mapping& m);

// Deletes the row of `sku`. Returns whether there was one. Throws pqxx exceptions.
bool remove(pqxx::work& work, std::string_view sku);

struct import_result {
    std::size_t imported = 0;               // rows of the import (each inserted, replaced or already so)
    std::size_t removed = 0;                // rows deleted because the import did not name them (replace_all)
    std::vector<std::string> changed_skus;  // rows inserted or changed, a lost preferred mark included
    std::vector<std::string> removed_skus;  // the rows deleted
};

// Puts every row, as put() would, and with `replace_all` first deletes every row whose SKU the import does
// not name; all within `work`, so a failure leaves the table as it was once the caller rolls back. SKUs in
// the result are in byte order. The SKUs
// must be distinct and at most one row per item preferred (the caller checks: a CSV names the line).
// Throws pqxx exceptions (unique_violation for two preferred rows of one item or a SKU twice).
import_result import(pqxx::work& work, const std::vector<sku_mapping>& rows, bool replace_all);

// Inbound: the ItemCode of each of `skus` the table maps (SKU -> ItemCode; absent SKUs are not in the map).
// Throws pqxx exceptions.
std::map<std::string, std::string> item_codes_for_skus(pqxx::work& work,
                                                       const std::vector<std::string>& skus);

// Outbound: the SKU the table gives each of `item_codes` that it names (ItemCode -> SKU): its preferred row,
// else its lowest SKU in byte order. Items without a row are not in the map. Throws pqxx exceptions.
std::map<std::string, std::string> skus_for_item_codes(pqxx::work& work,
                                                       const std::vector<std::string>& item_codes);

}  // namespace mlc::db::sku_map
