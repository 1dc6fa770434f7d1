// The /b1s/v1 and /b1s/v2 roots: faults, Login/Logout, the session check, then the entity sets.
#pragma once

#include "server/http/request_context.hpp"
#include "tests/simulators/sap_b1/sim_state.hpp"

#include <memory>

namespace mlc::sim::sap {

// The handler behind the "/b1s/" prefix route. Throws std::bad_alloc only (from the returned function).
server::http::handler_fn make_service_layer_handler(std::shared_ptr<sim_state> state);

}  // namespace mlc::sim::sap
