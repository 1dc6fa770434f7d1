// `ml-connector check` for SAP: one login, then one finding per thing the connector relies on.
#pragma once

#include "clients/sap/options.hpp"
#include "common/check_finding.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/awaitable.hpp>

namespace mlc::clients::sap {

// Logs in with cfg.sap (on the calling coroutine's executor), reads one order ("sap": version, company,
// session timeout), and when that works, checks what the rest of cfg needs of this company (check_setup.hpp,
// check_queries.hpp); logs out. Every failure (bad URL, unreadable CA file, refused Login,
// unreachable server) is a finding, not an exception; no finding holds the password.
// Throws std::bad_alloc only.
boost::asio::awaitable<check_findings> check_sap(const app_config& cfg, options opts, const logger& log);

}  // namespace mlc::clients::sap
