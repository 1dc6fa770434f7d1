// shipstation-sim: the ShipStation V1 API and V2 Inventory API simulator as a program (demo, benchmarks,
// manual tests).
#include "tests/simulators/shipstation/simulator.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view usage =
    "usage: shipstation-sim [--listen HOST:PORT] [--api-key KEY] [--api-secret SECRET] [--rate-limit N]\n"
    "                       [--v2-api-key KEY] [--v2-rate-limit N] [--seed N]\n"
    "                       [--resource-origin URL] [--model-state-indexes] [--zero-pages] [--help]\n"
    "Serves the ShipStation V1 API (Basic auth, X-Rate-Limit-* headers, 429 beyond N requests per minute),\n"
    "V2's Inventory API under /v2/ (API-Key header, 429 with Retry-After beyond its own limit per minute;\n"
    "warehouse se-100 with locations se-4567, se-4568, se-4569) and a control interface under /_control/\n"
    "(no auth):\n"
    "  GET  /_control/stats                   request counts, 429s, webhook deliveries, and\n"
    "                                          max_in_sliding_window: the most V1 requests admitted in\n"
    "                                          any sliding window of sliding_window_ms (the V1 minute)\n"
    "  GET  /_control/orders                  every order's orderId, orderKey, orderNumber, orderStatus,\n"
    "                                          skus (its items' SKUs)\n"
    "  POST /_control/shipments               {orderId, items?:[{lineItemKey,quantity}], carrierCode?,\n"
    "                                          serviceCode?, trackingNumber?, shipDate?} (fires "
    "SHIP_NOTIFY)\n"
    "  POST /_control/shipments/void          {shipmentId}\n"
    "  POST /_control/fulfillments            {orderId, carrierCode, trackingNumber?, shipDate?,\n"
    "                                          fulfillmentProviderCode?} (a provider's fires\n"
    "                                          FULFILLMENT_SHIPPED; otherwise no webhook)\n"
    "  POST /_control/faults                  {latency_ms?, fail_before_write?, fail_after_write?, hang?,\n"
    "                                          hang_after_write?, fail_reads?, ship_before_write?}\n"
    "  POST /_control/webhooks/subscribe      as POST /webhooks/subscribe, outside the rate limit\n"
    "  POST /_control/webhooks                {deliver_twice?, resource_ttl_ms?, delay_ms?,\n"
    "                                          resource_origin?}\n"
    "  POST /_control/answers                 {model_state_indexes?, zero_pages?}\n"
    "  POST /_control/rate-limit              {limit}\n"
    "  POST /_control/v2_rate_limit           {limit}\n"
    "  GET  /_control/inventory               every V2 stock level, zeros included\n"
    "  POST /_control/inventory               {sku, inventory_location_id, on_hand, allocated?} (a sale\n"
    "                                          elsewhere)\n"
    "--resource-origin URL: the origin webhook resource_urls name (e.g. https://ssapi6.shipstation.com;\n"
    "default: the simulator's own address). --model-state-indexes: 400s name \"apiOrders[3].orderNumber\"\n"
    "rather than \"apiOrders.orderNumber\". --zero-pages: paged lists say \"pages\": 0.\n"
    "Defaults: --listen 127.0.0.1:8090 --api-key ShipStation --api-secret Rocks --rate-limit 40\n"
    "          --v2-api-key ShipStationV2 --v2-rate-limit 200 --seed 1\n";

[[noreturn]] void fail(const std::string& message) {
    std::cerr << "shipstation-sim: " << message << "\n" << usage;
    std::exit(2);
}

unsigned long long number(std::string_view flag, const std::string& text) {
    try {
        std::size_t used = 0;
        auto n = std::stoull(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
        return n;
    } catch (const std::exception&) {
        fail(std::string(flag) + " needs a number, got '" + text + "'");
    }
}

}  // namespace

int main(int argc, char** argv) {
    mlc::sim::shipstation::sim_config cfg;
    cfg.listen_port = 8090;
    for (int i = 1; i < argc; ++i) {
        std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << usage;
            return 0;
        }
        if (flag == "--model-state-indexes" || flag == "--zero-pages") {
            (flag == "--zero-pages" ? cfg.zero_pages : cfg.model_state_indexes) = true;
            continue;
        }
        if (i + 1 >= argc) fail("missing value after " + std::string(flag));
        std::string value = argv[++i];
        if (flag == "--listen") {
            auto colon = value.rfind(':');
            if (colon == std::string::npos) fail("--listen needs HOST:PORT");
            cfg.listen_host = value.substr(0, colon);
            auto port = number(flag, value.substr(colon + 1));
            if (port > 65535) fail("--listen port out of range");
            cfg.listen_port = static_cast<std::uint16_t>(port);
        } else if (flag == "--api-key") {
            cfg.api_key = value;
        } else if (flag == "--api-secret") {
            cfg.api_secret = value;
        } else if (flag == "--rate-limit") {
            cfg.rate_limit = static_cast<unsigned>(number(flag, value));
        } else if (flag == "--v2-api-key") {
            cfg.v2_api_key = value;
        } else if (flag == "--v2-rate-limit") {
            cfg.v2_rate_limit = static_cast<unsigned>(number(flag, value));
        } else if (flag == "--resource-origin") {
            cfg.public_url = value;
        } else if (flag == "--seed") {
            cfg.seed = number(flag, value);
        } else {
            fail("unknown option " + std::string(flag));
        }
    }

    // Block the stop signals before any thread starts, then wait for one here.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    try {
        mlc::sim::shipstation::simulator sim(cfg);
        std::cerr << "shipstation-sim listening on " << cfg.listen_host << ":" << sim.port()
                  << " (resource_urls on " << sim.base_url() << "; rate limit " << cfg.rate_limit
                  << "/min, V2 " << cfg.v2_rate_limit << "/min)" << std::endl;
        int sig = 0;
        sigwait(&signals, &sig);
        sim.stop();
        std::cerr << "shipstation-sim stopped" << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "shipstation-sim: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
