// Service Layer value conventions: API versions, date/time fields and their wire formats, enum aliases.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mlc::sim::sap {

// /b1s/v1 speaks OData v3, /b1s/v2 OData v4.
enum class api_version { v1, v2 };

std::string_view to_string(api_version v) noexcept;

// How a property compares in $filter: dates ignore the time part, times ignore seconds and the date part.
enum class field_kind { other, date, time };

// By property name (the same names on every entity). Never throws.
field_kind kind_of(std::string_view field) noexcept;

// "YYYY-MM-DD" from '2014-04-23', '20140423', '2014-04-23T12:21:21', '20140423000000' or
// '2025-08-20T00:00:00Z'; nullopt if `text` is none of them. Never throws except std::bad_alloc.
std::optional<std::string> normalize_date(std::string_view text);

// "HH:MM:SS" from '18:38:00', '18:38', '183800', '1838' or an ISO date-time ('2014-04-23T18:38:00');
// nullopt otherwise. Never throws except std::bad_alloc.
std::optional<std::string> normalize_time(std::string_view text);

// Rewrites the stored form (dates "YYYY-MM-DD") into the version's wire form, recursively: v1 keeps it,
// v2 sends "YYYY-MM-DDT00:00:00Z". Throws std::bad_alloc only.
void to_wire(boost::json::value& v, api_version version);

// Rewrites dates of a request body (either version's form) into the stored form, recursively; values that
// are not dates are left for validation to reject. Throws std::bad_alloc only.
void from_wire(boost::json::value& v);

// The database value of an enum value name ("tYES" -> "Y", "bost_Open" -> "O", "cCustomer" -> "C"): a
// filter may use either. nullopt when `name` is not a known enum value. Never throws.
std::optional<std::string_view> enum_db_value(std::string_view name) noexcept;

}  // namespace mlc::sim::sap
