// The SAP Business One Service Layer simulator as an object: tests start it in-process on 127.0.0.1:0.
#pragma once

#include "common/logger.hpp"
#include "tests/simulators/sap_b1/sap_values.hpp"
#include "tests/simulators/sap_b1/sim_config.hpp"
#include "tests/simulators/sap_b1/sim_state.hpp"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

namespace mlc::sim::sap {

class simulator {
public:
    // Seeds the data; nothing listens yet. Log lines (warn and above unless `level` says otherwise) go to
    // `log_out`, which must outlive the simulator. Throws std::invalid_argument for bad seed counts.
    explicit simulator(sim_config cfg, std::ostream& log_out, log_level level = log_level::warn);
    // stop().
    ~simulator();
    simulator(const simulator&) = delete;
    simulator& operator=(const simulator&) = delete;

    // Binds cfg.listen_host:cfg.listen_port and serves on cfg.threads threads. Throws std::system_error if
    // it cannot listen, std::logic_error if called twice.
    void start();

    // Graceful shutdown (bounded), then the threads are joined. Idempotent; never throws.
    void stop() noexcept;

    // The bound port (the real one when 0 was asked). Valid after start().
    std::uint16_t port() const;

    // "http://127.0.0.1:<port>/b1s/v1" or ".../b1s/v2": what MLC_SAP_URL points at.
    std::string service_root(api_version version) const;

    // The data, sessions, faults, counters and clock, for tests that control the simulator directly.
    sim_state& state() noexcept { return *state_; }

private:
    struct runtime;
    std::shared_ptr<sim_state> state_;
    std::unique_ptr<runtime> runtime_;
};

}  // namespace mlc::sim::sap
