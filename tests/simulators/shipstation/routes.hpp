// The simulator's routing: V1 API paths (with ids, e.g. /orders/123), V2 paths under /v2/ and the /_control
// interface.
#pragma once

#include "tests/simulators/shipstation/query_params.hpp"
#include "tests/simulators/shipstation/sim_state.hpp"

#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::sim::shipstation {

// What a route's function receives.
struct call {
    std::int64_t id = 0;  // the {id} segment, when the pattern has one
    const query_params& query;
    const boost::json::value& body;             // null when the request had no body
    std::vector<webhook_delivery>& deliveries;  // webhooks to send once answered
};

struct api_route {
    boost::beast::http::verb method;
    std::string_view pattern;  // "/orders/{id}": {id} matches a positive integer segment
    std::string_view param;    // the body parameter's name in ModelState ("apiOrder"), "" if no body
    std::function<api_result(sim_state&, const call&)> fn;
    bool write() const noexcept { return method != boost::beast::http::verb::get; }
};

enum class route_status { found, not_found, method_not_allowed };

struct route_lookup {
    route_status status = route_status::not_found;
    const api_route* route = nullptr;
    std::int64_t id = 0;
};

// The V1 API table. Never throws.
const std::vector<api_route>& api_routes();

// The V2 API table (paths under /v2/; a route's invalid input throws v2_error). Never throws.
const std::vector<api_route>& v2_routes();

// The /_control table (no auth, no rate limit). Never throws.
const std::vector<api_route>& control_routes();

// Finds `path` in `table`. Throws std::bad_alloc only.
route_lookup find_route(const std::vector<api_route>& table, boost::beast::http::verb method,
                        std::string_view path);

}  // namespace mlc::sim::shipstation
