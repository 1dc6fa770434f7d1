// `ml-connector run`: wires the components together and serves until SIGTERM or SIGINT.
#include "server/app/service.hpp"

#include "clients/sap/client.hpp"
#include "clients/sap/options.hpp"
#include "clients/shipstation/client.hpp"
#include "clients/shipstation/inventory_client.hpp"
#include "common/build_info.hpp"
#include "common/config_loader.hpp"
#include "common/logger.hpp"
#include "common/run_blocking.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "flows/items/items_flow.hpp"
#include "flows/orders/orders_flow.hpp"
#include "flows/retention.hpp"
#include "flows/shipments/shipments_flow.hpp"
#include "server/app/leader_metrics.hpp"
#include "server/app/migrations.hpp"
#include "server/app/previews.hpp"
#include "server/app/process_metrics.hpp"
#include "server/app/routes.hpp"
#include "server/app/shared_rate_budget.hpp"
#include "server/http/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <prometheus/registry.h>

#include <algorithm>
#include <csignal>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace mlc::server::app {

namespace asio = boost::asio;

namespace {

std::size_t thread_count(const http_server_config& cfg) {
    if (cfg.threads > 0) return cfg.threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

// What the ShipStation clients share with the process around them.
struct budget_context {
    const app_config& cfg;
    db::database& database;
    asio::io_context& ioc;
    const logger& log;
    std::string replica;  // this process among the replicas sharing the rate budget
};

// `opts` with the budget every replica on `key` shares when MLC_SHIPSTATION_RATE_SCOPE is cluster.
clients::shipstation::client_options with_budget(clients::shipstation::client_options opts,
                                                 const budget_context& ctx, std::string_view version,
                                                 std::string_view key, unsigned ceiling) {
    if (ctx.cfg.shipstation.scope != rate_scope::cluster) return opts;
    opts.budget = std::make_shared<pg_shared_budget>(
        ctx.database, budget_params_for(version, key, ctx.replica, ceiling, opts.limiter),
        ctx.ioc.get_executor(), ctx.log);
    return opts;
}

// The V2 inventory client when a V2 key is configured.
std::unique_ptr<clients::shipstation::inventory_client> inventory_client_for(const budget_context& ctx,
                                                                             prometheus::Registry& registry) {
    const auto& inv = ctx.cfg.inventory;
    if (inv.v2_api_key.empty()) return nullptr;
    return std::make_unique<clients::shipstation::inventory_client>(
        inv, ctx.ioc.get_executor(), ctx.log, &registry,
        with_budget({}, ctx, "v2", inv.v2_api_key.reveal(), inv.v2_rate_limit));
}

// The flows with the API clients they drive; exist only when SAP and ShipStation are configured.
struct running_flows {
    running_flows(const app_config& cfg, db::database& database, const logger& log, asio::io_context& ioc,
                  prometheus::Registry& registry, const budget_context& budget)
        : sap(cfg.sap, clients::sap::options_for(cfg.sap), log, ioc.get_executor(), &registry),
          shipstation(cfg.shipstation, ioc.get_executor(), log, &registry,
                      with_budget(clients::shipstation::options_for(cfg.items), budget, "v1",
                                  cfg.shipstation.api_key, cfg.shipstation.rate_limit)),
          inventory(inventory_client_for(budget, registry)),
          leadership(leader_metrics(registry, budget.replica)),
          orders(cfg, database, sap, shipstation, log, ioc.get_executor(), &registry, leadership),
          shipments(cfg, database, shipstation, sap, log, ioc.get_executor(), &registry, leadership),
          items(cfg, database, sap, shipstation, inventory.get(), log, ioc.get_executor(), &registry,
                leadership),
          retention(cfg.retention, database, log, ioc.get_executor(), &registry),
          preview(cfg, database, sap) {}

    static bool configured(const app_config& cfg) {
        return !cfg.sap.url.empty() && !cfg.shipstation.api_key.empty();
    }

    clients::sap::client sap;
    clients::shipstation::client shipstation;
    std::unique_ptr<clients::shipstation::inventory_client> inventory;
    db::leader_reporting leadership;  // the replica's name and the mlc_leader gauge, for every leader lock
    flows::orders::orders_flow orders;
    flows::shipments::shipments_flow shipments;
    flows::items::items_flow items;
    flows::retention_flow retention;  // succeeded jobs and audit payloads past their retention
    app::previews preview;            // what the flows would send, for /admin/preview
};

// Every connection costs a descriptor: the soft limit (often 1024) would cap MLC_HTTP_MAX_CONNECTIONS below
// what is configured, so it is raised to the hard limit the process is allowed.
void raise_open_files_limit(const logger& log) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    rlim_t before = limit.rlim_cur;
    if (limit.rlim_cur != limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
    }
    auto number = [](rlim_t v) {
        return v == RLIM_INFINITY ? std::int64_t{-1} : static_cast<std::int64_t>(v);
    };
    log.info("service.open_files", {{"soft_before", number(before)},
                                    {"soft", number(limit.rlim_cur)},
                                    {"hard", number(limit.rlim_max)}});
}

std::string endpoint_text(const asio::ip::tcp::endpoint& endpoint) {
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

// The listeners: the public one, and the management one when MLC_MANAGEMENT_LISTEN is set. The management
// listener has its own connection slots (so the public one cannot starve the probes) and no per-address cap
// (a scraper or a kubelet is one address).
struct listeners {
    listeners(asio::io_context& ioc, const http_server_config& cfg, route_dependencies& deps,
              const logger& log, prometheus::Registry& registry)
        : pub(ioc, cfg, make_routes(deps, cfg.management_listen ? route_set::public_only : route_set::all),
              log, registry) {
        if (!cfg.management_listen) return;
        http_server_config mcfg = cfg;
        mcfg.listen_host = cfg.management_listen->host;
        mcfg.listen_port = cfg.management_listen->port;
        mcfg.max_connections_per_ip = 0;
        management.emplace(ioc, mcfg, make_routes(deps, route_set::management_only), log, registry);
    }

    // Throws std::system_error naming the address that cannot be bound.
    void start() {
        pub.start();
        if (management) management->start();
    }

    // The public listener drains first while the probes still answer; both within `grace` in all.
    asio::awaitable<void> shutdown(std::chrono::milliseconds grace) {
        auto deadline = std::chrono::steady_clock::now() + grace;
        co_await pub.shutdown(grace);
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          std::chrono::steady_clock::now());
        if (management) co_await management->shutdown(std::max(left, std::chrono::milliseconds(0)));
    }

    http::server pub;
    std::optional<http::server> management;
};

// Waits for SIGTERM/SIGINT, then stops the flows and shuts the server down within the grace period. A second
// signal during the grace period stops the process at once.
asio::awaitable<void> shutdown_on_signal(asio::signal_set& signals, listeners& server, running_flows* flows,
                                         const logger& log, std::chrono::milliseconds grace,
                                         asio::io_context& ioc) {
    int sig = co_await signals.async_wait(asio::use_awaitable);
    log.info("service.stopping", {{"signal", sig}, {"grace_ms", grace.count()}});
    signals.async_wait([&ioc, &log](boost::system::error_code ec, int second) {
        if (ec) return;
        log.warn("service.forced_stop", {{"signal", second}});
        ioc.stop();
    });
    // Pushes in flight may finish within the grace period; then the ShipStation client is shut down, which
    // ends any wait (a 429 reset) and hands unfinished pushes back as in doubt, to be looked up next run.
    asio::steady_timer deadline(ioc, grace);
    if (flows) {
        flows->orders.stop();
        flows->shipments.stop();
        flows->items.stop();
        flows->retention.stop();
        deadline.async_wait([flows](boost::system::error_code ec) {
            if (ec) return;
            flows->shipstation.shutdown();
            if (flows->inventory) flows->inventory->shutdown();
        });
    }
    co_await server.shutdown(grace);
    if (flows) {
        co_await flows->orders.wait_stopped();
        co_await flows->shipments.wait_stopped();
        co_await flows->items.wait_stopped();
        co_await flows->retention.wait_stopped();
        deadline.cancel();
        flows->shipstation.shutdown();
        if (flows->inventory) flows->inventory->shutdown();
        co_await flows->sap.shutdown();
    }
    signals.cancel();
    ioc.stop();
}

}  // namespace

int run_service(const loaded_config& loaded, const logger& log, bool migrate_first) {
    const app_config& cfg = loaded.config;
    db::database database(cfg.database, log);
    asio::io_context ioc(static_cast<int>(thread_count(cfg.http)));

    if (migrate_first) {
        try {
            // Its own connection: the schema owner's when MLC_MIGRATE_DATABASE_URL is set.
            db::database migrator(migration_connection(cfg.database), log);
            run_blocking(ioc, apply_and_log_migrations(migrator, log));
        } catch (const std::exception& e) {
            log.error("service.start_failed", {{"stage", "migrate"}, {"error", e.what()}});
            return 1;
        }
    }

    prometheus::Registry registry;
    process_metrics metrics(registry, database);
    std::unique_ptr<running_flows> flows;
    if (running_flows::configured(cfg)) {
        try {
            budget_context budget{cfg, database, ioc, log, replica_id()};
            log.info("service.replica",
                     {{"replica", budget.replica},
                      {"rate_scope", cfg.shipstation.scope == rate_scope::cluster ? "cluster" : "process"}});
            flows = std::make_unique<running_flows>(cfg, database, log, ioc, registry, budget);
        } catch (const std::exception& e) {
            log.error("service.start_failed", {{"stage", "flows"}, {"error", e.what()}});
            return 1;
        }
    } else {
        log.warn(
            "service.flows_disabled",
            {{"reason", "MLC_SAP_URL and MLC_SHIPSTATION_API_KEY must both be set for the orders flow"}});
    }
    route_dependencies deps{cfg, database, metrics, describe_config(loaded), flows ? &flows->orders : nullptr,
                            &log};
    deps.registry = &registry;
    if (flows) {
        deps.on_webhook_stored = [f = flows.get()] { f->shipments.wake(); };
        deps.items = &flows->items;
        deps.preview = &flows->preview;
    }
    raise_open_files_limit(log);
    listeners server(ioc, cfg.http, deps, log, registry);
    try {
        server.start();
    } catch (const std::exception& e) {
        log.error("service.start_failed", {{"stage", "listen"}, {"error", e.what()}});
        return 1;
    }

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    asio::co_spawn(ioc, shutdown_on_signal(signals, server, flows.get(), log, cfg.shutdown_grace, ioc),
                   asio::detached);
    if (flows) {
        asio::co_spawn(ioc, flows->sap.run(), asio::detached);
        flows->orders.start();
        flows->shipments.start();
        flows->items.start();
        flows->retention.start();
    }

    log.info(
        "service.started",
        {{"version", build_version()},
         {"commit", build_commit()},
         {"listen", endpoint_text(server.pub.local_endpoint())},
         {"management_listen", server.management ? endpoint_text(server.management->local_endpoint()) : ""},
         {"http_threads", thread_count(cfg.http)},
         {"db_pool_size", cfg.database.pool_size}});

    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < thread_count(cfg.http); ++i) threads.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    threads.clear();  // joins

    // After a forced stop (a second signal) the flows' coroutines are abandoned mid-step, and the pool's
    // threads may still run their lambdas, which reference the flows: closing the pool waits for those
    // lambdas (their completions go to the stopped io_context and never run); only then are the flows freed.
    database.close();
    flows.reset();
    log.info("service.stopped");
    return 0;
}

}  // namespace mlc::server::app
