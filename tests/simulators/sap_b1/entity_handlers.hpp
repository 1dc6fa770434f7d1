// The entity-set operations of the Service Layer root: queries, reads, creates, PATCH, actions, DELETE.
#pragma once

#include "server/http/request_context.hpp"
#include "tests/simulators/sap_b1/resource_path.hpp"
#include "tests/simulators/sap_b1/sim_state.hpp"
#include "tests/simulators/sap_b1/sl_responses.hpp"

#include <string_view>

namespace mlc::sim::sap {

// Serves an authenticated request for an entity set (the session was already checked). `method` is the
// effective method (X-HTTP-Method-Override applied). Never throws except std::bad_alloc.
response handle_entity_request(sim_state& state, const server::http::request_context& ctx,
                               const resource_path& path, std::string_view method);

}  // namespace mlc::sim::sap
