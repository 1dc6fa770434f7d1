// The ShipStation simulator where real answers are less tidy than the docs' prose: ModelState keys without
// indexes, "pages": 0 with results, its own Pacific time, FULFILLMENT_SHIPPED, ssapiN-style resource_urls,
// and stores that can be deactivated.
#include "clients/shipstation/pacific_time.hpp"
#include "tests/simulators/shipstation/sim_time.hpp"
#include "tests/simulators/shipstation/simulator.hpp"
#include "tests/simulators/tests/hook_receiver.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/http_test_server.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
namespace ss = mlc::clients::shipstation;
namespace sim = mlc::sim::shipstation;

constexpr std::string_view auth = "Basic U2hpcFN0YXRpb246Um9ja3M=";  // ShipStation:Rocks

json::value body_of(const http_response& res) {
    return json::parse(res.body());
}

std::string order(std::string_view number, std::string_view extra = "") {
    return std::string(R"({"orderNumber":")") + std::string(number) + R"(","orderKey":"k-)" +
           std::string(number) +
           R"(","orderDate":"2024-07-01 09:15:00","orderStatus":"awaiting_shipment","billTo":{"name":"J"},)"
           R"("shipTo":{"name":"J","street1":"1 Main St","city":"Austin","country":"US"},)"
           R"("items":[{"lineItemKey":"10","sku":"MUG-01","name":"Mug","quantity":1}])" +
           std::string(extra) + "}";
}

struct shipstation_sim_strict_test : ::testing::Test {
    sim::sim_config cfg = [] {
        sim::sim_config c;
        c.rate_limit = 1000;
        return c;
    }();
    std::optional<sim::simulator> simulator;
    std::optional<http_test_client> client;

    void start() {
        simulator.emplace(cfg);
        client.emplace(simulator->port());
    }
    http_response get(std::string_view target) { return client->get(target, {{"Authorization", auth}}); }
    http_response post(std::string_view target, std::string body) {
        return client->post(target, std::move(body),
                            {{"Authorization", auth}, {"Content-Type", "application/json"}});
    }
    http_response control(std::string_view target, std::string body) {
        return client->post(target, std::move(body));
    }
    std::int64_t create(std::string_view number, std::string_view extra = "") {
        auto res = post("/orders/createorder", order(number, extra));
        EXPECT_EQ(res.result_int(), 200u) << res.body();
        return body_of(res).at("orderId").as_int64();
    }
    // The ModelState keys of a createorders call whose second order has no orderDate.
    std::vector<std::string> refused_keys() {
        auto res = post("/orders/createorders", "[" + order("A") + R"(,{"orderNumber":"B","items":[{}]}])");
        EXPECT_EQ(res.result_int(), 400u) << res.body();
        std::vector<std::string> keys;
        const auto body = body_of(res);
        for (const auto& [k, v] : body.at("ModelState").as_object()) keys.emplace_back(k);
        return keys;
    }
};

TEST_F(shipstation_sim_strict_test, model_state_keys_come_without_indexes_unless_asked) {
    start();
    EXPECT_EQ(refused_keys(), std::vector<std::string>{"apiOrders.orderDate"});
    ASSERT_EQ(control("/_control/answers", R"({"model_state_indexes":true})").result_int(), 200u);
    EXPECT_EQ(refused_keys(), std::vector<std::string>{"apiOrders[1].orderDate"});

    cfg.model_state_indexes = true;  // the same as a start-up option
    start();
    EXPECT_EQ(refused_keys(), std::vector<std::string>{"apiOrders[1].orderDate"});
}

TEST_F(shipstation_sim_strict_test, paged_lists_can_say_zero_pages_with_results) {
    cfg.zero_pages = true;
    start();
    for (auto n : {"Z-1", "Z-2", "Z-3"}) create(n);
    auto page = body_of(get("/orders?pageSize=2&page=1")).as_object();
    EXPECT_EQ(page.at("orders").as_array().size(), 2u);
    EXPECT_EQ(page.at("total").as_int64(), 3);
    EXPECT_EQ(page.at("pages").as_int64(), 0);
    EXPECT_EQ(body_of(get("/orders?pageSize=2&page=2")).at("orders").as_array().size(), 1u);
    ASSERT_EQ(control("/_control/answers", R"({"zero_pages":false})").result_int(), 200u);
    EXPECT_EQ(body_of(get("/orders?pageSize=2")).at("pages").as_int64(), 2);
}

// The simulator's Pacific time is its own (US rules written out); the client's reads the tz database. Both
// must agree on every instant around four changes and on ordinary days, in every style.
TEST_F(shipstation_sim_strict_test, its_own_pacific_time_agrees_with_the_tz_database) {
    using namespace std::chrono;
    const std::vector<sys_days> days{sys_days{year{2026} / 3 / 8},  sys_days{year{2026} / 11 / 1},
                                     sys_days{year{2006} / 4 / 2},  sys_days{year{2006} / 10 / 29},
                                     sys_days{year{2024} / 1 / 15}, sys_days{year{2024} / 7 / 1}};
    const std::vector<std::pair<sim::pacific_style, ss::pacific_style>> styles{
        {sim::pacific_style::fraction7, ss::pacific_style::fraction7},
        {sim::pacific_style::fraction3, ss::pacific_style::fraction3},
        {sim::pacific_style::seconds, ss::pacific_style::seconds},
        {sim::pacific_style::date_only, ss::pacific_style::date_only}};
    for (auto day : days) {
        for (auto t = sys_time<nanoseconds>(day) + 5h; t < sys_time<nanoseconds>(day) + 13h;
             t += 7min + 1234567ns) {
            for (auto [mine, theirs] : styles)
                ASSERT_EQ(sim::format_pacific(t, mine), ss::format_pacific(t, theirs))
                    << t.time_since_epoch().count();
            // Reading back: the same instant, except in the repeated hour, where both take the earlier one.
            auto text = sim::format_pacific(t, sim::pacific_style::fraction7);
            ASSERT_EQ(sim::parse_pacific(text), ss::parse_pacific(text)) << text;
        }
    }
    EXPECT_FALSE(sim::parse_pacific("2026-02-30 10:00:00"));
    EXPECT_FALSE(sim::parse_pacific("2026-01-01 24:00:00"));
    EXPECT_FALSE(sim::parse_pacific("2026-01-01T10:00:00.12345678"));
    EXPECT_FALSE(sim::parse_pacific("2026-01-01T10:00"));
    EXPECT_EQ(sim::parse_pacific("2026-01-01"), ss::parse_pacific("2026-01-01"));
}

TEST_F(shipstation_sim_strict_test,
       a_providers_fulfillment_fires_fulfillment_shipped_on_the_configured_origin) {
    cfg.public_url = "https://ssapi6.shipstation.com";
    start();
    hook_receiver rx;
    http_test_server hooks(loopback_http_config(), rx.routes());
    auto target = "http://127.0.0.1:" + std::to_string(hooks.port()) + "/hooks/ss";
    for (auto event : {"FULFILLMENT_SHIPPED", "SHIP_NOTIFY"})
        ASSERT_EQ(post("/webhooks/subscribe",
                       R"({"target_url":")" + target + R"(","event":")" + event + R"(","friendly_name":"t"})")
                      .result_int(),
                  200u);
    // Mark as shipped (by the API or by hand) fires nothing; a provider's shipment fires FULFILLMENT_SHIPPED.
    auto by_hand = create("F-1");
    ASSERT_EQ(post("/orders/markasshipped", R"({"orderId":)" + std::to_string(by_hand) +
                                                R"(,"carrierCode":"usps","fulfillmentProviderCode":"fba"})")
                  .result_int(),
              200u);
    auto provided = create("F-2");
    auto fulfilled =
        control("/_control/fulfillments", R"({"orderId":)" + std::to_string(provided) +
                                              R"(,"carrierCode":"usps","fulfillmentProviderCode":"fba"})");
    ASSERT_EQ(fulfilled.result_int(), 200u) << fulfilled.body();
    ASSERT_TRUE(wait_until([&] { return rx.count() == 1; }, 30s));
    std::this_thread::sleep_for(200ms);
    ASSERT_EQ(rx.count(), 1u) << "one webhook: none for mark as shipped";
    const auto payload = json::parse(rx.bodies[0]).as_object();
    EXPECT_EQ(payload.at("resource_type"), "FULFILLMENT_SHIPPED");
    std::string url(payload.at("resource_url").as_string());
    ASSERT_TRUE(url.starts_with("https://ssapi6.shipstation.com/fulfillments?")) << url;
    // Its path and query, asked of the simulator itself, list that fulfillment.
    auto listed = body_of(get(url.substr(std::string("https://ssapi6.shipstation.com").size())));
    ASSERT_EQ(listed.at("total").as_int64(), 1) << url;
    EXPECT_EQ(listed.at("fulfillments").at(0).at("orderId").as_int64(), provided);
    EXPECT_EQ(listed.at("fulfillments").at(0).at("fulfillmentProviderCode"), "fba");

    // The origin can change while it runs.
    auto origin = control("/_control/webhooks", R"({"resource_origin":"https://evil.example"})");
    ASSERT_EQ(origin.result_int(), 200u);
    EXPECT_EQ(body_of(origin).at("resource_origin"), "https://evil.example");
    ASSERT_EQ(
        control("/_control/shipments", R"({"orderId":)" + std::to_string(create("F-3")) + "}").result_int(),
        200u);
    ASSERT_TRUE(wait_until([&] { return rx.count() == 2; }, 30s));
    auto second = json::parse(rx.bodies[1]);
    EXPECT_TRUE(std::string(second.at("resource_url").as_string()).starts_with("https://evil.example/"));
}

TEST_F(shipstation_sim_strict_test,
       a_deactivated_store_is_listed_only_with_show_inactive_and_takes_no_orders) {
    start();
    auto stores = body_of(get("/stores")).as_array();
    ASSERT_EQ(stores.size(), 2u);
    auto id = std::to_string(stores[0].at("storeId").as_int64());
    auto off = post("/stores/deactivate", R"({"storeId":)" + id + "}");
    ASSERT_EQ(off.result_int(), 200u) << off.body();
    EXPECT_TRUE(body_of(off).at("success").as_bool());
    EXPECT_EQ(body_of(get("/stores")).as_array().size(), 1u);
    auto all = body_of(get("/stores?showInactive=true")).as_array();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_FALSE(all[0].at("active").as_bool());
    auto refused = body_of(post("/orders/createorders",
                                "[" + order("S-1", R"(,"advancedOptions":{"storeId":)" + id + "}") + "]"));
    EXPECT_FALSE(refused.at("results").at(0).at("success").as_bool());
    EXPECT_NE(std::string(refused.at("results").at(0).at("errorMessage").as_string()).find("inactive"),
              std::string::npos);
    EXPECT_EQ(post("/stores/deactivate", R"({"storeId":1})").result_int(), 400u);
    ASSERT_EQ(post("/stores/reactivate", R"({"storeId":)" + id + "}").result_int(), 200u);
    create("S-2", R"(,"advancedOptions":{"storeId":)" + id + "}");
}

}  // namespace
}  // namespace mlc::test
