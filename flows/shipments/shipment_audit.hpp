// How the shipments flow names its entities in the audit log, and the one builder of each entity's rows: a
// ShipStation notification (by its inbox row) and a shipment or fulfillment (by its link).
#pragma once

#include "db/audit_log.hpp"
#include "db/shipment_links.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace mlc::flows::shipments {

inline constexpr const char* audit_entity = "shipstation_shipment";
inline constexpr const char* webhook_audit_entity = "shipstation_webhook";

// "shipment:123", "fulfillment:9". Throws std::bad_alloc only.
inline std::string shipment_audit_key(db::shipment_links::link_kind kind, std::int64_t id) {
    return std::string(db::shipment_links::to_string(kind)) + ":" + std::to_string(id);
}

// A row about shipment (or fulfillment) `key`. Throws std::bad_alloc only.
inline db::audit_log::entry shipment_row(std::string key, db::audit_log::direction dir, std::string action,
                                         db::audit_log::outcome result) {
    db::audit_log::entry e;
    e.dir = dir;
    e.entity_type = audit_entity;
    e.entity_key = std::move(key);
    e.action = std::move(action);
    e.result = result;
    return e;
}

// A row about a notification ShipStation sent: keyed by its inbox row, or by the request id when nothing
// was stored. Always inbound. Throws std::bad_alloc only.
inline db::audit_log::entry webhook_row(std::string key, std::string action, db::audit_log::outcome result) {
    db::audit_log::entry e;
    e.dir = db::audit_log::direction::inbound;
    e.entity_type = webhook_audit_entity;
    e.entity_key = std::move(key);
    e.action = std::move(action);
    e.result = result;
    return e;
}

}  // namespace mlc::flows::shipments
