// A batch-managed item's batches with stock in one warehouse, read through a stored SQL query.
//
// Why a stored query: Service Layer has no entity with a batch's quantity per warehouse. BatchNumberDetails
// (OBTN) holds the batch and its dates but no quantity, ItemWarehouseInfoCollection the item's stock but no
// batches; the quantities live in the table OBTQ. The SQLQueries entity (Service Layer 10.0 FP 2011 and
// later) runs a stored, parameterised SELECT, so the connector keeps one query, MLC_BATCH_STOCK, reading OBTQ
// joined with OBTN, creates it the first time it is missing, and runs it per item and warehouse through its
// List function. The SAP administrator allows the tables OBTQ and OBTN for SQL queries (Service Layer's
// b1s_sqltable.conf) and gives the connector's user the authorization to create and run SQL queries; without
// that, the query fails and so does every delivery of a batch-managed item (retried, then a dead letter with
// Service Layer's message).
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/stored_query.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::clients::sap {

// The SqlCode of the stored query.
inline constexpr std::string_view batch_stock_query_code = "MLC_BATCH_STOCK";

// OBTN.Status (BatchNumberDetails' Status): only a released batch may be delivered.
enum class batch_status { released, not_accessible, locked, unknown };

struct available_batch {
    std::string batch_number;                              // OBTN.DistNumber (what BatchNumbers names)
    double available = 0;                                  // OBTQ.Quantity - OBTQ.CommitQty in the warehouse
    std::optional<std::chrono::sys_days> admission_date;   // OBTN.InDate
    std::optional<std::chrono::sys_days> expiration_date;  // OBTN.ExpDate (none: the batch does not expire)
    batch_status status = batch_status::unknown;           // OBTN.Status
};

// Makes sure the stored query exists: GET /SQLQueries('MLC_BATCH_STOCK'), and on 404 POST it. A query of
// that code that exists is used as it is (an administrator may have adapted it; its columns must stay).
// Returns true when it was missing (now created), false when it was there, or the error. Throws
// std::bad_alloc only.
boost::asio::awaitable<outcome<bool>> ensure_batch_stock_query(client& c);

// The batches of `item_code` with stock in `warehouse` (every page of the query's List, whatever their
// status and expiry: the caller decides), in the order Service Layer gives them. The query is created the
// first time its List is refused because it is missing, unless `when_missing` says report (previews write
// nothing). Returns them or the error. Throws std::bad_alloc only.
boost::asio::awaitable<outcome<std::vector<available_batch>>> available_batches(
    client& c, std::string item_code, std::string warehouse,
    missing_query when_missing = missing_query::create);

}  // namespace mlc::clients::sap
