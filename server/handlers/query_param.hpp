// Reading one parameter of a request's raw query string.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlc::server::handlers {

// The percent-decoded value of `name` in `query` (the raw text after '?'): "" for a name without a value,
// nullopt when absent or the query is malformed. Throws std::bad_alloc only.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

// As query_param, but nullopt also when `name` is given more than once: for credentials, where a second
// copy is a sign of tampering rather than something to pick from. Throws std::bad_alloc only.
std::optional<std::string> single_query_param(std::string_view query, std::string_view name);

}  // namespace mlc::server::handlers
