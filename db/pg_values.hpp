// Conversions between C++ values and query parameters/fields, shared by the repositories (internal to db/).
#pragma once

#include <boost/json/value.hpp>

#include <pqxx/result>

#include <chrono>
#include <optional>
#include <string>

namespace mlc::db::detail {

// A nullable text parameter: nullptr binds SQL NULL. The pointer lives as long as `value`.
inline const char* nullable(const std::optional<std::string>& value) noexcept {
    return value ? value->c_str() : nullptr;
}

// JSON as a parameter for `$n::jsonb`. Throws std::bad_alloc only.
std::string json_text(const boost::json::value& value);
std::optional<std::string> json_text(const std::optional<boost::json::value>& value);

// A jsonb/json field. Throws boost::system::system_error if the text is not JSON (it always is for jsonb).
boost::json::value json_field(const pqxx::field& field);
std::optional<boost::json::value> optional_json_field(const pqxx::field& field);

std::optional<std::string> optional_text(const pqxx::field& field);

// A timestamptz selected as microseconds since the epoch: (extract(epoch FROM col) * 1000000)::bigint.
// Throws pqxx::conversion_error on a non-integer.
std::chrono::system_clock::time_point time_field(const pqxx::field& field);
std::optional<std::chrono::system_clock::time_point> optional_time_field(const pqxx::field& field);

// The other way: microseconds since the epoch as a parameter for `to_timestamp($n::bigint / 1000000.0)`
// (nullopt binds NULL through nullable()). Throws std::bad_alloc only.
std::optional<std::string> optional_time_param(const std::optional<std::chrono::system_clock::time_point>& t);

}  // namespace mlc::db::detail
