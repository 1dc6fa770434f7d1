// The ShipStation simulator (V1, and V2's Inventory API under /v2/): tests start it in-process on
// 127.0.0.1:0; shipstation-sim wraps it.
#pragma once

#include "common/clock.hpp"
#include "tests/simulators/shipstation/http_listener.hpp"
#include "tests/simulators/shipstation/routes.hpp"
#include "tests/simulators/shipstation/sim_config.hpp"
#include "tests/simulators/shipstation/sim_state.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace mlc::sim::shipstation {

struct api_flavour;  // how V1 or V2 words the answers of the shared request path (simulator.cpp)

class simulator {
public:
    // Binds cfg.listen_host:cfg.listen_port and starts cfg.threads threads serving; `now` is the account's
    // wall clock (timestamps, date filters, the rate window), called from the serving threads. Throws
    // boost::system::system_error if the address cannot be bound.
    explicit simulator(sim_config cfg, wall_clock_fn now = system_now);
    // stop().
    ~simulator();
    simulator(const simulator&) = delete;
    simulator& operator=(const simulator&) = delete;

    // The bound port. Never throws.
    std::uint16_t port() const noexcept { return port_; }

    // "http://127.0.0.1:<port>" (or cfg.public_url): the base of webhook resource_urls.
    const std::string& base_url() const noexcept { return base_url_; }

    // The account, for tests to inspect or change directly (thread-safe).
    sim_state& state() noexcept { return *state_; }

    // Stops accepting, ends every connection (hung ones included) and joins the threads. Idempotent;
    // never throws.
    void stop() noexcept;

private:
    boost::asio::awaitable<response> dispatch(const request& req);
    boost::asio::awaitable<response> dispatch_v2(const request& req, std::string_view path,
                                                 const query_params& q);
    // Runs a found route with the injected latency and faults, worded as `api` words answers.
    boost::asio::awaitable<response> serve(const route_lookup& found, const request& req,
                                           const query_params& q, const api_flavour& api);

    sim_config cfg_;
    std::unique_ptr<sim_state> state_;
    boost::asio::io_context ioc_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::unique_ptr<http_listener> listener_;
    std::uint16_t port_ = 0;
    std::string base_url_;
    std::vector<std::thread> threads_;
    bool stopped_ = false;
};

}  // namespace mlc::sim::shipstation
