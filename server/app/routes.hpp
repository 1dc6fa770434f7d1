// The service's route table: every endpoint, its method, its body limit and its handler.
#pragma once

#include "server/http/router.hpp"

#include <string>

namespace mlc {
struct app_config;
}
namespace mlc::db {
class database;
}
namespace mlc::flows::orders {
class orders_flow;
}

namespace mlc::server::app {

class process_metrics;

// What the handlers need; everything must outlive the router built from it.
struct route_dependencies {
    const app_config& config;
    db::database& database;
    process_metrics& metrics;
    std::string described_config;  // `ml-connector config` output, secrets redacted, for /admin/config
    flows::orders::orders_flow* orders = nullptr;  // null while SAP or ShipStation is not configured
};

// Builds the table. Later issues add their routes here (webhooks, admin tools).
http::router make_routes(route_dependencies& deps);

}  // namespace mlc::server::app
