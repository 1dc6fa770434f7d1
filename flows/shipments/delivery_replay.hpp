// An operator's replay of deliveries SAP refused or that keep failing, and of sales order updates SAP
// refused after their delivery (after the data or the settings were fixed).
#pragma once

#include <pqxx/transaction>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mlc::flows::shipments {

// Queues again now, attempts reset, each audited as replay_requested under its shipment:
// - the failed or dead deliveries of the ShipStation order (`order_key`, or its orderId), their links back to
//   received;
// - its delivered shipments whose order update SAP refused (or failed and waits for its retry), the update
//   pending.
// What the job then does is decided from the link alone: a recorded delivery is never posted again (only the
// order is patched), an in-doubt mark is searched for first. Returns how many. Throws pqxx exceptions.
std::size_t replay_deliveries(pqxx::work& work, std::string_view order_key,
                              std::optional<std::int64_t> shipstation_order_id);

}  // namespace mlc::flows::shipments
