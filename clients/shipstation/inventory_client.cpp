// The ShipStation V2 inventory client: the API-Key header and the V2 profile of the shared request loop.
#include "clients/shipstation/inventory_client.hpp"

#include <stdexcept>

namespace mlc::clients::shipstation {

namespace asio = boost::asio;

namespace {

api_profile v2_profile(const inventory_config& cfg) {
    if (cfg.v2_api_key.empty()) throw std::invalid_argument("ShipStation V2: the API key is not set");
    return {cfg.v2_url,        "API-Key",       cfg.v2_api_key.reveal(),
            cfg.v2_rate_limit, api_version::v2, "mlc_shipstation_v2",
            "shipstation_v2",  "ShipStation V2"};
}

}  // namespace

inventory_client::inventory_client(const inventory_config& cfg, asio::any_io_executor ex, const logger& log,
                                   prometheus::Registry* registry, client_options opts)
    : api_core(v2_profile(cfg), std::move(ex), log, registry, std::move(opts)) {}

}  // namespace mlc::clients::shipstation
