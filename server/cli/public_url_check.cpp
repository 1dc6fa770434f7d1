// The "public url" finding: MLC_PUBLIC_URL against what ShipStation needs and the route the receiver serves.
#include "server/cli/public_url_check.hpp"

#include "flows/shipments/webhook_subscription.hpp"
#include "server/app/routes.hpp"

#include <boost/url/parse.hpp>

#include <string>

namespace mlc::server {

namespace {

const std::string finding_name = "public url";

bool is_loopback(std::string_view host) {
    return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1";
}

}  // namespace

check_finding check_public_url(const app_config& cfg) {
    const auto& public_url = cfg.flow.public_url;
    if (public_url.empty())
        return skip_finding(finding_name,
                            "MLC_PUBLIC_URL is not set: no SHIP_NOTIFY subscription is made and "
                            "shipments are found by the reconciliation poll only");
    auto parsed = boost::urls::parse_absolute_uri(public_url);
    if (!parsed || parsed->has_userinfo() || parsed->has_query() || parsed->has_fragment())
        return fail_finding(finding_name,
                            public_url +
                                " is not scheme://host[:port][/path]: the webhook target built from it "
                                "would be wrong",
                            "set MLC_PUBLIC_URL to the service's public address alone, e.g. "
                            "https://connector.example.com");
    // The target the service subscribes, with a stand-in token: its path is what ShipStation will POST to.
    const std::string target_url = flows::shipments::ship_notify_target(public_url, "t");
    auto target = boost::urls::parse_absolute_uri(target_url);  // a view into target_url
    const std::string path = target ? std::string(target->encoded_path()) : std::string();
    const std::string served(app::shipstation_webhook_path);

    std::string warnings, actions;
    auto warn = [&](const std::string& what, const std::string& action) {
        warnings += (warnings.empty() ? "" : "; ") + what;
        actions += (actions.empty() ? "" : "; ") + action;
    };
    if (parsed->scheme() != "https")
        warn("http: ShipStation would send the webhook token in clear text",
             "serve the connector behind HTTPS (a TLS-terminating proxy) and set MLC_PUBLIC_URL to its "
             "https:// "
             "address");
    if (is_loopback(parsed->host()))
        warn("ShipStation cannot reach " + std::string(parsed->host()),
             "set MLC_PUBLIC_URL to an address reachable from the internet");
    if (path != served)
        warn("ShipStation will POST to " + path + " while the service serves " + served,
             "have the proxy in front strip " + path.substr(0, path.size() - served.size()) +
                 ", or drop the path from MLC_PUBLIC_URL");
    if (!warnings.empty()) return warn_finding(finding_name, warnings, actions);
    return ok_finding(finding_name, "ShipStation will POST to " + std::string(parsed->scheme()) + "://" +
                                        std::string(parsed->encoded_authority()) + path);
}

}  // namespace mlc::server
