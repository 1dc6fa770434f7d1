// Apache's health check in front of Service Layer: /ping/, /ping/load-balancer, /ping/node/{n}.
#pragma once

#include "server/http/request_context.hpp"

namespace mlc::sim::sap {

// The handler behind the "/ping/" prefix route: {"message":"pong","sender":...,"timestamp":...}, no
// session needed; an unknown path below /ping/ is 404. Throws std::bad_alloc only.
server::http::handler_fn make_ping_handler();

}  // namespace mlc::sim::sap
