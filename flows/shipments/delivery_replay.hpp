// An operator's replay of deliveries SAP refused or that keep failing (after the data was fixed in SAP).
#pragma once

#include <pqxx/transaction>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mlc::flows::shipments {

// Queues the failed or dead deliveries of the ShipStation order (`order_key`, or its orderId) again now,
// attempts reset, their links back to received, each audited as replay_requested under its shipment.
// Returns how many. Throws pqxx exceptions.
std::size_t replay_deliveries(pqxx::work& work, std::string_view order_key,
                              std::optional<std::int64_t> shipstation_order_id);

}  // namespace mlc::flows::shipments
