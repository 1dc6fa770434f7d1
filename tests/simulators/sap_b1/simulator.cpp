// Wires the simulator's routes into the project's HTTP server and runs it on its own threads.
#include "tests/simulators/sap_b1/simulator.hpp"

#include "server/http/server.hpp"
#include "tests/simulators/sap_b1/control_routes.hpp"
#include "tests/simulators/sap_b1/ping.hpp"
#include "tests/simulators/sap_b1/service_layer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <prometheus/registry.h>

#include <future>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace mlc::sim::sap {

namespace asio = boost::asio;
using namespace std::chrono_literals;

struct simulator::runtime {
    runtime(const sim_config& cfg, std::ostream& out, log_level level)
        : work(ioc.get_executor()), log({level, log_format::json}, out) {
        http.listen_host = cfg.listen_host;
        http.listen_port = cfg.listen_port;
        http.threads = cfg.threads;
        http.body_limit = 8 * 1024 * 1024;
        http.max_connections_per_ip = 0;  // every client of a simulator is on loopback: one address
    }

    asio::io_context ioc;
    asio::executor_work_guard<asio::io_context::executor_type> work;
    logger log;
    prometheus::Registry registry;
    http_server_config http;
    std::optional<server::http::server> server;
    std::vector<std::thread> threads;
    bool stopped = false;
};

simulator::simulator(sim_config cfg, std::ostream& log_out, log_level level)
    : state_(std::make_shared<sim_state>(cfg)), runtime_(std::make_unique<runtime>(cfg, log_out, level)) {}

simulator::~simulator() {
    stop();
}

void simulator::start() {
    runtime& rt = *runtime_;
    if (rt.server) throw std::logic_error("sap-b1-sim already started");
    server::http::router routes;
    auto handler = make_service_layer_handler(state_);
    // Every method reaches the same handler: it answers 401 or -5006 itself, as Service Layer does.
    for (auto method :
         {boost::beast::http::verb::get, boost::beast::http::verb::post, boost::beast::http::verb::patch,
          boost::beast::http::verb::put, boost::beast::http::verb::delete_, boost::beast::http::verb::merge})
        routes.add_prefix({method, "/b1s/", "sap_b1", handler, {}});
    routes.add_prefix({boost::beast::http::verb::get, "/ping/", "ping", make_ping_handler(), {}});
    add_control_routes(routes, state_);
    rt.server.emplace(rt.ioc, rt.http, std::move(routes), rt.log, rt.registry);
    rt.server->start();
    std::size_t n = state_->config().threads == 0 ? 1 : state_->config().threads;
    for (std::size_t i = 0; i < n; ++i) rt.threads.emplace_back([&rt] { rt.ioc.run(); });
}

void simulator::stop() noexcept {
    runtime& rt = *runtime_;
    if (rt.stopped) return;
    rt.stopped = true;
    try {
        if (rt.server && !rt.threads.empty()) {
            auto done = asio::co_spawn(rt.ioc, rt.server->shutdown(200ms), asio::use_future);
            done.wait_for(5s);
        }
    } catch (...) {
        // Shutting down regardless: the threads are stopped below.
    }
    rt.work.reset();
    rt.ioc.stop();
    for (auto& t : rt.threads)
        if (t.joinable()) t.join();
}

std::uint16_t simulator::port() const {
    return runtime_->server ? runtime_->server->local_endpoint().port() : 0;
}

std::string simulator::service_root(api_version version) const {
    return "http://127.0.0.1:" + std::to_string(port()) + "/b1s/" + std::string(to_string(version));
}

}  // namespace mlc::sim::sap
