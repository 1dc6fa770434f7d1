// The parsed base URL of an outbound client: scheme, host, port and the path every target is appended to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mlc::clients::http {

struct base_url {
    bool tls = false;         // https
    std::string host;         // for resolving, SNI and certificate checks (IPv6 without brackets)
    std::uint16_t port = 0;   // explicit, or 80 / 443
    std::string host_header;  // value of the Host header ("sap:50000", "[::1]:8080", "example.com")
    std::string path;         // percent-encoded, without trailing '/' ("/b1s/v1", or "" for the root)
};

// Parses "http[s]://host[:port][/path]". Throws std::invalid_argument naming the problem (not a URL, another
// scheme, no host, user info, a query or a fragment). The text is never echoed: it might hold a secret.
base_url parse_base_url(std::string_view text);

// True if `host` is an IPv4 or IPv6 literal (no SNI is sent for those). Never throws.
bool is_ip_literal(std::string_view host) noexcept;

}  // namespace mlc::clients::http
