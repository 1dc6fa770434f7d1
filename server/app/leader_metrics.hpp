// The mlc_leader gauge: which leader locks this replica holds, fed by the locks themselves.
#pragma once

#include "db/leader_lock.hpp"

#include <prometheus/registry.h>

#include <string>

namespace mlc::server::app {

// Registers mlc_leader{lock} in `registry` (which must outlive every lock given the result) and returns the
// reporting for the service's leader locks: `replica` for their log lines, and an observer that sets the
// lock's series to 1 while this process holds it and 0 otherwise. Throws what prometheus-cpp throws for a
// family registered twice.
db::leader_reporting leader_metrics(prometheus::Registry& registry, std::string replica);

}  // namespace mlc::server::app
