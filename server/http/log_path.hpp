// The request path as the request log line prints it: bounded, whatever length a client sends.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mlc::server::http {

// Bytes of a path the request log prints before it cuts.
inline constexpr std::size_t log_path_limit = 256;

// `path` when it is at most `limit` bytes; else its first `limit` bytes (fewer, so as not to split a UTF-8
// sequence) followed by "…". Control characters are left to the logger, which escapes them. Throws
// std::bad_alloc only.
std::string log_path(std::string_view path, std::size_t limit = log_path_limit);

}  // namespace mlc::server::http
