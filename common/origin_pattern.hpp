// Origins given as patterns, e.g. "https://ssapi*.shipstation.com": which hosts a webhook's resource_url may
// name. A setting's parser and the ShipStation client both use it.
#pragma once

#include <boost/system/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlc {

// Another origin a resource_url may name, e.g. "https://ssapi*.shipstation.com": scheme, host and port, where
// one '*' in the host's first label stands for any run of letters, digits and '-' (never a '.').
struct origin_pattern {
    std::string scheme;       // "https" or "http"
    std::string host_prefix;  // lower case: the host before the '*' (the whole host when there is none)
    std::string host_suffix;  // after the '*'
    bool wildcard = false;
    std::uint16_t port = 0;  // explicit, or the scheme's default
    std::string text;        // as written
};

// Parses "scheme://host[:port]" (an IPv6 host in brackets: "http://[::1]:8080") with at most one '*' in the
// first label and nothing after the authority (a trailing '/' is allowed). What follows the '*' label must be
// a registrable domain by the Public Suffix List: "https://*.example.com", not "https://*.co.uk". Returns the
// pattern or a message saying what is wrong. Throws std::bad_alloc.
boost::system::result<origin_pattern, std::string> parse_origin_pattern(std::string_view text);

// Whether scheme, host (lower case, without a trailing dot) and port match the pattern. Never throws.
bool origin_matches(const origin_pattern& p, std::string_view scheme, std::string_view host,
                    std::uint16_t port) noexcept;

// A host as origins compare it: lower case, IPv6 brackets and one trailing dot removed. Throws
// std::bad_alloc.
std::string normalized_host(std::string_view host);

// The default other origins of ShipStation resource_urls: https://ssapi*.shipstation.com. Throws
// std::bad_alloc only.
std::vector<origin_pattern> default_resource_origins();

}  // namespace mlc
