// Integration tests of the ShipStation client's operations against the simulator over loopback: orders
// (bulk with per-order failures), shipments, fulfillments, catalog, webhooks and resource_url, Pacific time.
#include "clients/shipstation/catalog.hpp"
#include "clients/shipstation/orders.hpp"
#include "clients/shipstation/shipments.hpp"
#include "clients/shipstation/webhooks.hpp"
#include "tests/integration/shipstation_fixture.hpp"
#include "tests/support/http_test_client.hpp"

#include <boost/json/serialize.hpp>

#include <date/date.h>
#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace ss = mlc::clients::shipstation;
namespace json = boost::json;
using namespace std::chrono_literals;

ss::utc_time utc(date::sys_days day, std::chrono::seconds tod) {
    return ss::utc_time(std::chrono::duration_cast<ss::utc_time::duration>(day.time_since_epoch() + tod));
}

struct shipstation_client_test : ::testing::Test {
    shipstation_fixture f;
    ss::client& c = f.make_client();

    std::int64_t create(const std::string& number, const std::string& key) {
        return f.run(ss::create_order(c, shipstation_fixture::order_body(number, key))).value().order_id;
    }
    void control(std::string_view target, const json::object& body) {
        http_test_client raw(f.sim.port());
        auto res = raw.post(target, json::serialize(body), {{"Content-Type", "application/json"}});
        ASSERT_EQ(res.result_int(), 200) << res.body();
    }
};

TEST_F(shipstation_client_test, create_get_and_list_orders_with_exact_order_number_and_utc_times) {
    auto o = f.run(ss::create_order(c, shipstation_fixture::order_body("A-1", "mlc-DB-1"))).value();
    EXPECT_GT(o.order_id, 0);
    EXPECT_EQ(o.order_key, "mlc-DB-1");
    create("A-10", "mlc-DB-10");
    create("A-100", "mlc-DB-100");
    // An update through the same orderKey: no new order.
    create("A-1", "mlc-DB-1");

    auto got = f.run(ss::get_order(c, o.order_id)).value();
    EXPECT_EQ(got.order_number, "A-1");
    // 2024-07-01 09:15:00 Pacific is PDT (UTC-7).
    ASSERT_TRUE(got.order_date);
    EXPECT_EQ(*got.order_date, utc(date::sys_days{date::year{2024} / 7 / 1}, 16h + 15min));
    ASSERT_TRUE(got.create_date);
    EXPECT_LT(std::chrono::abs(*got.create_date - std::chrono::system_clock::now()), 1min);

    ss::order_filter filter;
    filter.order_number = "A-1";
    auto listed = f.run(ss::list_orders(c, filter)).value();
    ASSERT_EQ(listed.size(), 1u);  // the server's starts-with match also gave
    EXPECT_EQ(listed[0].order_id, o.order_id);

    EXPECT_EQ(f.run(ss::list_orders(c, {})).value().size(), 3u);

    auto unknown = f.run(ss::get_order(c, 999999));
    ASSERT_FALSE(unknown) << "expected a 404";
    EXPECT_EQ(unknown.error().kind, clients::error_kind::not_found);
}

TEST_F(shipstation_client_test, winter_order_date_converts_with_pst) {
    auto o =
        f.run(ss::create_order(c, shipstation_fixture::order_body("W-1", "mlc-DB-W1", "2024-01-15 23:30:00")))
            .value();
    ASSERT_TRUE(o.order_date);
    EXPECT_EQ(*o.order_date, utc(date::sys_days{date::year{2024} / 1 / 16}, 7h + 30min));
}

TEST_F(shipstation_client_test, list_orders_pages_through_short_pages) {
    for (int i = 0; i < 7; ++i) create("P-" + std::to_string(i), "mlc-DB-P" + std::to_string(i));
    ss::order_filter filter;
    filter.page_size = 3;
    EXPECT_EQ(f.run(ss::list_orders(c, filter)).value().size(), 7u);
    // 3 + 3 + 1: three pages, plus the 7 creates.
    EXPECT_EQ(f.sim.state().counters().by_endpoint["GET /orders"], 3u);
}

// Real answers say "pages": 0 with results (reference §3.9): every page is still read.
TEST_F(shipstation_client_test, list_orders_reads_every_page_when_the_answer_says_zero_pages) {
    f.sim.state().set_answers({.model_state_indexes = false, .zero_pages = true});
    for (int i = 0; i < 7; ++i) create("Z-" + std::to_string(i), "mlc-DB-Z" + std::to_string(i));
    ss::order_filter filter;
    filter.page_size = 3;
    auto listed = f.run(ss::list_orders(c, filter)).value();
    EXPECT_EQ(listed.size(), 7u);
    EXPECT_EQ(f.sim.state().counters().by_endpoint["GET /orders"], 3u);
    EXPECT_EQ(f.sim.state().list_orders(sim::shipstation::query_params("pageSize=3")).body.at("pages"), 3)
        << "the simulator's own listing; its HTTP answers say 0";
}

// A 400 names the invalid field with or without the order's index (the reference shows "apiOrders.x"); the
// client keeps the key as given and the message readable either way.
TEST_F(shipstation_client_test, a_refused_bulk_create_names_its_field_with_or_without_an_index) {
    auto bad = shipstation_fixture::order_body("M-2", "mlc-DB-M2");
    bad.erase("orderDate");
    const std::vector<json::object> orders{shipstation_fixture::order_body("M-1", "mlc-DB-M1"), bad};
    for (bool indexes : {false, true}) {
        f.sim.state().set_answers({.model_state_indexes = indexes, .zero_pages = false});
        auto refused = f.run(ss::create_orders(c, orders));
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().http_status, 400u);
        const std::string key = indexes ? "apiOrders[1].orderDate" : "apiOrders.orderDate";
        EXPECT_EQ(refused.error().invalid_fields, std::vector<std::string>{key});
        EXPECT_NE(refused.error().describe().find(key + ": The orderDate field is required."),
                  std::string::npos)
            << refused.error().describe();
    }
}

TEST_F(shipstation_client_test, bulk_create_orders_chunks_by_100_and_reports_each_order) {
    std::vector<json::object> orders;
    for (int i = 0; i < 150; ++i) {
        auto o = shipstation_fixture::order_body("B-" + std::to_string(i), "mlc-DB-B" + std::to_string(i));
        if (i % 50 == 7) o["advancedOptions"] = json::object{{"storeId", 987654321}};  // unknown store
        orders.push_back(std::move(o));
    }
    auto results = f.run(ss::create_orders(c, orders)).value();
    ASSERT_EQ(results.size(), 150u);
    EXPECT_EQ(f.sim.state().counters().by_endpoint["POST /orders/createorders"], 2u);
    for (int i = 0; i < 150; ++i) {
        const auto& r = results[static_cast<std::size_t>(i)];
        EXPECT_EQ(r.order_key, "mlc-DB-B" + std::to_string(i));
        if (i % 50 == 7) {
            EXPECT_FALSE(r.success) << i;
            EXPECT_NE(r.error_message.find("storeId"), std::string::npos) << r.error_message;
            EXPECT_FALSE(r.order_id);
        } else {
            EXPECT_TRUE(r.success) << i << r.error_message;
            EXPECT_TRUE(r.order_id);
        }
    }
    // A shipped order is locked: its update fails alone.
    control(
        "/_control/fulfillments",
        json::object{{"orderId", *results[0].order_id}, {"carrierCode", "usps"}, {"trackingNumber", "T1"}});
    auto again = f.run(ss::create_orders(c, {orders[0], orders[2]})).value();
    ASSERT_EQ(again.size(), 2u);
    EXPECT_FALSE(again[0].success);
    EXPECT_NE(again[0].error_message.find("shipped"), std::string::npos) << again[0].error_message;
    EXPECT_TRUE(again[1].success);

    std::vector<json::object> no_key{shipstation_fixture::order_body("X", "")};
    EXPECT_THROW(f.run(ss::create_orders(c, no_key)).value(), std::invalid_argument);
}

TEST_F(shipstation_client_test, shipments_with_items_and_date_ranges_and_fulfillments) {
    auto id = create("S-1", "mlc-DB-S1");
    control("/_control/shipments", json::object{{"orderId", id}});
    auto all = f.run(ss::list_shipments(c, {})).value();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].order_id, id);
    ASSERT_EQ(all[0].items.size(), 2u);
    EXPECT_EQ(all[0].items[0].line_item_key, "10");
    EXPECT_EQ(all[0].items[0].quantity, 3);
    ASSERT_TRUE(all[0].create_date);
    EXPECT_LT(std::chrono::abs(*all[0].create_date - std::chrono::system_clock::now()), 1min);

    ss::shipment_filter window;
    window.create_date_start = std::chrono::system_clock::now() - 1h;
    window.create_date_end = std::chrono::system_clock::now() + 1h;
    EXPECT_EQ(f.run(ss::list_shipments(c, window)).value().size(), 1u);
    ss::shipment_filter past;
    past.create_date_start = std::chrono::system_clock::now() - 48h;
    past.create_date_end = std::chrono::system_clock::now() - 24h;
    EXPECT_TRUE(f.run(ss::list_shipments(c, past)).value().empty());
    ss::shipment_filter no_items;
    no_items.include_items = false;
    EXPECT_TRUE(f.run(ss::list_shipments(c, no_items)).value()[0].items.empty());

    auto id2 = create("F-1", "mlc-DB-F1");
    control("/_control/fulfillments",
            json::object{{"orderId", id2}, {"carrierCode", "usps"}, {"trackingNumber", "9"}});
    auto ful = f.run(ss::list_fulfillments(c, {})).value();
    ASSERT_EQ(ful.size(), 1u);
    EXPECT_EQ(ful[0].order_id, id2);
    EXPECT_EQ(ful[0].tracking_number, "9");
    EXPECT_TRUE(ful[0].ship_date);
}

TEST_F(shipstation_client_test, products_customers_warehouses_stores_carriers) {
    create("C-1", "mlc-DB-C1");  // the simulator learns products and the customer from orders
    auto mugs = f.run(ss::list_products(c, std::string("MUG-01"))).value();
    ASSERT_EQ(mugs.size(), 1u);
    auto full = mugs[0].raw;
    full["name"] = "Big Mug";
    f.run(ss::update_product(c, full)).value();
    EXPECT_EQ(f.run(ss::list_products(c, std::string("MUG-01"))).value()[0].name, "Big Mug");
    EXPECT_EQ(f.run(ss::list_products(c)).value().size(), 2u);
    json::object no_id = full;
    no_id.erase("productId");
    EXPECT_THROW(f.run(ss::update_product(c, no_id)).value(), std::invalid_argument);

    EXPECT_FALSE(f.run(ss::list_customers(c)).value().empty());
    auto warehouses = f.run(ss::list_warehouses(c)).value();
    ASSERT_FALSE(warehouses.empty());
    EXPECT_GT(warehouses[0].warehouse_id, 0);
    auto stores = f.run(ss::list_stores(c)).value();
    ASSERT_EQ(stores.size(), 2u);
    EXPECT_FALSE(stores[0].name.empty());
    auto carriers = f.run(ss::list_carriers(c)).value();
    ASSERT_FALSE(carriers.empty());
    EXPECT_FALSE(carriers[0].code.empty());
}

TEST_F(shipstation_client_test, webhooks_subscribe_list_unsubscribe) {
    auto id =
        f.run(ss::subscribe_webhook(c, {"http://127.0.0.1:9/hook", "SHIP_NOTIFY", std::nullopt, "mine"}))
            .value();
    auto hooks = f.run(ss::list_webhooks(c)).value();
    ASSERT_EQ(hooks.size(), 1u);
    EXPECT_EQ(hooks[0].webhook_id, id);
    EXPECT_EQ(hooks[0].target_url, "http://127.0.0.1:9/hook");
    EXPECT_EQ(hooks[0].event, "SHIP_NOTIFY");
    f.run(ss::unsubscribe_webhook(c, id)).value();
    EXPECT_TRUE(f.run(ss::list_webhooks(c)).value().empty());
    auto again = f.run(ss::unsubscribe_webhook(c, id));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, clients::error_kind::not_found);
}

TEST_F(shipstation_client_test, resource_url_is_fetched_with_items_and_pages) {
    auto id = create("R-1", "mlc-DB-R1");
    control("/_control/shipments", json::object{{"orderId", id}});
    // The only shipment of this simulator; orderId is not a key ShipStation's notifications use.
    auto url = f.sim.base_url() + "/shipments?includeShipmentItems=False";
    auto got = f.run(ss::fetch_resource(c, url)).value();
    EXPECT_EQ(got.collection, "shipments");
    ASSERT_EQ(got.items.size(), 1u);
    auto s = ss::parse_shipment(got.items[0]);
    EXPECT_EQ(s.items.size(), 2u);  // includeShipmentItems forced to true
}

TEST_F(shipstation_client_test, resource_url_on_a_foreign_origin_sends_nothing) {
    auto before = f.sim.state().counters().requests;
    auto port = std::to_string(f.sim.port());
    for (const std::string& url : std::vector<std::string>{
             "http://127.0.0.2:" + port + "/shipments?batchId=1",
             "http://evil@127.0.0.1:" + port + "/shipments", "https://127.0.0.1:" + port + "/shipments",
             "http://127.0.0.1:1/shipments", "ftp://127.0.0.1:" + port + "/shipments"}) {
        auto refused = f.run(ss::fetch_resource(c, url));
        ASSERT_FALSE(refused) << url;
        EXPECT_EQ(refused.error().kind, clients::error_kind::url_refused) << url;
    }
    EXPECT_EQ(f.sim.state().counters().requests, before);
    EXPECT_EQ(c.attempts_sent(), 0u);
}

}  // namespace
}  // namespace mlc::test
