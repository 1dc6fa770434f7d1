// The Service Layer session cookies (B1SESSION, ROUTEID): read from Set-Cookie, sent back in Cookie.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mlc::clients::sap {

struct session_cookies {
    std::string b1session;  // the session id; required on every request after Login
    std::string routeid;    // load-balancer stickiness (".node1"); optional, sent whenever known

    bool empty() const noexcept { return b1session.empty(); }
};

// Reads B1SESSION and ROUTEID from the values of every Set-Cookie header of one response, tolerating what
// Service Layer sends (`B1SESSION=<guid>;HttpOnly;` without Path, a trailing ';'), attributes in any case,
// quoted values, and several cookies folded into one header with commas. A cookie that is absent, or set to
// an empty value, leaves the field empty. Cookie names are case-sensitive (RFC 6265). Throws std::bad_alloc.
session_cookies parse_set_cookies(const std::vector<std::string_view>& set_cookie_values);

// "B1SESSION=<id>; ROUTEID=.node1" (ROUTEID only when known); "" if there is no session. Throws
// std::bad_alloc only.
std::string cookie_header(const session_cookies& cookies);

}  // namespace mlc::clients::sap
