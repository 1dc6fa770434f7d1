// The service's route table: every endpoint, its method, its body limit and its handler.
#include "server/app/routes.hpp"

#include "clients/shipstation/order_key.hpp"
#include "common/config.hpp"
#include "server/app/process_metrics.hpp"
#include "server/handlers/admin_handlers.hpp"
#include "server/handlers/health_handlers.hpp"
#include "server/handlers/item_admin_handlers.hpp"
#include "server/handlers/metrics_handler.hpp"
#include "server/handlers/order_admin_handlers.hpp"
#include "server/handlers/preview_handlers.hpp"
#include "server/handlers/sku_map_handlers.hpp"
#include "server/handlers/webhook_handlers.hpp"

#include <prometheus/counter.h>

namespace mlc::server::app {

namespace bhttp = boost::beast::http;

namespace {

// Probes and scrapes carry no body; a small limit keeps them cheap to refuse.
constexpr std::size_t no_body = 1024;

void add_probe_routes(http::router& r, route_dependencies& deps) {
    r.add({bhttp::verb::get, "/healthz", "healthz", &handlers::healthz, no_body});
    r.add({bhttp::verb::get, "/readyz", "readyz",
           [&deps](const http::request_context& ctx) { return handlers::readyz(ctx, deps.database); },
           no_body});
    r.add({bhttp::verb::get, "/metrics", "metrics",
           [&deps](const http::request_context& ctx) { return handlers::metrics(ctx, deps.metrics); },
           no_body});
}

// Every /admin route refuses a request without the token before its body is read; the handlers check again.
class admin_table {
public:
    admin_table(http::router& r, const security_config& sec) : r_(r), sec_(sec) {}
    void add(http::route route) { r_.add(guarded(std::move(route))); }
    void add_prefix(http::route route) { r_.add_prefix(guarded(std::move(route))); }

private:
    http::route guarded(http::route route) const {
        route.authorize = [&sec = sec_](const http::request_header& header) {
            return handlers::refuse_unless_admin(header, sec);
        };
        return route;
    }
    http::router& r_;
    const security_config& sec_;
};

void add_admin_routes(http::router& router, route_dependencies& deps) {
    admin_table r(router, deps.config.security);
    r.add({bhttp::verb::get, "/admin/config", "admin_config",
           [&deps](const http::request_context& ctx) {
               return handlers::admin_config(ctx, deps.config.security, deps.described_config);
           },
           no_body});
    r.add_prefix({bhttp::verb::get, "/admin/orders/", "admin_orders",
                  [&deps](const http::request_context& ctx) {
                      return handlers::admin_orders(ctx, deps.config.security, deps.database,
                                                    deps.config.sap.company_db);
                  },
                  no_body});
    r.add_prefix({bhttp::verb::post, "/admin/orders/", "admin_orders",
                  [&deps](const http::request_context& ctx) {
                      return handlers::admin_orders(ctx, deps.config.security, deps.database,
                                                    deps.config.sap.company_db);
                  },
                  no_body});
    r.add({bhttp::verb::get, "/admin/sku-map", "admin_sku_map",
           [&deps](const http::request_context& ctx) {
               return handlers::admin_sku_map_list(ctx, deps.config.security, deps.database);
           },
           no_body});
    // One mapping is a small JSON object; an import is a whole CSV file.
    constexpr std::size_t mapping_body_limit = 16 * 1024;
    for (auto [method, limit] :
         {std::pair{bhttp::verb::get, no_body}, std::pair{bhttp::verb::delete_, no_body},
          std::pair{bhttp::verb::put, mapping_body_limit},
          std::pair{bhttp::verb::post, handlers::sku_map_import_limit}})
        r.add_prefix({method, "/admin/sku-map/", "admin_sku_map",
                      [&deps](const http::request_context& ctx) {
                          return handlers::admin_sku_map(ctx, deps.config.security, deps.database);
                      },
                      limit});
    r.add({bhttp::verb::post, "/admin/poll", "admin_poll",
           [&deps](const http::request_context& ctx) {
               return handlers::admin_poll(ctx, deps.config.security, deps.orders);
           },
           no_body});
    for (auto method : {bhttp::verb::get, bhttp::verb::post})
        r.add_prefix({method, "/admin/items/", "admin_items",
                      [&deps](const http::request_context& ctx) {
                          return handlers::admin_items(
                              ctx, deps.config.security, deps.database,
                              clients::shipstation::company_key(deps.config.sap.company_db), deps.items);
                      },
                      no_body});
    r.add_prefix({bhttp::verb::get, "/admin/preview/", "admin_preview",
                  [&deps](const http::request_context& ctx) {
                      return handlers::admin_preview(ctx, deps.config.security, deps.preview);
                  },
                  no_body});
    r.add({bhttp::verb::post, "/admin/inventory/resync", "admin_inventory_resync",
           [&deps](const http::request_context& ctx) {
               return handlers::admin_inventory_resync(ctx, deps.config.security, deps.items);
           },
           no_body});
}

void add_webhook_route(http::router& r, route_dependencies& deps) {
    // ShipStation's V1 payloads are small JSON objects; 64 KiB leaves room and refuses anything else early.
    constexpr std::size_t webhook_body_limit = 64 * 1024;
    clients::http::base_url api_origin;
    try {
        api_origin = clients::http::parse_base_url(deps.config.shipstation.url);
    } catch (const std::invalid_argument&) {
        api_origin =
            clients::http::parse_base_url("https://ssapi.shipstation.com");  // the loader checked the URL
    }
    deps.webhooks.reset(new handlers::webhook_receiver{deps.config.security,
                                                       deps.database,
                                                       *deps.log,
                                                       {api_origin, deps.config.shipstation.resource_origins},
                                                       deps.on_webhook_stored});
    deps.webhook_limiter =
        std::make_unique<flows::shipments::intake_limiter>(deps.config.shipments.webhook_intake_per_minute);
    deps.webhooks->limiter = deps.webhook_limiter.get();
    if (deps.registry)
        deps.webhooks->limited = &prometheus::BuildCounter()
                                      .Name("mlc_webhook_intake_limited_total")
                                      .Help(
                                          "Webhook payloads answered 429: their client address had used its "
                                          "MLC_WEBHOOK_INTAKE_PER_MINUTE.")
                                      .Register(*deps.registry)
                                      .Add({});
    r.add({bhttp::verb::post, std::string(shipstation_webhook_path), "webhook_shipstation",
           [receiver = deps.webhooks.get()](const http::request_context& ctx) {
               return handlers::shipstation_webhook(ctx, *receiver);
           },
           webhook_body_limit,
           [receiver = deps.webhooks.get()](const http::request_header& header) {
               return handlers::refuse_unless_webhook_token(header, *receiver);
           }});
}

}  // namespace

http::router make_routes(route_dependencies& deps, route_set which) {
    http::router r;
    if (which != route_set::public_only) {
        add_probe_routes(r, deps);
        add_admin_routes(r, deps);
    }
    if (which != route_set::management_only) add_webhook_route(r, deps);
    return r;
}

}  // namespace mlc::server::app
