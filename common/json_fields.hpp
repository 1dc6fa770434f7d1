// Lenient readers of JSON fields (null or missing means "not set"): the SAP and ShipStation clients' typed
// views, the flows' job payloads.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mlc::json_fields {

// The string at `key`; "" if missing, null or not a string. Throws std::bad_alloc only.
std::string text(const boost::json::object& o, std::string_view key);

// The number at `key` (integer or decimal, or a numeric string); `fallback` otherwise. Never throws.
double number(const boost::json::object& o, std::string_view key, double fallback = 0) noexcept;

// The integer at `key` (an integral number or a numeric string); nullopt otherwise. Never throws.
std::optional<int> integer(const boost::json::object& o, std::string_view key) noexcept;

// True if `key` holds "tYES" (or "Y"). Never throws.
bool yes(const boost::json::object& o, std::string_view key) noexcept;

}  // namespace mlc::json_fields
