// Named watermarks: how far each poller got, so a restart resumes where it stopped.
#pragma once

#include <boost/json/value.hpp>

#include <pqxx/transaction>

#include <optional>
#include <string_view>

namespace mlc::db::watermarks {

// The stored value, or nullopt when `name` was never set. Throws pqxx exceptions.
std::optional<boost::json::value> get(pqxx::work& work, std::string_view name);

// Stores `value` under `name`, replacing any previous one. Throws pqxx exceptions.
void set(pqxx::work& work, std::string_view name, const boost::json::value& value);

// Forgets `name`: the next poll starts as on first start. Throws pqxx exceptions.
void remove(pqxx::work& work, std::string_view name);

}  // namespace mlc::db::watermarks
