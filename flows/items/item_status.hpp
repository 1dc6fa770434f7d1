// What an operator sees of one item (GET /admin/items/{ItemCode}): its SKU, its product as last aligned, its
// stock per location as sent and as ShipStation last reported, its jobs and audit timeline; and the
// operator's requests to align or sync it now.
#pragma once

#include <boost/json/object.hpp>

#include <pqxx/transaction>

#include <cstddef>
#include <optional>
#include <string_view>

namespace mlc::flows::items {

// The item's state, or nullopt when the connector knows nothing of it (no link, no stock, no job, no audit
// row). The audit timeline holds the newest `audit_limit` rows, oldest first. Throws pqxx exceptions,
// std::bad_alloc.
std::optional<boost::json::object> item_status(pqxx::work& work, std::string_view company_db,
                                               std::string_view item_code, std::size_t audit_limit = 200);

// Queues an alignment of the item's product (`product`) or a sync of its stock now, attempts reset; audited
// as an operator action. Throws pqxx exceptions.
void queue_by_operator(pqxx::work& work, std::string_view company_db, std::string_view item_code,
                       bool product);

}  // namespace mlc::flows::items
