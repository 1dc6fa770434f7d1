// How the items flow names an item in the audit log, and the one builder of its rows.
#pragma once

#include "db/audit_log.hpp"

#include <string>
#include <utility>

namespace mlc::flows::items {

inline constexpr const char* audit_entity = "item";

// A row about the item `item_code` (the key is the ItemCode as SAP has it). Throws std::bad_alloc only.
inline db::audit_log::entry item_row(std::string item_code, db::audit_log::direction dir, std::string action,
                                     db::audit_log::outcome result) {
    db::audit_log::entry e;
    e.dir = dir;
    e.entity_type = audit_entity;
    e.entity_key = std::move(item_code);
    e.action = std::move(action);
    e.result = result;
    return e;
}

}  // namespace mlc::flows::items
