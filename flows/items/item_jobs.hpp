// The items flow's jobs: align one item's ShipStation product, bring one item's stock levels up to date.
// Both are keyed by the item, so a burst of causes (orders, SAP changes, deliveries) makes one job.
#pragma once

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <pqxx/transaction>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::flows::items {

inline constexpr const char* align_product_kind = "align_shipstation_product";
inline constexpr const char* sync_stock_kind = "sync_shipstation_stock";

struct item_job {
    std::string company_db;
    std::string item_code;  // the dedupe key too
    std::string cause;      // "first order", "changed in SAP", "delivery", "warehouse journal", "operator"
};

// The payload as stored. Throws std::bad_alloc only.
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const item_job& job);
// Reads a payload: company_db and item_code are required. Throws std::invalid_argument naming what is
// missing.
item_job tag_invoke(boost::json::value_to_tag<item_job>, const boost::json::value& v);

// Queues an alignment of each item in `work` (after `delay`). Throws pqxx exceptions.
void queue_alignments(pqxx::work& work, std::string_view company_db,
                      const std::vector<std::string>& item_codes, std::string_view cause,
                      std::chrono::milliseconds delay = {});

// Queues a stock sync of each item in `work`. Throws pqxx exceptions.
void queue_stock_syncs(pqxx::work& work, std::string_view company_db,
                       const std::vector<std::string>& item_codes, std::string_view cause);

}  // namespace mlc::flows::items
