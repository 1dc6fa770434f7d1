// Item stock: per item and SAP warehouse, SAP's quantity, the level ShipStation's V2 inventory confirmed and
// what its listing last showed.
#pragma once

#include <pqxx/transaction>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::db::item_stock {

// SAP's quantity of one item in one mapped warehouse, as just read.
struct sap_level {
    std::string item_code, warehouse_code, location_id, sku;
    std::int64_t quantity = 0;
};

struct stock_row {
    std::string item_code, warehouse_code, location_id, sku;
    std::optional<std::int64_t> sap_quantity, sent_quantity, reported_quantity;
    std::optional<std::chrono::system_clock::time_point> sent_at, reported_at, pending_since;
    std::optional<std::string> last_error;
};

// Records SAP's quantities and returns those that differ from what ShipStation last confirmed (or were never
// sent): they are pending from now (or from when they first differed) until confirm() matches them. Throws
// pqxx exceptions.
std::vector<sap_level> note_sap_levels(pqxx::work& work, std::string_view company_db,
                                       const std::vector<sap_level>& levels);

// ShipStation accepted `level.quantity` for the item at its location: sent_quantity is it, the change is no
// longer pending when SAP's last figure is the same. Throws pqxx exceptions.
void confirm(pqxx::work& work, std::string_view company_db, const sap_level& level);

// A send failed: the change stays pending with the error. Throws pqxx exceptions.
void note_failure(pqxx::work& work, std::string_view company_db, const sap_level& level,
                  std::string_view error);

// ShipStation's listing of `location_id`: the quantity each listed SKU has there; rows of that location whose
// SKU is not listed are reported as 0 (V2 leaves zero levels out). Throws pqxx exceptions.
void note_reported(pqxx::work& work, std::string_view company_db, std::string_view location_id,
                   const std::vector<std::pair<std::string, std::int64_t>>& listed);

// The rows of `item_code`, by warehouse. Throws pqxx exceptions.
std::vector<stock_row> of_item(pqxx::work& work, std::string_view company_db, std::string_view item_code);

struct pending_summary {
    std::int64_t pending = 0;                 // rows whose change is not confirmed
    std::chrono::milliseconds oldest_age{0};  // how long the oldest of them has waited
};

// For metrics. Throws pqxx exceptions.
pending_summary pending(pqxx::work& work);

}  // namespace mlc::db::item_stock
