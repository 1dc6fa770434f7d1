// The service's route table: every endpoint, its method, its body limit and its handler.
#pragma once

#include "common/logger.hpp"
#include "flows/shipments/intake_limiter.hpp"
#include "server/handlers/webhook_handlers.hpp"
#include "server/http/router.hpp"

#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace mlc {
struct app_config;
}
namespace mlc::db {
class database;
}
namespace mlc::flows::orders {
class orders_flow;
}
namespace mlc::flows::items {
class items_flow;
}

namespace mlc::server::handlers {
struct webhook_receiver;
}

namespace mlc::server::app {

class process_metrics;
class previews;

// Where the service takes ShipStation's webhooks (the SHIP_NOTIFY target is MLC_PUBLIC_URL + this + token).
inline constexpr std::string_view shipstation_webhook_path = "/webhooks/shipstation";

// What the handlers need; everything must outlive the router built from it.
struct route_dependencies {
    const app_config& config;
    db::database& database;
    process_metrics& metrics;
    std::string described_config;  // `ml-connector config` output, secrets redacted, for /admin/config
    flows::orders::orders_flow* orders = nullptr;  // null while SAP or ShipStation is not configured
    const logger* log = nullptr;                   // for handlers that log beyond the request line (webhooks)
    std::function<void()> on_webhook_stored{};     // wakes the shipments flow (empty while it does not run)
    std::unique_ptr<handlers::webhook_receiver> webhooks{};               // built by make_routes
    std::unique_ptr<flows::shipments::intake_limiter> webhook_limiter{};  // built by make_routes
    prometheus::Registry* registry = nullptr;   // where the webhook intake's counter goes (none: not counted)
    flows::items::items_flow* items = nullptr;  // null while the flows do not run
    previews* preview = nullptr;                // null while the flows do not run
};

// Which endpoints one listener serves: with MLC_MANAGEMENT_LISTEN the public listener takes only the webhook
// and the management listener the probes, /metrics and /admin/*.
enum class route_set { all, public_only, management_only };

// Builds the table: the endpoints of `which`, their method, body limit, pre-body check and handler. Builds
// deps.webhooks when the webhook route is included (call it once with that route). Throws std::bad_alloc.
http::router make_routes(route_dependencies& deps, route_set which = route_set::all);

}  // namespace mlc::server::app
