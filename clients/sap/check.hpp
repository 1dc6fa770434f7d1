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
    bool warn = false;  // ok, with something the operator should know (a fallback in use)
};

// Logs in to cfg (on the calling coroutine's executor), reads one order, logs out. Returns the report;
// failures (bad URL, unreadable CA file, refused Login, unreachable server) are reported, not thrown.
// Throws std::bad_alloc only.
boost::asio::awaitable<check_report> check_sap(const sap_config& cfg, options opts, const logger& log);

// Whether the warehouse journal (OINM, through the stored query) can be read: ok with its head; ok with warn
// when the table is not accessible (702: stock changes made in SAP are found by full scans), saying how to
// open it; not ok for anything else (login refused, unreachable). Throws std::bad_alloc only.
boost::asio::awaitable<check_report> check_journal(const sap_config& cfg, options opts, const logger& log);

}  // namespace mlc::clients::sap
