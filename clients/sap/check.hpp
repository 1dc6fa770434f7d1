// `ml-connector check` for SAP: log in, read one order, report version, company and session timeout.
#pragma once

#include "clients/sap/options.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace mlc::clients::sap {

struct check_report {
    bool ok = false;
    // One line of detail: "Service Layer 1000191 (API v2), company SBODEMOUS, session timeout 30 min, ..."
    // when ok, else the reason. Never holds the password.
    std::string line;
};

// Logs in to cfg (on the calling coroutine's executor), reads one order, logs out. Returns the report;
// failures (bad URL, unreadable CA file, refused Login, unreachable server) are reported, not thrown.
// Throws std::bad_alloc only.
boost::asio::awaitable<check_report> check_sap(const sap_config& cfg, options opts, const logger& log);

}  // namespace mlc::clients::sap
