// Parsing the Service Layer's Set-Cookie headers and building the Cookie header.
#include "clients/sap/session_cookies.hpp"

namespace mlc::clients::sap {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool is_token_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// True if `s` starts with "name=" for a token name: the start of a new cookie in a folded header. A comma
// inside an attribute such as "Expires=Wed, 21 Oct 2015 07:28:00 GMT" is not followed by one.
bool starts_cookie(std::string_view s) {
    s = trim(s);
    std::size_t i = 0;
    while (i < s.size() && is_token_char(s[i])) ++i;
    return i > 0 && i < s.size() && s[i] == '=';
}

// Splits a header value into cookie strings ("name=value; attr; attr=x") at commas that start a cookie.
std::vector<std::string_view> split_folded(std::string_view header) {
    std::vector<std::string_view> out;
    std::size_t begin = 0;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == ',' && starts_cookie(header.substr(i + 1))) {
            out.push_back(header.substr(begin, i - begin));
            begin = i + 1;
        }
    }
    out.push_back(header.substr(begin));
    return out;
}

void read_cookie(std::string_view cookie, session_cookies& out) {
    // Only the first "name=value" pair matters; the attributes after ';' (HttpOnly, path, Secure) do not.
    std::string_view pair = cookie.substr(0, cookie.find(';'));
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) return;
    std::string_view name = trim(pair.substr(0, eq));
    std::string_view value = trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    if (name == "B1SESSION")
        out.b1session = std::string(value);
    else if (name == "ROUTEID")
        out.routeid = std::string(value);
}

}  // namespace

session_cookies parse_set_cookies(const std::vector<std::string_view>& set_cookie_values) {
    session_cookies out;
    for (auto header : set_cookie_values)
        for (auto cookie : split_folded(header)) read_cookie(cookie, out);
    return out;
}

std::string cookie_header(const session_cookies& cookies) {
    if (cookies.b1session.empty()) return {};
    std::string s = "B1SESSION=" + cookies.b1session;
    if (!cookies.routeid.empty()) s += "; ROUTEID=" + cookies.routeid;
    return s;
}

}  // namespace mlc::clients::sap
