// Named watermarks: how far each poller got, so a restart resumes where it stopped.
#include "db/watermarks.hpp"

#include "db/pg_values.hpp"

#include <string>

namespace mlc::db::watermarks {

std::optional<boost::json::value> get(pqxx::work& work, std::string_view name) {
    auto result = work.exec_params("SELECT value::text FROM watermarks WHERE name = $1", std::string(name));
    if (result.empty()) return std::nullopt;
    return detail::json_field(result[0][0]);
}

void set(pqxx::work& work, std::string_view name, const boost::json::value& value) {
    work.exec_params0(
        "INSERT INTO watermarks (name, value) VALUES ($1, $2::jsonb)"
        " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()",
        std::string(name), detail::json_text(value));
}

void remove(pqxx::work& work, std::string_view name) {
    work.exec_params0("DELETE FROM watermarks WHERE name = $1", std::string(name));
}

}  // namespace mlc::db::watermarks
