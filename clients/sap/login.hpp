// The Login exchange's payloads: the request body and what the answer tells (cookies, timeout, version).
#pragma once

#include "clients/http/message.hpp"
#include "clients/sap/session_cookies.hpp"
#include "common/config.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace mlc::clients::sap {

struct login_info {
    session_cookies cookies;
    std::chrono::minutes session_timeout{30};  // SessionTimeout (minutes; never assumed when present)
    bool timeout_reported = false;             // false: the answer had no SessionTimeout and 30 was assumed
    std::string version;                       // the Service Layer build, e.g. "1000191"
};

// {"CompanyDB":..,"UserName":..,"Password":..[,"Language":n]}. Holds the password: never log it.
// Throws std::bad_alloc only.
std::string login_body(const sap_config& cfg, std::optional<int> language);

// Reads a 200 answer to Login: B1SESSION/ROUTEID from Set-Cookie (SessionId from the body when the cookie
// is missing), SessionTimeout and Version. nullopt if no session id can be found. Throws std::bad_alloc.
std::optional<login_info> parse_login_response(const http::response& res);

}  // namespace mlc::clients::sap
