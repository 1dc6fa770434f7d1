// Lenient readers of JSON entity fields (null or missing means "not set"), shared by the typed views.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mlc::clients::sap::json_fields {

// The string at `key`; "" if missing, null or not a string. Throws std::bad_alloc only.
std::string text(const boost::json::object& o, std::string_view key);

// The number at `key` (integer or decimal, or a numeric string); `fallback` otherwise. Never throws.
double number(const boost::json::object& o, std::string_view key, double fallback = 0) noexcept;

// The integer at `key` (an integral number or a numeric string); nullopt otherwise. Never throws.
std::optional<int> integer(const boost::json::object& o, std::string_view key) noexcept;

// True if `key` holds "tYES" (or "Y"). Never throws.
bool yes(const boost::json::object& o, std::string_view key) noexcept;

}  // namespace mlc::clients::sap::json_fields
