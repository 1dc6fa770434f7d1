// A ShipStation simulator on loopback and a client configured for it, for the client's integration tests
// (header-only: only integration_tests links the simulator).
#pragma once

#include "clients/shipstation/client.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"
#include "tests/simulators/shipstation/simulator.hpp"
#include "tests/support/run_coro.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace mlc::test {

class shipstation_fixture {
public:
    // Starts the simulator with `sim_cfg` (credentials ShipStation / Rocks unless changed). Throws what the
    // simulator's constructor throws.
    // `now` is the simulator's clock.
    explicit shipstation_fixture(sim::shipstation::sim_config sim_cfg = default_sim_config(),
                                 wall_clock_fn now = system_now);

    static sim::shipstation::sim_config default_sim_config();

    // The client configuration pointing at the simulator (rate limit 1000). Never throws.
    shipstation_config client_config() const;

    // Options with fast retries and short limiter slack. Never throws.
    static clients::shipstation::client_options fast_options();

    // (Re)creates the client. Throws what the client's constructor throws.
    clients::shipstation::client& make_client(std::optional<shipstation_config> cfg = {},
                                              clients::shipstation::client_options opts = fast_options());

    // Runs a coroutine on the fixture's io_context to completion. Rethrows its exception.
    template <class T>
    T run(boost::asio::awaitable<T> aw) {
        return run_coro(ioc, std::move(aw));
    }

    // A valid createorder body. Throws std::bad_alloc only.
    static boost::json::object order_body(const std::string& number, const std::string& key,
                                          const std::string& order_date = "2024-07-01 09:15:00");

    boost::asio::io_context ioc;
    std::ostringstream log_text;
    logger log{log_config{log_level::debug, log_format::json}, log_text};
    sim::shipstation::simulator sim;
    std::unique_ptr<clients::shipstation::client> client;
};

inline shipstation_fixture::shipstation_fixture(sim::shipstation::sim_config sim_cfg, wall_clock_fn now)
    : sim(std::move(sim_cfg), std::move(now)) {}

inline sim::shipstation::sim_config shipstation_fixture::default_sim_config() {
    sim::shipstation::sim_config c;
    c.rate_limit = 1000;
    return c;
}

inline shipstation_config shipstation_fixture::client_config() const {
    shipstation_config c;
    c.url = "http://127.0.0.1:" + std::to_string(sim.port());
    c.api_key = "ShipStation";
    c.api_secret = secret("Rocks");
    c.rate_limit = 1000;
    return c;
}

inline clients::shipstation::client_options shipstation_fixture::fast_options() {
    clients::shipstation::client_options o;
    o.http.attempt_timeout = std::chrono::seconds(5);
    o.retry.base_delay = std::chrono::milliseconds(10);
    o.retry.max_delay = std::chrono::milliseconds(50);
    o.limiter.reset_slack = std::chrono::milliseconds(100);
    o.limiter.max_jitter = std::chrono::milliseconds(100);
    return o;
}

inline clients::shipstation::client& shipstation_fixture::make_client(
    std::optional<shipstation_config> cfg, clients::shipstation::client_options opts) {
    client.reset();
    client = std::make_unique<clients::shipstation::client>(cfg ? *cfg : client_config(), ioc.get_executor(),
                                                            log, nullptr, opts);
    return *client;
}

inline boost::json::object shipstation_fixture::order_body(const std::string& number, const std::string& key,
                                                           const std::string& order_date) {
    using boost::json::array;
    using boost::json::object;
    return object{
        {"orderNumber", number},
        {"orderKey", key},
        {"orderDate", order_date},
        {"orderStatus", "awaiting_shipment"},
        {"customerUsername", "C-1"},
        {"billTo", object{{"name", "Jane"}}},
        {"shipTo", object{{"name", "Jane"}, {"street1", "1 Main St"}, {"city", "Austin"}, {"country", "US"}}},
        {"items", array{object{{"lineItemKey", "10"},
                               {"sku", "MUG-01"},
                               {"name", "Mug"},
                               {"quantity", 3},
                               {"unitPrice", 12.5}},
                        object{{"lineItemKey", "20"},
                               {"sku", "CUP-01"},
                               {"name", "Cup"},
                               {"quantity", 1},
                               {"unitPrice", 4}}}}};
}

}  // namespace mlc::test
