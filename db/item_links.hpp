// Item links: each item whose SKU went to ShipStation, its product there and what was last aligned.
#pragma once

#include <boost/json/value.hpp>

#include <pqxx/transaction>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::db::item_links {

struct item_link {
    std::string company_db, item_code, sku;
    std::optional<std::int64_t> product_id;
    std::optional<std::string> aligned_hash;
    std::optional<boost::json::value> aligned;  // the owned fields as last aligned
    std::optional<std::chrono::system_clock::time_point> aligned_at;
    std::chrono::system_clock::time_point first_sent_at;
};

// Records that `item_code` went to ShipStation as `sku` (a new link, or the SKU of an existing one updated).
// Returns true when its product needs aligning: the link is new, its SKU changed, or it was never aligned.
// Throws pqxx exceptions.
bool note_sent(pqxx::work& work, std::string_view company_db, std::string_view item_code,
               std::string_view sku);

// The link of `item_code`, or nullopt. Throws pqxx exceptions.
std::optional<item_link> find(pqxx::work& work, std::string_view company_db, std::string_view item_code);

// Which of `item_codes` have links (their products are aligned when SAP changes them). Throws pqxx
// exceptions.
std::vector<std::string> linked(pqxx::work& work, std::string_view company_db,
                                const std::vector<std::string>& item_codes);

// Records the version (UpdateDate and UpdateTime) SAP showed for each item and returns the linked items whose
// version is new: overlapping polls read an item again without aligning it again. Throws pqxx exceptions.
std::vector<std::string> changed_versions(pqxx::work& work, std::string_view company_db,
                                          const std::vector<std::pair<std::string, std::string>>& versions);

// Records the product found for the item and the owned fields now equal to SAP's. Throws pqxx exceptions.
void set_aligned(pqxx::work& work, std::string_view company_db, std::string_view item_code,
                 std::int64_t product_id, std::string_view aligned_hash, const boost::json::value& aligned);

}  // namespace mlc::db::item_links
