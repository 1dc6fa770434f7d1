// The service's route table: every endpoint, its method, its body limit and its handler.
#include "server/app/routes.hpp"

#include "common/config.hpp"
#include "server/app/process_metrics.hpp"
#include "server/handlers/admin_handlers.hpp"
#include "server/handlers/health_handlers.hpp"
#include "server/handlers/metrics_handler.hpp"
#include "server/handlers/order_admin_handlers.hpp"

namespace mlc::server::app {

namespace bhttp = boost::beast::http;

http::router make_routes(route_dependencies& deps) {
    // Probes and scrapes carry no body; a small limit keeps them cheap to refuse.
    constexpr std::size_t no_body = 1024;
    http::router r;
    r.add({bhttp::verb::get, "/healthz", "healthz", &handlers::healthz, no_body});
    r.add({bhttp::verb::get, "/readyz", "readyz",
           [&deps](const http::request_context& ctx) { return handlers::readyz(ctx, deps.database); }, no_body});
    r.add({bhttp::verb::get, "/metrics", "metrics",
           [&deps](const http::request_context& ctx) { return handlers::metrics(ctx, deps.metrics); }, no_body});
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
    r.add({bhttp::verb::post, "/admin/poll", "admin_poll",
           [&deps](const http::request_context& ctx) {
               return handlers::admin_poll(ctx, deps.config.security, deps.orders);
           },
           no_body});
    return r;
}

}  // namespace mlc::server::app
