// Integration tests of the ShipStation simulator over loopback: auth, rate limit, orders, Pacific time,
// shipments, fulfillments, faults and webhooks delivered to a receiver served by mlc_http.
#include "clients/shipstation/pacific_time.hpp"
#include "tests/simulators/shipstation/simulator.hpp"
#include "tests/simulators/tests/hook_receiver.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/http_test_server.hpp"
#include "tests/support/settable_clock.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <mutex>
#include <regex>
#include <string>
#include <vector>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
namespace ss = mlc::clients::shipstation;
using mlc::sim::shipstation::sim_config;
using mlc::sim::shipstation::simulator;

constexpr std::string_view auth = "Basic U2hpcFN0YXRpb246Um9ja3M=";  // ShipStation:Rocks, the docs' example

json::value body_of(const http_response& res) {
    return json::parse(res.body());
}

std::string order(std::string_view number, std::string_view key, std::string_view extra = "") {
    return std::string(R"({"orderNumber":")") + std::string(number) + R"(","orderKey":")" + std::string(key) +
           R"(","orderDate":"2024-07-01 09:15:00","orderStatus":"awaiting_shipment","customerUsername":"C-1",)"
           R"("billTo":{"name":"Jane"},"shipTo":{"name":"Jane","street1":"1 Main St","city":"Austin",)"
           R"("country":"US"},"items":[{"lineItemKey":"10","sku":"MUG-01","name":"Mug","quantity":3,)"
           R"("unitPrice":12.5},{"lineItemKey":"20","sku":"CUP-01","name":"Cup","quantity":1,"unitPrice":4}])" +
           std::string(extra) + "}";
}

struct shipstation_sim_test : ::testing::Test {
    sim_config cfg = [] {
        sim_config c;
        c.rate_limit = 1000;
        return c;
    }();
    settable_clock clock;  // the simulator's (the system's until a test sets it)
    std::optional<simulator> sim;
    std::optional<http_test_client> client;

    void start() {
        sim.emplace(cfg, clock.fn());
        client.emplace(sim->port());
    }
    http_response get(std::string_view target) { return client->get(target, {{"Authorization", auth}}); }
    http_response post(std::string_view target, std::string body) {
        return client->post(target, std::move(body),
                            {{"Authorization", auth}, {"Content-Type", "application/json"}});
    }
    http_response send(boost::beast::http::verb method, std::string_view target) {
        http_request req{method, target, 11};
        req.set("Authorization", auth);
        return client->request(std::move(req));
    }
    std::int64_t create(std::string_view number, std::string_view key) {
        auto res = post("/orders/createorder", order(number, key));
        EXPECT_EQ(res.result_int(), 200u) << res.body();
        return body_of(res).at("orderId").as_int64();
    }
    http_response control(std::string_view target, std::string body) {
        return client->post(target, std::move(body));
    }
};

TEST_F(shipstation_sim_test, basic_auth_is_required_and_every_answer_has_the_rate_headers) {
    start();
    auto none = client->get("/stores");
    EXPECT_EQ(none.result_int(), 401u);
    auto wrong = client->get("/stores", {{"Authorization", "Basic U2hpcFN0YXRpb246V3Jvbmc="}});
    EXPECT_EQ(wrong.result_int(), 401u);
    auto ok = get("/stores");
    ASSERT_EQ(ok.result_int(), 200u);
    EXPECT_TRUE(body_of(ok).is_array());
    for (const auto* res : {&none, &wrong, &ok}) {
        EXPECT_EQ((*res)["X-Rate-Limit-Limit"], "1000");
        EXPECT_FALSE((*res)["X-Rate-Limit-Remaining"].empty());
        EXPECT_FALSE((*res)["X-Rate-Limit-Reset"].empty());
    }
    EXPECT_EQ(ok["X-Rate-Limit-Remaining"], "999");
    EXPECT_EQ(sim->state().counters().unauthorized, 2u);
}

TEST_F(shipstation_sim_test, answers_429_beyond_the_limit_of_the_fixed_window) {
    cfg.rate_limit = 3;
    cfg.rate_window = 10min;
    // The whole test inside one window: a minute into it, and the clock stands still.
    clock.set(std::chrono::sys_days(std::chrono::year(2026) / 3 / 2) + 1min);
    start();
    for (int i = 0; i < 3; ++i) {
        auto res = get("/carriers");
        ASSERT_EQ(res.result_int(), 200u);
        EXPECT_EQ(res["X-Rate-Limit-Remaining"], std::to_string(2 - i));
        EXPECT_EQ(res["X-Rate-Limit-Limit"], "3");
    }
    auto over = get("/carriers");
    EXPECT_EQ(over.result_int(), 429u);
    EXPECT_EQ(body_of(over), json::parse(R"({"message":"Too Many Requests"})"));
    EXPECT_EQ(over["X-Rate-Limit-Remaining"], "0");
    auto seconds = std::stol(std::string(over["X-Rate-Limit-Reset"]));
    EXPECT_EQ(seconds, 540);
    EXPECT_EQ(sim->state().counters().throttled, 1u);
}

TEST_F(shipstation_sim_test, stats_report_the_most_requests_admitted_in_any_sliding_window) {
    cfg.rate_limit = 3;
    cfg.rate_window = 1min;
    // Three requests at the end of one fixed window and three at the start of the next: each window admits
    // its three, but the sliding minute around the boundary holds six, which a client's limiter must avoid.
    auto boundary = std::chrono::sys_days(std::chrono::year(2026) / 3 / 2) + 10min;
    clock.set(boundary - 2s);
    start();
    for (int i = 0; i < 3; ++i) ASSERT_EQ(get("/carriers").result_int(), 200u);
    auto stats = body_of(client->get("/_control/stats"));
    EXPECT_EQ(stats.at("max_in_sliding_window").as_int64(), 3);
    EXPECT_EQ(stats.at("sliding_window_ms").as_int64(), 60000);
    EXPECT_EQ(get("/carriers").result_int(), 429u) << "a refused request is not admitted";
    clock.set(boundary + 1s);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(get("/carriers").result_int(), 200u);
    EXPECT_EQ(body_of(client->get("/_control/stats")).at("max_in_sliding_window").as_int64(), 6);
    // A minute after the first three, only the later three are in the window: the peak stays 6, and the
    // next window's three are counted from the latest three on.
    clock.set(boundary + 61s);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(get("/carriers").result_int(), 200u);
    stats = body_of(client->get("/_control/stats"));
    EXPECT_EQ(stats.at("max_in_sliding_window").as_int64(), 6);
    EXPECT_EQ(stats.at("throttled").as_int64(), 1);
}

TEST_F(shipstation_sim_test, the_sliding_peak_counts_only_admissions_inside_one_window) {
    mlc::sim::shipstation::sliding_peak peak(10s);
    auto t0 = std::chrono::system_clock::time_point{} + 1h;
    peak.record(t0);
    peak.record(t0 + 9s);
    EXPECT_EQ(peak.peak(), 2u);
    peak.record(t0 + 10s);  // t0 is exactly one window before: outside (t - window, t]
    EXPECT_EQ(peak.peak(), 2u);
    peak.record(t0 + 11s);
    EXPECT_EQ(peak.peak(), 3u);
    peak.record(t0 + 5s);  // a clock stepping back counts at the latest time, never as a new window
    EXPECT_EQ(peak.peak(), 4u);
}

TEST_F(shipstation_sim_test, control_orders_lists_every_order_without_spending_the_rate_limit) {
    cfg.rate_limit = 2;
    start();
    auto first = create("SO-1", "mlc-DB-1");
    create("SO-2", "mlc-DB-2");
    auto listed = client->get("/_control/orders");
    ASSERT_EQ(listed.result_int(), 200u);
    auto orders = body_of(listed).at("orders").as_array();
    ASSERT_EQ(orders.size(), 2u);
    EXPECT_EQ(orders[0].at("orderId").as_int64(), first);
    EXPECT_EQ(orders[0].at("orderKey"), "mlc-DB-1");
    EXPECT_EQ(orders[1].at("orderNumber"), "SO-2");
    EXPECT_EQ(orders[1].at("orderStatus"), "awaiting_shipment");
    EXPECT_EQ(orders[1].at("skus"), json::parse(R"(["MUG-01","CUP-01"])"));
    EXPECT_EQ(sim->state().counters().requests, 2u);
}

TEST_F(shipstation_sim_test, control_subscribe_adds_a_webhook_without_spending_the_rate_limit) {
    start();
    auto sub =
        control("/_control/webhooks/subscribe",
                R"({"target_url":"http://127.0.0.1:9/hooks","event":"SHIP_NOTIFY","friendly_name":"r0"})");
    ASSERT_EQ(sub.result_int(), 200u) << sub.body();
    EXPECT_EQ(sim->state().counters().requests, 0u);
    auto hooks_list = body_of(get("/webhooks")).at("webhooks").as_array();
    ASSERT_EQ(hooks_list.size(), 1u);
    EXPECT_EQ(hooks_list[0].at("WebHookID").as_int64(), body_of(sub).at("id").as_int64());
    EXPECT_EQ(sim->state().counters().requests, 1u);  // the listing is a V1 call and counts
}

TEST_F(shipstation_sim_test, createorders_gives_per_order_results_and_upserts_by_order_key) {
    start();
    auto shipped = create("SO-1", "mlc-DB-1");
    ASSERT_EQ(control("/_control/fulfillments",
                      R"({"orderId":)" + std::to_string(shipped) + R"(,"carrierCode":"UPS"})")
                  .result_int(),
              200u);
    std::string batch = "[" + order("SO-1", "mlc-DB-1") + "," + order("SO-2", "mlc-DB-2") + "," +
                        order("SO-3", "mlc-DB-3", R"(,"advancedOptions":{"storeId":999})") + "]";
    auto res = post("/orders/createorders", batch);
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    auto b = body_of(res).as_object();
    EXPECT_TRUE(b.at("hasErrors").as_bool());
    const auto& r = b.at("results").as_array();
    ASSERT_EQ(r.size(), 3u);
    EXPECT_FALSE(r[0].at("success").as_bool());
    EXPECT_NE(std::string(r[0].at("errorMessage").as_string()).find("shipped"), std::string::npos);
    EXPECT_TRUE(r[1].at("success").as_bool());
    EXPECT_TRUE(r[1].at("errorMessage").is_null());
    EXPECT_FALSE(r[2].at("success").as_bool());
    auto so2 = r[1].at("orderId").as_int64();

    // The same orderKey again updates the order in place (whole replacement), keeping its orderId.
    auto again = body_of(
        post("/orders/createorders", "[" + order("SO-2", "mlc-DB-2", R"(,"internalNotes":"v2")") + "]"));
    EXPECT_EQ(again.at("results").at(0).at("orderId").as_int64(), so2);
    auto listed = body_of(get("/orders?orderNumber=SO-2")).as_object();
    ASSERT_EQ(listed.at("total").as_int64(), 1);
    EXPECT_EQ(listed.at("orders").at(0).at("internalNotes"), "v2");

    auto invalid = post("/orders/createorders", "[" + order("SO-4", "k4") + R"(,{"orderNumber":"SO-5"}])");
    EXPECT_EQ(invalid.result_int(), 400u);
    auto ms = body_of(invalid).at("ModelState").as_object();
    EXPECT_TRUE(ms.contains("apiOrders.orderDate")) << invalid.body();  // no index, as the reference shows
    EXPECT_EQ(post("/orders/createorders", order("SO-6", "k6")).result_int(), 400u);  // not an array
    EXPECT_EQ(body_of(get("/orders?orderNumber=SO-4")).at("total").as_int64(), 0);
}

TEST_F(shipstation_sim_test, order_number_is_a_starts_with_filter_and_pages_hold) {
    start();
    for (auto n : {"SO-10", "SO-100", "SO-2", "X-10"}) create(n, std::string("key-") + n);
    auto hits = body_of(get("/orders?orderNumber=SO-10")).as_object();
    EXPECT_EQ(hits.at("total").as_int64(), 2);
    auto page = body_of(get("/orders?pageSize=3&page=2")).as_object();
    EXPECT_EQ(page.at("orders").as_array().size(), 1u);
    EXPECT_EQ(page.at("pages").as_int64(), 2);
    auto id = hits.at("orders").at(0).at("orderId").as_int64();
    auto one = get("/orders/" + std::to_string(id));
    ASSERT_EQ(one.result_int(), 200u);
    EXPECT_EQ(body_of(one).at("orderNumber"), "SO-10");
    EXPECT_EQ(get("/orders/999").result_int(), 404u);
}

TEST_F(shipstation_sim_test, timestamps_are_pacific_without_offset_and_so_are_filters) {
    start();
    auto before = std::chrono::system_clock::now();
    create("SO-T", "key-t");
    auto o = body_of(get("/orders?orderNumber=SO-T")).at("orders").at(0).as_object();
    EXPECT_EQ(o.at("orderDate"), "2024-07-01T09:15:00.0000000");
    std::string created(o.at("createDate").as_string());
    EXPECT_TRUE(std::regex_match(created, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7})"))) << created;
    auto created_utc = ss::parse_pacific(created);
    ASSERT_TRUE(created_utc.has_value());
    EXPECT_LE(before - 1s, *created_utc);
    EXPECT_LE(*created_utc, std::chrono::system_clock::now() + 1s);
    // orderDate 09:15 Pacific (16:15Z): a Pacific window finds it, the same clock read as UTC would not.
    EXPECT_EQ(body_of(get("/orders?orderDateStart=2024-07-01%2009:00:00&orderDateEnd=2024-07-01%2009:30:00"))
                  .at("total")
                  .as_int64(),
              1);
    EXPECT_EQ(body_of(get("/orders?orderDateStart=2024-07-01%2016:00:00&orderDateEnd=2024-07-01%2016:30:00"))
                  .at("total")
                  .as_int64(),
              0);
    EXPECT_EQ(get("/orders?createDateStart=yesterday").result_int(), 400u);
}

TEST_F(shipstation_sim_test,
       control_shipments_are_listed_with_items_and_partial_shipping_keeps_the_order_open) {
    start();
    auto id = create("SO-S", "key-s");
    auto partial = control("/_control/shipments", R"({"orderId":)" + std::to_string(id) +
                                                      R"(,"items":[{"lineItemKey":"10","quantity":2}]})");
    ASSERT_EQ(partial.result_int(), 200u) << partial.body();
    EXPECT_EQ(body_of(get("/orders/" + std::to_string(id))).at("orderStatus"), "awaiting_shipment");
    auto with = body_of(get("/shipments?orderId=" + std::to_string(id) + "&includeShipmentItems=true"));
    ASSERT_EQ(with.at("total").as_int64(), 1);
    const auto& items = with.at("shipments").at(0).at("shipmentItems").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("lineItemKey"), "10");
    EXPECT_EQ(items[0].at("quantity").as_int64(), 2);
    auto without = body_of(get("/shipments?orderId=" + std::to_string(id)));
    EXPECT_TRUE(without.at("shipments").at(0).at("shipmentItems").is_null());
    std::string ship_date(with.at("shipments").at(0).at("shipDate").as_string());
    EXPECT_TRUE(std::regex_match(ship_date, std::regex(R"(\d{4}-\d\d-\d\d)"))) << ship_date;

    auto rest = control("/_control/shipments", R"({"orderId":)" + std::to_string(id) + "}");
    ASSERT_EQ(rest.result_int(), 200u);
    EXPECT_EQ(body_of(rest).at("shipmentItems").as_array().size(), 2u);  // 1 mug and the cup
    EXPECT_EQ(body_of(get("/orders/" + std::to_string(id))).at("orderStatus"), "shipped");
    EXPECT_EQ(post("/orders/createorder", order("SO-S", "key-s")).result_int(), 400u);  // locked

    auto shipment = body_of(rest).at("shipmentId").as_int64();
    ASSERT_EQ(post("/shipments/voidlabel", R"({"shipmentId":)" + std::to_string(shipment) + "}").result_int(),
              200u);
    auto voided = body_of(get("/shipments?orderId=" + std::to_string(id) + "&voidDateStart=2000-01-01"));
    EXPECT_EQ(voided.at("total").as_int64(), 1);
    EXPECT_TRUE(voided.at("shipments").at(0).at("voided").as_bool());
}

TEST_F(shipstation_sim_test, date_filters_compare_pacific_wall_clock_readings_as_v1_records_them) {
    using namespace std::chrono;
    start();
    const auto fall_back = sys_days{year{2026} / 11 / 1};  // 01:00-02:00 Pacific twice: 08:00-10:00Z
    auto id = create("SO-D", "key-d");
    auto label_at = [&](ss::utc_time t, std::string_view key) {
        clock.set(t);
        auto res = control("/_control/shipments", R"({"orderId":)" + std::to_string(id) +
                                                      R"(,"items":[{"lineItemKey":")" + std::string(key) +
                                                      R"(","quantity":1}]})");
        EXPECT_EQ(res.result_int(), 200u) << res.body();
        return body_of(res).at("shipmentId").as_int64();
    };
    const auto daylight = label_at(fall_back + 8h + 50min, "10");  // 01:50 PDT
    const auto standard = label_at(fall_back + 9h + 10min, "20");  // 01:10 PST, 20 minutes later
    auto listed = [&](std::string_view filter) {
        std::vector<std::int64_t> ids;
        const auto listing = body_of(get("/shipments?" + std::string(filter)));
        for (const auto& s : listing.at("shipments").as_array()) ids.push_back(s.at("shipmentId").as_int64());
        return ids;
    };
    // The later label reads earlier: a start of 01:20 finds only the one recorded at 01:50.
    EXPECT_EQ(listed("createDateStart=2026-11-01%2001:20:00"), std::vector<std::int64_t>{daylight});
    EXPECT_EQ(listed("createDateEnd=2026-11-01%2001:20:00"), std::vector<std::int64_t>{standard});
    EXPECT_EQ(listed("createDateStart=2026-11-01%2000:20:00").size(), 2u);
    EXPECT_EQ(listed("createDateStart=2026-11-01T01:50:00.000"), std::vector<std::int64_t>{daylight});

    clock.set(fall_back + 9h + 5min);  // 01:05 PST
    ASSERT_EQ(post("/shipments/voidlabel", R"({"shipmentId":)" + std::to_string(daylight) + "}").result_int(),
              200u);
    EXPECT_TRUE(listed("voidDateStart=2026-11-01%2001:20:00").empty());
    EXPECT_EQ(listed("voidDateStart=2026-11-01%2001:05:00"), std::vector<std::int64_t>{daylight});
}

TEST_F(shipstation_sim_test, ship_notify_is_posted_pointer_only_and_its_resource_url_answers) {
    start();
    hook_receiver rx;
    http_test_server hooks(loopback_http_config(), rx.routes());
    auto target = "http://127.0.0.1:" + std::to_string(hooks.port()) + "/hooks/ss?token=t";
    auto sub =
        post("/webhooks/subscribe", R"({"target_url":")" + target +
                                        R"(","event":"SHIP_NOTIFY","store_id":null,"friendly_name":"t"})");
    ASSERT_EQ(sub.result_int(), 200u) << sub.body();
    auto hook_id = body_of(sub).at("id").as_int64();
    auto hooks_list = body_of(get("/webhooks")).at("webhooks").as_array();
    ASSERT_EQ(hooks_list.size(), 1u);
    EXPECT_EQ(hooks_list[0].at("HookType"), "SHIP_NOTIFY");
    EXPECT_EQ(hooks_list[0].at("WebHookID").as_int64(), hook_id);

    auto id = create("SO-W", "key-w");
    auto shipment = body_of(control("/_control/shipments", R"({"orderId":)" + std::to_string(id) + "}"));
    ASSERT_TRUE(wait_until([&] { return rx.count() == 1; }, 30s));
    auto payload = json::parse(rx.bodies[0]).as_object();
    ASSERT_EQ(payload.size(), 2u);
    EXPECT_EQ(payload.at("resource_type"), "SHIP_NOTIFY");
    auto store = shipment.at("advancedOptions").at("storeId").as_int64();
    auto expected = sim->base_url() + "/shipments?storeID=" + std::to_string(store) +
                    "&batchId=" + std::string(shipment.at("batchNumber").as_string()) +
                    "&includeShipmentItems=False";
    EXPECT_EQ(std::string(payload.at("resource_url").as_string()), expected);
    auto resource = body_of(get(expected.substr(sim->base_url().size())));
    ASSERT_EQ(resource.at("total").as_int64(), 1);
    EXPECT_EQ(resource.at("shipments").at(0).at("shipmentId"), shipment.at("shipmentId"));

    // Mark as shipped fires nothing; delivered twice when asked; resource_url expires when asked.
    auto other = create("SO-W2", "key-w2");
    ASSERT_EQ(control("/_control/fulfillments", R"({"orderId":)" + std::to_string(other) +
                                                    R"(,"carrierCode":"FedEx","trackingNumber":"1Z"})")
                  .result_int(),
              200u);
    EXPECT_EQ(body_of(get("/fulfillments?orderId=" + std::to_string(other))).at("total").as_int64(), 1);
    ASSERT_EQ(control("/_control/webhooks", R"({"deliver_twice":true,"resource_ttl_ms":1})").result_int(),
              200u);
    auto third = create("SO-W3", "key-w3");
    ASSERT_EQ(control("/_control/shipments", R"({"orderId":)" + std::to_string(third) + "}").result_int(),
              200u);
    ASSERT_TRUE(wait_until([&] { return rx.count() == 3; }, 30s));
    EXPECT_EQ(rx.bodies[1], rx.bodies[2]);
    clock.set(clock.now() + 1s);  // past the resource_url's 1 ms
    auto url = std::string(json::parse(rx.bodies[1]).at("resource_url").as_string());
    EXPECT_EQ(body_of(get(url.substr(sim->base_url().size()))).at("total").as_int64(), 0);
    // The receiver holds a body before its answer reaches the simulator, which counts it then.
    EXPECT_TRUE(wait_until([&] { return sim->state().counters().webhooks_sent == 3; }, 30s));

    EXPECT_EQ(send(boost::beast::http::verb::delete_, "/webhooks/" + std::to_string(hook_id)).result_int(),
              200u);
    EXPECT_TRUE(body_of(get("/webhooks")).at("webhooks").as_array().empty());
}

TEST_F(shipstation_sim_test, injected_500s_fail_before_or_after_the_write) {
    start();
    ASSERT_EQ(control("/_control/faults", R"({"fail_before_write":1,"fail_after_write":1})").result_int(),
              200u);
    auto before = post("/orders/createorder", order("SO-F1", "key-f1"));
    EXPECT_EQ(before.result_int(), 500u);
    EXPECT_TRUE(body_of(before).as_object().contains("ExceptionMessage"));
    EXPECT_EQ(body_of(get("/orders?orderNumber=SO-F1")).at("total").as_int64(), 0);
    EXPECT_EQ(post("/orders/createorder", order("SO-F2", "key-f2")).result_int(), 500u);
    EXPECT_EQ(body_of(get("/orders?orderNumber=SO-F2")).at("total").as_int64(), 1);
    EXPECT_EQ(post("/orders/createorder", order("SO-F3", "key-f3")).result_int(), 200u);
    EXPECT_EQ(sim->state().counters().faults, 2u);
}

TEST_F(shipstation_sim_test, a_label_bought_just_before_a_write_locks_the_order_it_names) {
    start();
    ASSERT_EQ(post("/orders/createorder", order("SO-L1", "key-l1")).result_int(), 200u);
    ASSERT_EQ(control("/_control/faults", R"({"ship_before_write":1})").result_int(), 200u);
    auto refused = body_of(post("/orders/createorders", "[" + order("SO-L1", "key-l1") + "]"));
    const auto& result = refused.at("results").as_array().at(0).as_object();
    EXPECT_FALSE(result.at("success").as_bool());
    EXPECT_EQ(result.at("errorMessage").as_string(), "Order SO-L1 is shipped and cannot be modified.");
    auto listed = body_of(get("/shipments?orderNumber=SO-L1"));
    EXPECT_EQ(listed.at("shipments").as_array().size(), 1u);  // the whole order, on one label
    // Spent: a new order goes through.
    EXPECT_EQ(post("/orders/createorder", order("SO-L2", "key-l2")).result_int(), 200u);
    EXPECT_EQ(sim->state().counters().faults, 1u);
}

TEST_F(shipstation_sim_test, a_hung_request_never_answers) {
    start();
    ASSERT_EQ(control("/_control/faults", R"({"hang":1})").result_int(), 200u);
    http_test_client hung(sim->port(), 300ms);
    EXPECT_THROW(hung.get("/stores", {{"Authorization", auth}}), boost::system::system_error);
    EXPECT_EQ(get("/stores").result_int(), 200u);  // only the one request hangs
}

TEST_F(shipstation_sim_test, a_write_can_be_applied_and_then_never_answered) {
    start();
    ASSERT_EQ(control("/_control/faults", R"({"hang_after_write":1})").result_int(), 200u);
    http_test_client hung(sim->port(), 300ms);
    EXPECT_THROW(hung.post("/orders/createorder", order("SO-H", "key-h"),
                           {{"Authorization", auth}, {"Content-Type", "application/json"}}),
                 boost::system::system_error);
    EXPECT_TRUE(wait_until([&] { return body_of(get("/orders")).at("total").as_int64() == 1; }, 30s));
    EXPECT_EQ(sim->state().counters().faults, 1u);
    EXPECT_GT(create("SO-H2", "key-h2"), 0);  // only the one write hangs
}

TEST_F(shipstation_sim_test, products_are_replaced_whole_by_put) {
    using namespace std::chrono;
    clock.set(sys_days{year{2026} / 3 / 2} + 10h);
    start();
    create("SO-P", "key-p");
    auto list = body_of(get("/products?sku=MUG-01")).at("products").as_array();
    ASSERT_EQ(list.size(), 1u);
    auto id = list[0].at("productId").as_int64();
    EXPECT_EQ(list[0].at("price").as_double(), 12.5);
    auto put = [&](std::int64_t path_id, std::string body) {
        http_request req{boost::beast::http::verb::put, "/products/" + std::to_string(path_id), 11};
        req.set("Authorization", auth);
        req.set("Content-Type", "application/json");
        req.body() = std::move(body);
        return client->request(std::move(req));
    };
    const std::string product_id = R"({"productId":)" + std::to_string(id);
    clock.set(sys_days{year{2026} / 3 / 2} + 11h);  // 03:00 PST
    auto res = put(id, product_id + R"(,"sku":"MUG-01","name":"Big mug","active":true})");
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    EXPECT_EQ(body_of(res),
              json::parse(R"({"success":true,"message":"The requested product has been updated"})"));
    auto p = body_of(get("/products/" + std::to_string(id))).as_object();
    EXPECT_EQ(p.at("name"), "Big mug");
    EXPECT_TRUE(p.at("price").is_null());  // not sent, so reset
    EXPECT_TRUE(p.at("customsTariffNo").is_null());
    EXPECT_FALSE(p.at("noCustoms").as_bool());
    EXPECT_EQ(p.at("createDate"), list[0].at("createDate"));
    EXPECT_EQ(p.at("modifyDate"), "2026-03-02T03:00:00.000");
    // Without active the product is no longer active, and so no longer listed by default.
    ASSERT_EQ(put(id, product_id + R"(,"sku":"MUG-01","name":"Big mug"})").result_int(), 200u);
    EXPECT_EQ(body_of(get("/products?sku=MUG-01")).at("total").as_int64(), 0);
    EXPECT_EQ(body_of(get("/products?sku=MUG-01&showInactive=true")).at("total").as_int64(), 1);
    EXPECT_EQ(put(id, R"({"productId":1,"sku":"MUG-01"})").result_int(), 400u);
    EXPECT_EQ(put(id, R"({"sku":"MUG-01"})").result_int(), 400u);
    EXPECT_EQ(put(999, R"({"productId":999})").result_int(), 404u);
    EXPECT_EQ(body_of(get("/customers")).at("total").as_int64(), 1);
    EXPECT_EQ(body_of(get("/warehouses")).as_array().size(), 1u);
}

TEST_F(shipstation_sim_test, products_appear_from_order_items_with_their_weight_in_ounces) {
    start();
    std::string items = R"(,"items":[)"
                        R"({"lineItemKey":"1","sku":"LB-1","name":"Pounds","quantity":1,)"
                        R"("weight":{"value":2,"units":"pounds"}},)"
                        R"({"lineItemKey":"2","sku":"G-1","name":"Grams","quantity":1,)"
                        R"("weight":{"value":283.49523125,"units":"grams"}},)"
                        R"({"lineItemKey":"3","sku":"OZ-1","name":"Ounces","quantity":1,)"
                        R"("weight":{"value":7.5,"units":"ounces"}},)"
                        R"({"lineItemKey":"4","sku":"N-1","name":"None","quantity":1}])";
    auto body = order("SO-WT", "key-wt");
    auto from = body.find(R"(,"items":[)");
    body.replace(from, body.rfind(']') + 1 - from, items);
    ASSERT_EQ(post("/orders/createorder", body).result_int(), 200u) << body;
    auto weight = [&](std::string_view sku) {
        auto list = body_of(get("/products?sku=" + std::string(sku))).at("products").as_array();
        EXPECT_EQ(list.size(), 1u) << sku;
        EXPECT_TRUE(list.at(0).at("active").as_bool());
        return list.at(0).at("weightOz");
    };
    EXPECT_EQ(weight("LB-1").to_number<double>(), 32.0);
    EXPECT_EQ(weight("G-1").to_number<double>(), 10.0);
    EXPECT_EQ(weight("OZ-1").to_number<double>(), 7.5);
    EXPECT_TRUE(weight("N-1").is_null());
    EXPECT_EQ(body_of(get("/products?sku=LB")).at("total").as_int64(), 0);  // the SKU filter is exact
    ASSERT_EQ(post("/orders/createorder", order("SO-WT2", "key-wt2")).result_int(), 200u);
    auto page = body_of(get("/products?pageSize=2&page=3&sortBy=SKU")).as_object();
    EXPECT_EQ(page.at("total").as_int64(), 6);  // the four, and the second order's mug and cup
    EXPECT_EQ(page.at("pages").as_int64(), 3);
    EXPECT_EQ(page.at("products").at(0).at("sku"), "N-1");
    EXPECT_EQ(page.at("products").at(1).at("sku"), "OZ-1");
    EXPECT_EQ(body_of(get("/products?pageSize=1000")).at("pages").as_int64(), 1);  // at most 500 a page
}

TEST_F(shipstation_sim_test, customers_are_one_per_username_and_follow_its_latest_order) {
    using namespace std::chrono;
    clock.set(sys_days{year{2026} / 3 / 2} + 10h);
    start();
    create("SO-C1", "key-c1");  // customerUsername C-1: Jane in Austin
    clock.set(sys_days{year{2026} / 3 / 2} + 11h);
    auto other = order("SO-C2", "key-c2");
    other.replace(other.find(R"("C-1")"), 5, R"("C-2")");
    ASSERT_EQ(post("/orders/createorder", other).result_int(), 200u);
    auto listed = body_of(get("/customers")).as_object();
    ASSERT_EQ(listed.at("total").as_int64(), 2);
    auto first = listed.at("customers").at(0).as_object();
    EXPECT_EQ(first.at("marketplaceUsernames").at(0).at("username"), "C-1");
    EXPECT_EQ(first.at("name"), "Jane");
    EXPECT_EQ(first.at("city"), "Austin");

    // C-1 orders again with another name, address and email: the same customer changes and is the newest.
    clock.set(sys_days{year{2026} / 3 / 2} + 12h);
    auto later = order("SO-C1B", "key-c1b", R"(,"customerEmail":"jane@example.com")");
    later.replace(later.find(R"("shipTo":{"name":"Jane")"), 23, R"("shipTo":{"name":"Jane Roe")");
    later.replace(later.find(R"("city":"Austin")"), 15, R"("city":"Dallas")");
    ASSERT_EQ(post("/orders/createorder", later).result_int(), 200u) << later;
    auto recent = body_of(get("/customers?sortBy=ModifyDate&sortDir=DESC&pageSize=1")).as_object();
    EXPECT_EQ(recent.at("total").as_int64(), 2);
    EXPECT_EQ(recent.at("pages").as_int64(), 2);
    auto c1 = recent.at("customers").at(0).as_object();
    EXPECT_EQ(c1.at("customerId"), first.at("customerId"));
    EXPECT_EQ(c1.at("name"), "Jane Roe");
    EXPECT_EQ(c1.at("city"), "Dallas");
    EXPECT_EQ(c1.at("email"), "jane@example.com");
    EXPECT_NE(c1.at("modifyDate"), c1.at("createDate"));
    auto by_name = body_of(get("/customers?sortBy=Name&sortDir=ASC")).at("customers").as_array();
    EXPECT_EQ(by_name.at(0).at("name"), "Jane");
    EXPECT_EQ(by_name.at(1).at("name"), "Jane Roe");
}

}  // namespace
}  // namespace mlc::test
