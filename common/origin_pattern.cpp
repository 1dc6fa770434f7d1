// Origins given as patterns: parsing and matching.
#include "common/origin_pattern.hpp"

#include <algorithm>
#include <cctype>

namespace mlc {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::uint16_t default_port(std::string_view scheme) {
    return scheme == "https" ? 443 : 80;
}

bool is_label_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

boost::system::result<origin_pattern, std::string> parse_origin_pattern(std::string_view text) {
    // origin_pattern could be built from a string too: name the error alternative explicitly.
    auto refused = [](const char* message) {
        return boost::system::result<origin_pattern, std::string>(boost::system::in_place_error, message);
    };
    origin_pattern p;
    p.text = text;
    auto sep = text.find("://");
    if (sep == std::string_view::npos) return refused("expected scheme://host[:port]");
    p.scheme = lower(text.substr(0, sep));
    if (p.scheme != "https" && p.scheme != "http") return refused("the scheme must be https or http");
    std::string_view rest = text.substr(sep + 3);
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.find_first_of("/?#@") != std::string_view::npos)
        return refused("only scheme, host and port: no path, query or user info");
    std::string_view host = rest;
    p.port = default_port(p.scheme);
    if (auto colon = rest.rfind(':');
        colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
        host = rest.substr(0, colon);
        auto port_text = rest.substr(colon + 1);
        unsigned port = 0;
        if (port_text.empty() || port_text.size() > 5 ||
            !std::all_of(port_text.begin(), port_text.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return refused("the port must be a number");
        for (char c : port_text) port = port * 10 + static_cast<unsigned>(c - '0');
        if (port == 0 || port > 65535) return refused("the port must be 1..65535");
        p.port = static_cast<std::uint16_t>(port);
    }
    std::string h = normalized_host(host);
    if (h.empty()) return refused("no host");
    auto star = h.find('*');
    if (star != std::string::npos) {
        if (h.find('*', star + 1) != std::string::npos) return refused("at most one '*'");
        auto first_dot = h.find('.');
        if (first_dot == std::string::npos || star > first_dot)
            return refused(
                "the '*' must be in the first label of a host with a domain, e.g. "
                "https://ssapi*.shipstation.com");
        p.wildcard = true;
        p.host_prefix = h.substr(0, star);
        p.host_suffix = h.substr(star + 1);
    } else {
        p.host_prefix = h;
    }
    return p;
}

bool origin_matches(const origin_pattern& p, std::string_view scheme, std::string_view host,
                    std::uint16_t port) noexcept {
    if (scheme != p.scheme || port != p.port) return false;
    if (!p.wildcard) return host == p.host_prefix;
    if (host.size() < p.host_prefix.size() + p.host_suffix.size()) return false;
    if (!host.starts_with(p.host_prefix) || !host.ends_with(p.host_suffix)) return false;
    auto middle =
        host.substr(p.host_prefix.size(), host.size() - p.host_prefix.size() - p.host_suffix.size());
    return std::all_of(middle.begin(), middle.end(), is_label_char);
}

std::string normalized_host(std::string_view h) {
    if (h.size() > 1 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (!h.empty() && h.back() == '.') h.remove_suffix(1);
    return lower(h);
}

std::vector<origin_pattern> default_resource_origins() {
    return {*parse_origin_pattern("https://ssapi*.shipstation.com")};  // a literal known to parse
}

}  // namespace mlc
