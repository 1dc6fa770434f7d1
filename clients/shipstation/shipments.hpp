// V1 shipments (labels, with their items) and fulfillments (marked shipped), read with Pacific date ranges.
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

struct shipment_item {
    std::string line_item_key;
    std::string sku;
    std::int64_t quantity = 0;
};

// A shipment as ShipStation returns it; timestamps converted from Pacific to UTC.
struct shipment {
    std::int64_t shipment_id = 0;
    std::optional<std::int64_t> order_id;  // null for labels made without an order
    std::string order_key, order_number, tracking_number, carrier_code, service_code;
    std::optional<utc_time> create_date, ship_date, void_date;
    bool voided = false;
    std::vector<shipment_item> items;  // only when read with items
    boost::json::object raw;
};

struct fulfillment {
    std::int64_t fulfillment_id = 0;
    std::optional<std::int64_t> order_id;
    std::string order_number, tracking_number, carrier_code;
    std::optional<utc_time> create_date, ship_date, void_date;
    bool voided = false;
    boost::json::object raw;
};

// Date ranges are inclusive; a start is sent rounded down and an end rounded up (see format_pacific_filter).
struct shipment_filter {
    std::optional<std::int64_t> order_id;
    std::optional<std::string> order_number;
    std::optional<std::int64_t> store_id;
    std::optional<utc_time> create_date_start, create_date_end;
    std::optional<utc_time> ship_date_start, ship_date_end;
    std::optional<utc_time> void_date_start, void_date_end;
    bool include_items = true;  // includeShipmentItems
    bool oldest_first = false;  // sortBy=CreateDate&sortDir=ASC (a capped read then stops at a point in time)
    unsigned page_size = 500;
    unsigned max_pages = 10'000;  // the *_paged reads stop after this many pages
};

struct fulfillment_filter {
    std::optional<std::int64_t> order_id;
    std::optional<std::string> order_number;
    std::optional<utc_time> create_date_start, create_date_end;
    std::optional<utc_time> ship_date_start, ship_date_end;
    bool oldest_first = false;  // sortBy=CreateDate&sortDir=ASC
    unsigned page_size = 500;
    unsigned max_pages = 10'000;  // the *_paged reads stop after this many pages
};

// What a listing read: its elements and whether every page was read.
template <class T>
struct listing {
    std::vector<T> items;
    bool complete = true;  // false: it stopped at the filter's max_pages with more to read
};

// Parse one object. Throw std::runtime_error without shipmentId / fulfillmentId, or without a tz database.
shipment parse_shipment(const boost::json::object& o);
fulfillment parse_fulfillment(const boost::json::object& o);

// GET /shipments, every page (tracking priority). Returns as read_all_pages(), bad_response for a shipment
// without shipmentId. Throws as client::call(), std::invalid_argument for a page_size of 0 or above 500.
boost::asio::awaitable<outcome<std::vector<shipment>>> list_shipments(client& c, shipment_filter filter);

// GET /fulfillments, every page (tracking priority). Returns and throws as list_shipments().
boost::asio::awaitable<outcome<std::vector<fulfillment>>> list_fulfillments(client& c,
                                                                            fulfillment_filter filter);

// As list_shipments() and list_fulfillments(), reading at most filter.max_pages pages and saying whether
// that was all. Return and throw as those.
boost::asio::awaitable<outcome<listing<shipment>>> list_shipments_paged(client& c, shipment_filter filter);
boost::asio::awaitable<outcome<listing<fulfillment>>> list_fulfillments_paged(client& c,
                                                                              fulfillment_filter filter);

}  // namespace mlc::clients::shipstation
