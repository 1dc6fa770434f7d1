// The ShipStation V1 client: Basic auth and the V1 profile of the shared request loop.
#include "clients/shipstation/client.hpp"

#include <boost/beast/core/detail/base64.hpp>

#include <algorithm>

namespace mlc::clients::shipstation {

namespace asio = boost::asio;

namespace {

std::string basic_auth(const std::string& key, const secret& api_secret) {
    std::string plain = key + ":" + api_secret.reveal();
    std::string out(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
    out.resize(boost::beast::detail::base64::encode(out.data(), plain.data(), plain.size()));
    return "Basic " + out;
}

api_profile v1_profile(const shipstation_config& cfg) {
    return {cfg.url,        "Authorization", basic_auth(cfg.api_key, cfg.api_secret),
            cfg.rate_limit, api_version::v1, "mlc_shipstation",
            "shipstation",  "ShipStation"};
}

}  // namespace

client_options options_for(const items_config& items) noexcept {
    client_options o;
    o.limiter.background_share = static_cast<double>(std::min(items.product_sync_share, 100u)) / 100.0;
    return o;
}

client::client(const shipstation_config& cfg, asio::any_io_executor ex, const logger& log,
               prometheus::Registry* registry, client_options opts)
    : api_core(v1_profile(cfg), std::move(ex), log, registry, std::move(opts)) {}

}  // namespace mlc::clients::shipstation
