// What a delivery job starts from, read in one transaction: the shipment's link, its sales order through its
// exact order link, and the SKU map's rows for its SKUs; and the facts the step is chosen from (shared by the
// delivery writer and the preview).
#pragma once

#include "db/order_links.hpp"
#include "db/shipment_links.hpp"
#include "flows/shipments/delivery_decision.hpp"

#include <pqxx/transaction>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace mlc::flows::shipments {

struct delivery_settings;

struct delivery_state {
    std::optional<db::shipment_links::shipment_link> link;
    std::optional<db::order_links::order_link> order;
    std::optional<std::string> conflict;             // order_conflict(link, order)
    std::map<std::string, std::string> mapped_skus;  // the SKU map's rows for the shipment's SKUs
};

// Reads the state of shipment (or fulfillment) `id` in `work`; only reads. Throws pqxx exceptions.
delivery_state load_delivery_state(pqxx::work& work, db::shipment_links::link_kind kind, std::int64_t id);

// The facts choose_step() decides from. Throws std::bad_alloc only.
delivery_facts facts_of(const delivery_state& state, const delivery_settings& settings);

}  // namespace mlc::flows::shipments
