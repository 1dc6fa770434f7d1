// `ml-connector check`'s "sap queries": the stored SQL queries the connector needs can be created and run.
#pragma once

#include "clients/sap/client.hpp"
#include "common/check_finding.hpp"
#include "common/config.hpp"

#include <boost/asio/awaitable.hpp>

namespace mlc::clients::sap {

// Creates (when missing) and runs each stored query cfg needs: MLC_BATCH_STOCK when the connector chooses
// batches (MLC_BATCH_RULE is not fail), MLC_WHS_JOURNAL_HEAD and MLC_WHS_JOURNAL when stock is sent (the V2
// key is set). OK when all run; WARN with the set-up text for the SAP administrator when Service Layer
// refuses one (a table outside b1s_sqltable.conf, no SQL query authorisation); FAIL on other errors; SKIP
// when none is needed. Throws std::bad_alloc only.
boost::asio::awaitable<check_finding> check_queries(client& c, const app_config& cfg);

}  // namespace mlc::clients::sap
