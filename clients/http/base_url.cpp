// Parses the base URL of an outbound client with Boost.URL.
#include "clients/http/base_url.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <charconv>
#include <stdexcept>

namespace mlc::clients::http {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

bool is_ip_literal(std::string_view host) noexcept {
    boost::system::error_code ec;
    boost::asio::ip::make_address(std::string(host), ec);
    return !ec;
}

base_url parse_base_url(std::string_view text) {
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed) throw std::invalid_argument("base URL is not an absolute URL");
    boost::urls::url_view u = *parsed;
    base_url out;
    std::string scheme = lower(u.scheme());
    if (scheme == "https")
        out.tls = true;
    else if (scheme != "http")
        throw std::invalid_argument("base URL scheme must be http or https");
    if (!u.has_authority() || u.encoded_host().empty()) throw std::invalid_argument("base URL has no host");
    if (u.has_userinfo()) throw std::invalid_argument("base URL must not carry user info");
    if (u.has_query() || u.has_fragment())
        throw std::invalid_argument("base URL must not have a query or a fragment");

    if (u.host_type() == boost::urls::host_type::ipv6)
        out.host = std::string(u.host_address());
    else
        out.host = lower(u.host());
    out.port = out.tls ? 443 : 80;
    if (u.has_port()) {
        std::string_view p = u.port();
        unsigned value = 0;
        auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
        if (ec != std::errc{} || end != p.data() + p.size() || value == 0 || value > 65535)
            throw std::invalid_argument("base URL has an invalid port");
        out.port = static_cast<std::uint16_t>(value);
    }
    out.host_header = lower(u.encoded_host());
    if (out.port != (out.tls ? 443 : 80)) out.host_header += ":" + std::to_string(out.port);
    out.path = std::string(u.encoded_path());
    while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
    return out;
}

}  // namespace mlc::clients::http
