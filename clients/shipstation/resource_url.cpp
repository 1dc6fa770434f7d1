// Decides whether a webhook's resource_url may be fetched (same origin as the configured API) and how.
#include "clients/shipstation/resource_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>
#include <string>

namespace mlc::clients::shipstation {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

}  // namespace

std::optional<resource_request> resource_target(const http::base_url& origin, std::string_view url,
                                                const std::vector<origin_pattern>& also_allowed) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) return std::nullopt;
    const boost::urls::url_view& u = *parsed;
    auto scheme = lower(u.scheme());
    if (scheme != "https" && scheme != "http") return std::nullopt;
    if (u.has_userinfo() || !u.has_authority()) return std::nullopt;
    std::string host = u.host_type() == boost::urls::host_type::name ? std::string(u.host_name())
                                                                     : std::string(u.host_address());
    if (host.empty()) return std::nullopt;
    host = normalized_host(host);
    std::uint16_t port = scheme == "https" ? 443 : 80;
    if (u.has_port()) {
        if (u.port().empty() || u.port_number() == 0) return std::nullopt;  // "host:" or a port out of range
        port = u.port_number();
    }

    std::string path(u.encoded_path());
    bool configured = scheme == (origin.tls ? "https" : "http") && host == normalized_host(origin.host) &&
                      port == origin.port && path.starts_with(origin.path);
    if (configured) {
        path.erase(0, origin.path.size());
    } else if (std::none_of(also_allowed.begin(), also_allowed.end(),
                            [&](const origin_pattern& p) { return origin_matches(p, scheme, host, port); })) {
        return std::nullopt;
    }
    if (path.empty() || path.front() != '/' || path.find("/..") != std::string::npos) return std::nullopt;
    while (path.size() > 1 && path.back() == '/') path.pop_back();

    resource_request out;
    out.collection = lower(path.substr(path.rfind('/') + 1));
    out.path = std::move(path);
    for (auto p : u.params()) {
        auto key = lower(p.key);
        if (key == "page" || key == "pagesize" || key == "includeshipmentitems") continue;
        out.params.emplace_back(p.key, p.value);
    }
    out.params.emplace_back("includeShipmentItems", "true");
    return out;
}

}  // namespace mlc::clients::shipstation
