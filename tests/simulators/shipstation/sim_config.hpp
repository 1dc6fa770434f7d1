// The ShipStation simulator's settings: where it listens, its credentials, its rate limits and seed.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace mlc::sim::shipstation {

struct sim_config {
    std::string listen_host = "127.0.0.1";  // --listen host part (tests: always 127.0.0.1)
    std::uint16_t listen_port = 0;          // --listen port part (0: any free port)
    std::string api_key = "ShipStation";    // --api-key: the Basic-auth user every API call must send
    std::string api_secret = "Rocks";       // --api-secret: its password
    unsigned rate_limit = 40;               // --rate-limit: requests per fixed window (X-Rate-Limit-Limit)
    std::chrono::milliseconds rate_window{60'000};  // the fixed window (V1: one minute)
    std::string v2_api_key = "ShipStationV2";  // --v2-api-key: the API-Key header every /v2/ call must send
    unsigned v2_rate_limit = 200;              // --v2-rate-limit: V2 requests per fixed window
    std::chrono::milliseconds v2_rate_window{60'000};  // V2's fixed window (one minute)
    std::uint64_t seed = 1;  // --seed: ids, keys and tracking numbers derive from it
    // --resource-origin: base of resource_url in webhooks, e.g. https://ssapi6.shipstation.com (empty:
    // http://host:port); the connector must fetch such URLs from its configured ShipStation URL.
    std::string public_url;
    bool model_state_indexes = false;  // --model-state-indexes: "apiOrders[3].x" rather than "apiOrders.x"
    bool zero_pages = false;           // --zero-pages: paged lists say "pages": 0 (seen in V1 answers)
    std::size_t threads = 2;           // threads running the simulator's io_context
};

}  // namespace mlc::sim::shipstation
