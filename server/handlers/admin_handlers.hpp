// /admin endpoints for operators: bearer-token protected.
#pragma once

#include "server/http/request_context.hpp"
#include "server/http/types.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

namespace mlc {
struct security_config;
}

namespace mlc::server::handlers {

// Checks `Authorization: Bearer <MLC_ADMIN_TOKEN>` in constant time; the scheme in any letter case (RFC
// 7235). Returns the 401/403 response to send when the caller is not allowed, or nothing when it is. Admin
// endpoints are off while no token is set. The session calls it before the body (route::authorize), the
// handlers again on the whole request. Throws std::bad_alloc only.
std::optional<http::response> refuse_unless_admin(const http::request_header& header,
                                                  const security_config& sec);
// The same check on a handler's request.
std::optional<http::response> refuse_unless_admin(const http::request_context& ctx,
                                                  const security_config& sec);

// GET /admin/config: the effective configuration as `ml-connector config` prints it, secrets redacted.
boost::asio::awaitable<http::response> admin_config(const http::request_context& ctx,
                                                    const security_config& sec,
                                                    const std::string& described_config);

}  // namespace mlc::server::handlers
