// Conversions between C++ values and query parameters/fields, shared by the repositories.
#include "db/pg_values.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdint>

namespace mlc::db::detail {

std::string json_text(const boost::json::value& value) {
    return boost::json::serialize(value);
}

std::optional<std::string> json_text(const std::optional<boost::json::value>& value) {
    if (!value) return std::nullopt;
    return boost::json::serialize(*value);
}

boost::json::value json_field(const pqxx::field& field) {
    if (field.is_null()) return nullptr;
    return boost::json::parse(field.c_str());
}

std::optional<boost::json::value> optional_json_field(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return boost::json::parse(field.c_str());
}

std::optional<std::string> optional_text(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

std::chrono::system_clock::time_point time_field(const pqxx::field& field) {
    auto us = std::chrono::microseconds(field.as<std::int64_t>());
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(us));
}

std::optional<std::chrono::system_clock::time_point> optional_time_field(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return time_field(field);
}

std::optional<std::string> optional_time_param(
    const std::optional<std::chrono::system_clock::time_point>& t) {
    if (!t) return std::nullopt;
    return std::to_string(
        std::chrono::duration_cast<std::chrono::microseconds>(t->time_since_epoch()).count());
}

}  // namespace mlc::db::detail
