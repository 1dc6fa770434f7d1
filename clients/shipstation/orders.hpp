// V1 orders: createorder, createorders in chunks of 100 with per-order results, get, list with exact number.
#pragma once

#include "clients/shipstation/client.hpp"
#include "clients/shipstation/pacific_time.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlc::clients::shipstation {

// An order as ShipStation returns it; timestamps converted from Pacific to UTC.
struct order {
    std::int64_t order_id = 0;
    std::string order_number;
    std::string order_key;
    std::string order_status;
    std::optional<utc_time> order_date, create_date, modify_date;
    boost::json::object raw;  // the whole answer, for what the flows need beyond these fields
};

// One order's outcome in a createorders call.
struct create_result {
    std::string order_key;
    std::string order_number;
    std::optional<std::int64_t> order_id;
    bool success = false;
    std::string error_message;  // ShipStation's errorMessage when !success
};

struct order_filter {
    std::optional<std::string> order_number;  // exact: ShipStation matches a prefix, we keep equal ones
    std::optional<std::int64_t> store_id;
    std::optional<std::string> order_status;
    std::optional<utc_time> modify_date_start, modify_date_end;
    std::optional<utc_time> create_date_start, create_date_end;
    unsigned page_size = 500;  // at most 500
};

// Parses one order object. Throws std::runtime_error if it has no orderId or the tz database is missing.
order parse_order(const boost::json::object& o);

// POST /orders/createorder: creates or updates the order with `body`'s orderKey (retried, being
// idempotent through it). Returns the order, or an error as client::call() (in_doubt when the last attempt
// may have been applied), or bad_response for an answer that is not an order. Throws std::invalid_argument
// if body has no non-empty "orderKey", and as client::call().
boost::asio::awaitable<outcome<order>> create_order(client& c, const boost::json::object& body);

// POST /orders/createorders in chunks of at most 100 (bulk priority), each order needing a non-empty
// orderKey. Returns one result per input order, in input order (an order missing from an answer is a
// failure), or the error of the first chunk that failed whole (earlier chunks were applied). With
// `retry_in_doubt` false a 5xx or a lost answer is not retried but returned as in_doubt, for callers that
// look the orders up before sending again. Throws std::invalid_argument for an order without orderKey, and
// as client::call().
boost::asio::awaitable<outcome<std::vector<create_result>>> create_orders(
    client& c, const std::vector<boost::json::object>& orders, bool retry_in_doubt = true);

// GET /orders/{id}. Returns the order, not_found for an unknown id, other errors as client::call(). Throws
// as client::call().
boost::asio::awaitable<outcome<order>> get_order(client& c, std::int64_t order_id);

// GET /orders, every page, filtered exactly on orderNumber. Returns as read_all_pages(), bad_response for an
// order without orderId. Throws as client::call(), std::invalid_argument for a page_size of 0 or above 500.
boost::asio::awaitable<outcome<std::vector<order>>> list_orders(client& c, order_filter filter);

}  // namespace mlc::clients::shipstation
