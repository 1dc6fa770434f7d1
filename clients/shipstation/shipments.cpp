// V1 shipments (labels, with their items) and fulfillments (marked shipped), read with Pacific date ranges.
#include "clients/shipstation/shipments.hpp"

#include "clients/shipstation/paging.hpp"

#include <stdexcept>

namespace mlc::clients::shipstation {

shipment parse_shipment(const boost::json::object& o) {
    auto id = int_field(o, "shipmentId");
    if (!id) throw std::runtime_error("ShipStation shipment without shipmentId");
    shipment s;
    s.shipment_id = *id;
    s.order_id = int_field(o, "orderId");
    s.order_key = string_field(o, "orderKey");
    s.order_number = string_field(o, "orderNumber");
    s.tracking_number = string_field(o, "trackingNumber");
    s.carrier_code = string_field(o, "carrierCode");
    s.service_code = string_field(o, "serviceCode");
    s.create_date = time_field(o, "createDate");
    s.ship_date = time_field(o, "shipDate");
    s.void_date = time_field(o, "voidDate");
    s.voided = bool_field(o, "voided");
    if (const auto* items = o.if_contains("shipmentItems")) {
        for (const auto& i : objects_of(*items)) {
            s.items.push_back({string_field(i, "lineItemKey"), string_field(i, "sku"),
                               int_field(i, "quantity").value_or(0)});
        }
    }
    s.raw = o;
    return s;
}

fulfillment parse_fulfillment(const boost::json::object& o) {
    auto id = int_field(o, "fulfillmentId");
    if (!id) throw std::runtime_error("ShipStation fulfillment without fulfillmentId");
    fulfillment f;
    f.fulfillment_id = *id;
    f.order_id = int_field(o, "orderId");
    f.order_number = string_field(o, "orderNumber");
    f.tracking_number = string_field(o, "trackingNumber");
    f.carrier_code = string_field(o, "carrierCode");
    f.create_date = time_field(o, "createDate");
    f.ship_date = time_field(o, "shipDate");
    f.void_date = time_field(o, "voidDate");
    f.voided = bool_field(o, "voided");
    f.raw = o;
    return f;
}

namespace {

void add_order(query& q, bool oldest_first) {
    if (!oldest_first) return;
    q.emplace_back("sortBy", "CreateDate");
    q.emplace_back("sortDir", "ASC");
}

template <class T, class Parse>
boost::asio::awaitable<outcome<listing<T>>> read_listing(client& c, paged_read pages, Parse parse) {
    auto read = co_await read_pages(c, std::move(pages));
    if (!read) co_return read.error();
    auto parsed = parse_each(read->items, parse);
    if (!parsed) co_return parsed.error();
    co_return listing<T>{std::move(*parsed), read->complete};
}

}  // namespace

boost::asio::awaitable<outcome<listing<shipment>>> list_shipments_paged(client& c, shipment_filter filter) {
    query q;
    if (filter.order_id) q.emplace_back("orderId", std::to_string(*filter.order_id));
    if (filter.order_number) q.emplace_back("orderNumber", *filter.order_number);
    if (filter.store_id) q.emplace_back("storeId", std::to_string(*filter.store_id));
    add_time(q, "createDateStart", filter.create_date_start, range_edge::start);
    add_time(q, "createDateEnd", filter.create_date_end, range_edge::end);
    add_time(q, "shipDateStart", filter.ship_date_start, range_edge::start);
    add_time(q, "shipDateEnd", filter.ship_date_end, range_edge::end);
    add_time(q, "voidDateStart", filter.void_date_start, range_edge::start);
    add_time(q, "voidDateEnd", filter.void_date_end, range_edge::end);
    q.emplace_back("includeShipmentItems", filter.include_items ? "true" : "false");
    add_order(q, filter.oldest_first);
    paged_read pages{"/shipments",     std::move(q),       "shipments",
                     filter.page_size, priority::tracking, "GET /shipments"};
    pages.max_pages = filter.max_pages;
    co_return co_await read_listing<shipment>(c, std::move(pages), parse_shipment);
}

boost::asio::awaitable<outcome<listing<fulfillment>>> list_fulfillments_paged(client& c,
                                                                              fulfillment_filter filter) {
    query q;
    if (filter.order_id) q.emplace_back("orderId", std::to_string(*filter.order_id));
    if (filter.order_number) q.emplace_back("orderNumber", *filter.order_number);
    add_time(q, "createDateStart", filter.create_date_start, range_edge::start);
    add_time(q, "createDateEnd", filter.create_date_end, range_edge::end);
    add_time(q, "shipDateStart", filter.ship_date_start, range_edge::start);
    add_time(q, "shipDateEnd", filter.ship_date_end, range_edge::end);
    add_order(q, filter.oldest_first);
    paged_read pages{"/fulfillments",  std::move(q),       "fulfillments",
                     filter.page_size, priority::tracking, "GET /fulfillments"};
    pages.max_pages = filter.max_pages;
    co_return co_await read_listing<fulfillment>(c, std::move(pages), parse_fulfillment);
}

boost::asio::awaitable<outcome<std::vector<shipment>>> list_shipments(client& c, shipment_filter filter) {
    auto read = co_await list_shipments_paged(c, std::move(filter));
    if (!read) co_return read.error();
    co_return std::move(read->items);
}

boost::asio::awaitable<outcome<std::vector<fulfillment>>> list_fulfillments(client& c,
                                                                            fulfillment_filter filter) {
    auto read = co_await list_fulfillments_paged(c, std::move(filter));
    if (!read) co_return read.error();
    co_return std::move(read->items);
}

}  // namespace mlc::clients::shipstation
