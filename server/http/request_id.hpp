// Request ids: honour a well-formed incoming X-Request-Id, otherwise make a random one.
#pragma once

#include <string>
#include <string_view>

namespace mlc::server::http {

// True if `id` is 1..128 characters of [A-Za-z0-9._:-] (safe to log and echo). Never throws.
bool is_valid_request_id(std::string_view id) noexcept;

// 32 lowercase hex digits (16 random bytes). Not for secrets: ids are correlation labels, not tokens.
// Throws std::bad_alloc only.
std::string generate_request_id();

// `incoming` if it is valid, else a generated id. Throws std::bad_alloc only.
std::string request_id_for(std::string_view incoming);

}  // namespace mlc::server::http
