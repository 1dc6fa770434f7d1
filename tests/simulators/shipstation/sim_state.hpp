// The simulator's account: orders, shipments, fulfillments, catalog, V2 inventory, webhooks, faults and
// counters, behind one mutex (never held across co_await: every member is synchronous).
#pragma once

#include "common/clock.hpp"
#include "tests/simulators/shipstation/fixed_window.hpp"
#include "tests/simulators/shipstation/query_params.hpp"
#include "tests/simulators/shipstation/sim_config.hpp"
#include "tests/simulators/shipstation/sim_time.hpp"
#include "tests/simulators/shipstation/sliding_peak.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace mlc::sim::shipstation {

// An answer to an API or control call: status and JSON body (null: empty body).
struct api_result {
    unsigned status = 200;
    boost::json::value body;
};

// A 400 in ASP.NET's ModelState shape: {"Message":"The request is invalid.","ModelState":{field:[message]}}.
struct model_error : std::runtime_error {
    model_error(std::string field_name, const std::string& message)
        : std::runtime_error(message), field(std::move(field_name)) {}
    std::string field;
};

// A V2 refusal, answered as {"request_id", "errors":[{"error_source":"ShipStation", "error_type",
// "error_code", "message"}]}; the message names the field at fault.
struct v2_error : std::runtime_error {
    v2_error(unsigned http_status, std::string type, std::string code, const std::string& message)
        : std::runtime_error(message),
          status(http_status),
          error_type(std::move(type)),
          error_code(std::move(code)) {}
    unsigned status;
    std::string error_type;  // "validation", "security", "system", ...
    std::string error_code;  // "invalid_field_value", "unauthorized", "rate_limit_exceeded", ...
};

// A webhook POST to make once the lock is released.
struct webhook_delivery {
    std::string target_url;
    std::string payload;  // serialized JSON
};

// Faults the control interface injects into API calls (each count is spent by the next calls).
struct fault_settings {
    std::chrono::milliseconds latency{0};  // added to every API call
    unsigned fail_before_write = 0;        // next writes answer 500 without applying anything
    unsigned fail_after_write = 0;         // next writes are applied, then answer 500
    unsigned hang = 0;                     // next API calls never answer (the connection stays open)
    unsigned hang_after_write = 0;         // next writes are applied, then never answered
    unsigned fail_reads = 0;               // next reads (GET) answer 500
    // Next createorder(s) calls first ship (whole) every open order they name by orderKey: a label bought in
    // the UI between the caller's look-up and its write.
    unsigned ship_before_write = 0;
};

// How V1 words some answers where real ones were seen to differ (reference §3.9, §8).
struct answer_settings {
    bool model_state_indexes =
        false;                // ModelState keys "apiOrders[3].orderNumber" (false: "apiOrders.orderNumber")
    bool zero_pages = false;  // paged lists answer "pages": 0 whatever they hold
};

// How webhooks are delivered.
struct webhook_settings {
    bool deliver_twice = false;                             // every payload is POSTed twice
    std::optional<std::chrono::milliseconds> resource_ttl;  // resource_url answers nothing after this
    std::chrono::milliseconds delay{0};                     // wait before POSTing
};

struct sim_counters {
    std::uint64_t requests = 0;                        // V1 and V2 API calls (control calls excluded)
    std::uint64_t throttled = 0;                       // answered 429 by the V1 limit
    std::uint64_t max_in_sliding_window = 0;           // most V1 requests admitted in any sliding window
    std::chrono::milliseconds sliding_window{0};       // that window's length (the V1 rate window)
    std::uint64_t v2_throttled = 0;                    // answered 429 by the V2 limit
    std::uint64_t unauthorized = 0;                    // answered 401 (V1 or V2)
    std::uint64_t faults = 0;                          // injected 500s and hangs
    std::uint64_t webhooks_sent = 0;                   // POSTs answered 2xx
    std::uint64_t webhooks_failed = 0;                 // POSTs that failed or answered otherwise
    std::map<std::string, std::uint64_t> by_endpoint;  // "GET /orders/{id}" -> calls
};

class sim_state {
public:
    // Seeds two stores, a warehouse and carriers from cfg.seed. Throws std::bad_alloc only.
    sim_state(const sim_config& cfg, wall_clock_fn now = system_now);

    // The base of resource_url (set once the port is known). Thread-safe.
    void set_base_url(std::string url);

    // --- rate limit, counters, faults (thread-safe; never throw except std::bad_alloc) ---
    window_verdict admit_request(const std::string& endpoint);
    window_verdict peek_window();
    window_verdict admit_v2_request(const std::string& endpoint);  // V2's own fixed window
    void set_v2_rate_limit(unsigned limit);
    std::string new_request_id();  // a V2 answer's request_id
    void count_unauthorized();
    void count_webhook(bool ok);
    sim_counters counters() const;
    void set_rate_limit(unsigned limit);
    fault_settings faults() const;
    void set_faults(const fault_settings& f);
    // Spends one of the counted faults: "hang", "before", "after", "after_hang" or "" (none applies). A write
    // is a POST, PUT or DELETE; a read's injected 500 is "before".
    std::string take_fault(bool is_write);
    webhook_settings webhooks_settings() const;
    void set_webhook_settings(const webhook_settings& w);
    answer_settings answers() const;
    void set_answers(const answer_settings& a);
    // The origin webhook resource_urls name ("https://ssapi6.shipstation.com"); the simulator's own address
    // unless set.
    std::string resource_origin() const;

    // --- V1 API: each returns the answer; model_error becomes a 400 (thrown for invalid input) ---
    api_result create_order(const boost::json::value& body, std::vector<webhook_delivery>& out);
    api_result create_orders(const boost::json::value& body, std::vector<webhook_delivery>& out);
    api_result list_orders(const query_params& q);
    api_result get_order(std::int64_t id);
    // Control: every order as {orderId, orderKey, orderNumber, orderStatus, skus}, in id order, so a test
    // counts orders per key or number without spending the rate limit.
    api_result control_orders() const;
    // The last createorder(s) element for `order_key` exactly as the client sent it; nullopt for a key no
    // order has. For tests comparing what was sent with what was meant to be sent.
    std::optional<boost::json::object> received_order_body(const std::string& order_key) const;
    api_result delete_order(std::int64_t id);
    api_result mark_as_shipped(const boost::json::value& body);
    api_result list_shipments(const query_params& q);
    api_result void_label(const boost::json::value& body);
    api_result list_fulfillments(const query_params& q);
    api_result list_products(const query_params& q);
    api_result get_product(std::int64_t id);
    api_result put_product(std::int64_t id, const boost::json::value& body);
    api_result list_customers(const query_params& q);
    api_result get_customer(std::int64_t id);
    api_result list_warehouses();
    api_result get_warehouse(std::int64_t id);
    api_result list_stores(const query_params& q);
    api_result get_store(std::int64_t id);
    // POST /stores/deactivate and /stores/reactivate ({storeId}).
    api_result set_store_active(const boost::json::value& body, bool active);
    api_result list_carriers();
    api_result subscribe_webhook(const boost::json::value& body);
    api_result list_webhooks();
    api_result unsubscribe_webhook(std::int64_t id);

    // --- V2 inventory: each returns the answer; v2_error becomes V2's error body ---
    api_result list_inventory(const query_params& q);
    api_result update_inventory(const boost::json::value& body);
    api_result list_inventory_warehouses(const query_params& q);
    api_result list_inventory_locations(const query_params& q);

    // --- control: every inventory level (zeros included); set one directly ({sku, inventory_location_id,
    // on_hand, allocated?}), as another sales channel would ---
    api_result control_inventory() const;
    api_result control_set_inventory(const boost::json::value& body);

    // --- control: shipments (whole order, or {"items":[{"lineItemKey","quantity"}]}), voids, fulfillments
    // (a fulfillmentProviderCode makes it a provider's, which fires FULFILLMENT_SHIPPED) ---
    api_result control_ship(const boost::json::value& body, std::vector<webhook_delivery>& out);
    // The ship_before_write fault, applied (and spent) before a createorder(s) body is taken.
    void ship_before_write(const boost::json::value& body, std::vector<webhook_delivery>& out);
    api_result control_void(const boost::json::value& body);
    api_result control_fulfill(const boost::json::value& body, std::vector<webhook_delivery>& out);

private:
    struct order_rec {
        std::int64_t id = 0;
        std::string key;
        std::int64_t store_id = 0;
        std::string status;
        utc_time created{}, modified{};
        std::optional<utc_time> order_date;
        std::optional<std::int64_t> customer_id;
        std::string import_batch;
        bool active = true;
        std::map<std::string, std::int64_t> item_ids;  // lineItemKey (or index) -> orderItemId
        boost::json::object body;                      // as sent, normalized
    };
    struct shipment_rec {
        std::int64_t id = 0;
        std::int64_t order_id = 0;
        std::int64_t batch_id = 0;
        utc_time created{}, ship_date{};
        std::optional<utc_time> voided;
        boost::json::object body;  // without shipmentItems
        boost::json::array items;
    };
    struct fulfillment_rec {
        std::int64_t id = 0;
        std::int64_t order_id = 0;
        utc_time created{}, ship_date{};
        boost::json::object body;
    };
    struct catalog_rec {  // a product or a customer
        boost::json::object body;
        utc_time created{}, modified{};
    };
    struct stock_rec {
        std::int64_t on_hand = 0, allocated = 0;
        double cost = 0;  // average_cost.amount
    };
    struct location_rec {
        std::string id, warehouse_id, name;
    };
    struct webhook_rec {
        std::int64_t id = 0;
        std::string target_url, event, name;
        std::optional<std::int64_t> store_id;
    };

    // Helpers called with mutex_ held (sim_orders.cpp, sim_shipments.cpp, sim_state.cpp).
    utc_time now() const { return now_(); }
    std::int64_t next_id(std::int64_t& counter) { return counter++; }
    std::string new_guid();
    boost::json::object order_json(const order_rec& o) const;
    // Validates one order; prefix names the parameter ("apiOrder", "apiOrders[3]").
    void validate_order(const boost::json::value& v, const std::string& prefix) const;
    // Creates or updates; returns the record or a business error (locked order, unknown store).
    std::variant<order_rec*, std::string> upsert_order(const boost::json::object& in, bool& created);
    // The customer of customerUsername and the products of new SKUs, as ShipStation builds them from orders.
    void remember_customer(order_rec& o);
    void remember_products(const order_rec& o);
    const location_rec* find_location(const std::string& id) const;
    boost::json::object paged_v2(boost::json::array rows, const query_params& q, std::string_view path,
                                 std::string_view key,
                                 const std::vector<std::pair<std::string, std::string>>& filters);
    order_rec* find_order(std::int64_t id);
    boost::json::object shipment_json(const shipment_rec& s, bool with_items) const;
    // Records a fulfillment of the order `in` names (mark as shipped, or a provider's).
    const boost::json::object& add_fulfillment(const boost::json::object& in);
    void notify(const std::string& event, std::int64_t store_id, const std::string& resource_url,
                std::vector<webhook_delivery>& out) const;

    mutable std::mutex mutex_;
    sim_config cfg_;
    wall_clock_fn now_;
    std::string base_url_;
    fixed_window window_;
    sliding_peak admitted_;  // V1 requests the fixed window let through
    sim_counters counters_;
    fault_settings faults_;
    webhook_settings webhook_settings_;
    answer_settings answer_settings_;
    std::mt19937_64 rng_;

    std::int64_t next_order_id_, next_item_id_, next_shipment_id_, next_batch_id_, next_fulfillment_id_,
        next_customer_id_, next_product_id_, next_webhook_id_;
    std::int64_t manual_store_id_;
    std::map<std::int64_t, order_rec> orders_;
    std::map<std::string, std::int64_t> order_by_key_;
    std::map<std::int64_t, shipment_rec> shipments_;
    std::map<std::int64_t, utc_time> batches_;  // batchId -> created (resource_url expiry)
    std::map<std::int64_t, fulfillment_rec> fulfillments_;
    std::map<std::int64_t, catalog_rec> products_;
    std::map<std::int64_t, catalog_rec> customers_;
    std::map<std::string, std::int64_t> customer_by_username_;
    std::map<std::int64_t, boost::json::object> stores_;
    std::map<std::int64_t, boost::json::object> warehouses_;
    boost::json::array carriers_;
    std::map<std::int64_t, webhook_rec> webhooks_;
    fixed_window v2_window_;
    std::vector<std::pair<std::string, std::string>> inventory_warehouses_;  // id, name
    std::vector<location_rec> inventory_locations_;
    std::map<std::pair<std::string, std::string>, stock_rec> stock_;  // (location id, sku) -> level
};

}  // namespace mlc::sim::shipstation
