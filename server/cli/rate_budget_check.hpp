// `ml-connector check`'s "shipstation rate budget" line: whether the replicas share one ShipStation budget.
#pragma once

#include "common/check_finding.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"

namespace mlc::server {

// Reads the V1 key's budget in PostgreSQL without spending a send. Scope cluster: OK naming the replicas
// seen on it in the last minute, FAIL when this role may not call rate_budget_take (migrations missing).
// Scope process: WARN when another replica shares the database (a replica recorded sends on the key, or
// ml-connector sessions come from two or more hosts), since each then spends the key's whole limit; else OK.
// SKIP without MLC_SHIPSTATION_API_KEY; FAIL when the database cannot be read. Never shows the key. Throws
// std::bad_alloc only.
check_finding check_rate_budget(const app_config& cfg, const logger& log);

}  // namespace mlc::server
