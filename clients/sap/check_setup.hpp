// `ml-connector check` findings that compare the configuration with the company's set-up in SAP: carriers,
// warehouses, approval procedures on deliveries, and the session timeout.
#pragma once

#include "clients/sap/client.hpp"
#include "common/check_finding.hpp"
#include "common/config.hpp"

#include <boost/asio/awaitable.hpp>

namespace mlc::clients::sap {

// "sap carriers": every ShippingTypes code in MLC_CARRIER_MAP exists (FAIL naming each missing code, its
// ShipStation carrier and the codes that exist; SKIP with an empty map). Throws std::bad_alloc only.
boost::asio::awaitable<check_finding> check_carriers(client& c, const shipments_config& cfg);

// "sap warehouses": every warehouse in MLC_ORDER_WAREHOUSES, MLC_WAREHOUSE_MAP and MLC_INVENTORY_LOCATION_MAP
// exists and is active (FAIL naming each one and its setting; SKIP when none is configured). Throws
// std::bad_alloc only.
boost::asio::awaitable<check_finding> check_warehouses(client& c, const app_config& cfg);

// "sap approvals": OK when no active approval template covers deliveries, WARN (deliveries wait for approval
// as drafts) when one does, WARN when the templates cannot be read. Throws std::bad_alloc only.
boost::asio::awaitable<check_finding> check_approvals(client& c);

// "sap session": the SessionTimeout of c's last Login and the keep-alive it leads to (session_timing); WARN
// when the margin before the timeout is shorter than one request attempt (options::attempt_timeout), SKIP
// without a Login. Throws std::bad_alloc only.
check_finding check_session(const client& c);

}  // namespace mlc::clients::sap
