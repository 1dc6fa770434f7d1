// Origins given as patterns: parsing and matching.
#include "common/origin_pattern.hpp"

#include <algorithm>
#include <cctype>
#include <libpsl.h>
#include <optional>

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

// The text of "host[:port]" split at the port's colon; an IPv6 host keeps its brackets ("[::1]", "8080").
struct authority_parts {
    std::string_view host;
    std::optional<std::string_view> port;
};

authority_parts split_authority(std::string_view rest) {
    std::size_t host_end = rest.starts_with('[') ? rest.find(']') : std::string_view::npos;
    std::size_t colon = host_end == std::string_view::npos ? rest.rfind(':') : rest.find(':', host_end);
    if (rest.starts_with('[') && host_end == std::string_view::npos) colon = std::string_view::npos;
    if (colon == std::string_view::npos) return {rest, std::nullopt};
    return {rest.substr(0, colon), rest.substr(colon + 1)};
}

// A port in 1..65535, or nothing.
std::optional<std::uint16_t> parse_port(std::string_view text) {
    if (text.empty() || text.size() > 5 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    unsigned port = 0;
    for (char c : text) port = port * 10 + static_cast<unsigned>(c - '0');
    if (port == 0 || port > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(port);
}

// Whether `domain` is a public suffix ("com", "co.uk", "github.io") by the Public Suffix List libpsl carries
// built in; without that list every domain counts as one, so that no wildcard is let through unchecked.
bool is_public_suffix(const std::string& domain) {
    const psl_ctx_t* list = psl_builtin();
    return list == nullptr || psl_is_public_suffix(list, domain.c_str()) != 0;
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
    auto [host, port_text] = split_authority(rest);
    p.port = default_port(p.scheme);
    if (port_text) {
        auto port = parse_port(*port_text);
        if (!port) return refused("the port must be a number in 1..65535");
        p.port = *port;
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
        // "*.com" would match every host under a public suffix: the rest must be a registrable domain.
        if (is_public_suffix(h.substr(first_dot + 1)))
            return refused(
                "the part after the '*' label must be a registrable domain (example.com), not a public "
                "suffix such as com or co.uk");
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
