// /admin endpoints for operators: bearer-token protected.
#include "server/handlers/admin_handlers.hpp"

#include "common/config.hpp"
#include "common/constant_time.hpp"
#include "server/http/responses.hpp"

#include <boost/beast/core/string.hpp>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

std::optional<http::response> refuse_unless_admin(const http::request_header& header,
                                                  const security_config& sec) {
    if (sec.admin_token.empty())
        return http::error_response(bhttp::status::forbidden,
                                    "admin endpoints are disabled: MLC_ADMIN_TOKEN is not set");
    std::string_view auth = header[bhttp::field::authorization];
    // RFC 7235: the scheme name is case-insensitive; the token after it is compared exactly.
    constexpr std::string_view scheme = "Bearer ";
    if (auth.size() > scheme.size() && boost::beast::iequals(auth.substr(0, scheme.size()), scheme) &&
        constant_time_equals(auth.substr(scheme.size()), sec.admin_token.reveal()))
        return std::nullopt;
    auto res = http::error_response(bhttp::status::unauthorized, "a valid admin bearer token is required");
    res.set(bhttp::field::www_authenticate, "Bearer realm=\"ml-connector admin\"");
    return res;
}

std::optional<http::response> refuse_unless_admin(const http::request_context& ctx,
                                                  const security_config& sec) {
    return refuse_unless_admin(ctx.req, sec);
}

boost::asio::awaitable<http::response> admin_config(const http::request_context& ctx,
                                                    const security_config& sec,
                                                    const std::string& described_config) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    co_return http::text_response(bhttp::status::ok, described_config, "text/plain; charset=utf-8");
}

}  // namespace mlc::server::handlers
