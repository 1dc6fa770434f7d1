// Decides whether a webhook's resource_url may be fetched (same origin as the configured API) and how.
#include "clients/shipstation/resource_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace mlc::clients::shipstation {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool digits(std::string_view s) {
    return !s.empty() && s.size() <= 18 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// The query keys ShipStation's V1 notifications put on the two resources (reference §5.1: storeID, batchId,
// includeShipmentItems; fulfillmentId names a FULFILLMENT_SHIPPED's fulfillment), and the paging keys,
// which are dropped. Lower case: ShipStation spells storeID and storeId both.
struct query_key {
    std::string_view name;
    bool numeric;
};
constexpr std::array<query_key, 6> known_keys{{{"storeid", true},
                                               {"batchid", true},
                                               {"fulfillmentid", true},
                                               {"includeshipmentitems", false},
                                               {"page", true},
                                               {"pagesize", true}}};

// Why the query cannot be sent, or "" when every key is known, given once, with a plausible value.
std::string query_problem(const boost::urls::url_view& u) {
    std::vector<std::string> seen;
    for (auto p : u.params()) {
        auto key = lower(p.key);
        auto known = std::find_if(known_keys.begin(), known_keys.end(),
                                  [&](const query_key& k) { return k.name == key; });
        if (known == known_keys.end()) return "its query has a key ShipStation does not send";
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) return "its query repeats a key";
        seen.push_back(key);
        if (known->numeric && !digits(p.value)) return "its query has a value that is not a number";
        auto value = lower(p.value);
        if (!known->numeric && value != "true" && value != "false")
            return "its query has a value that is not true or false";
    }
    return {};
}

// The URL's host ("" when it has none), as written.
std::string host_of(const boost::urls::url_view& u) {
    return u.host_type() == boost::urls::host_type::name ? std::string(u.host_name())
                                                         : std::string(u.host_address());
}

}  // namespace

std::optional<resource_request> resource_target(const http::base_url& origin, std::string_view url,
                                                const std::vector<origin_pattern>& also_allowed,
                                                std::string* refusal) {
    auto refuse = [&](std::string why) -> std::optional<resource_request> {
        if (refusal) *refusal = "resource_url " + std::move(why);
        return std::nullopt;
    };
    // '@' and '\' have no place in ShipStation's URLs; parsers disagree about both (user info, a path
    // separator), so they are refused before any parser sees them.
    if (url.find_first_of("@\\") != std::string_view::npos) return refuse("has '@' or '\\'");
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) return refuse("is not an absolute URL");
    const boost::urls::url_view& u = *parsed;
    auto scheme = lower(u.scheme());
    if (scheme != "https" && scheme != "http") return refuse("is not http(s)");
    if (u.has_userinfo() || !u.has_authority()) return refuse("has user info or no host");
    std::string host = host_of(u);
    if (host.empty() || host.back() == '.') return refuse("has no host or a host ending in '.'");
    host = normalized_host(host);
    std::uint16_t port = scheme == "https" ? 443 : 80;
    if (u.has_port()) {
        if (u.port().empty() || u.port_number() == 0) return refuse("has an invalid port");
        port = u.port_number();
    }
    // The path is compared decoded and must need no decoding: "%2e%2e", "%2F" and the like never pass.
    std::string path(u.path());
    if (path != std::string(u.encoded_path())) return refuse("has a percent-encoded path");
    bool configured = scheme == (origin.tls ? "https" : "http") && host == normalized_host(origin.host) &&
                      port == origin.port && path.starts_with(origin.path);
    if (configured) {
        path.erase(0, origin.path.size());
    } else if (std::none_of(also_allowed.begin(), also_allowed.end(),
                            [&](const origin_pattern& p) { return origin_matches(p, scheme, host, port); })) {
        return refuse("is not on an allowed ShipStation origin");
    }
    if (path != "/shipments" && path != "/fulfillments")
        return refuse("names a resource the connector does not read (only /shipments and /fulfillments)");
    if (auto problem = query_problem(u); !problem.empty()) return refuse(std::move(problem));

    resource_request out;
    out.collection = path.substr(1);
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
