// Tests of the ShipStation simulator's V2 Inventory API over loopback: the API-Key header, its own limit with
// Retry-After, levels that vanish at zero, the transaction types and their validation, paging and links.
#include "tests/simulators/shipstation/simulator.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/settable_clock.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mlc::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using mlc::sim::shipstation::sim_config;
using mlc::sim::shipstation::simulator;

constexpr std::string_view v1_auth = "Basic U2hpcFN0YXRpb246Um9ja3M=";  // ShipStation:Rocks

struct shipstation_sim_inventory_test : ::testing::Test {
    sim_config cfg;
    settable_clock clock;
    std::optional<simulator> sim;
    std::optional<http_test_client> client;

    void start() {
        sim.emplace(cfg, clock.fn());
        client.emplace(sim->port());
    }
    http_response get(std::string_view target) { return client->get(target, {{"API-Key", "ShipStationV2"}}); }
    http_response post(std::string_view target, const json::value& body) {
        return client->post(target, json::serialize(body),
                            {{"API-Key", "ShipStationV2"}, {"Content-Type", "application/json"}});
    }
    http_response transact(std::string_view type, std::string_view sku, std::string_view location,
                           std::int64_t quantity) {
        return post("/v2/inventory", json::object{{"transaction_type", type},
                                                  {"sku", sku},
                                                  {"quantity", quantity},
                                                  {"inventory_location_id", location},
                                                  {"condition", "sellable"}});
    }
    json::object listing(std::string_view query) {
        auto res = get("/v2/inventory?" + std::string(query));
        EXPECT_EQ(res.result_int(), 200u) << res.body();
        return json::parse(res.body()).as_object();
    }
};

// The one V2 error of a body, checked for the documented shape.
json::object only_error(const http_response& res) {
    auto body = json::parse(res.body()).as_object();
    EXPECT_TRUE(body.at("request_id").is_string()) << res.body();
    const auto& errors = body.at("errors").as_array();
    EXPECT_EQ(errors.size(), 1u) << res.body();
    auto e = errors.at(0).as_object();
    EXPECT_EQ(e.at("error_source"), "ShipStation");
    return e;
}

TEST_F(shipstation_sim_inventory_test, v2_needs_its_api_key_header_and_v1_credentials_do_not_open_it) {
    start();
    auto none = client->get("/v2/inventory");
    EXPECT_EQ(none.result_int(), 401u);
    EXPECT_EQ(only_error(none).at("error_code"), "unauthorized");
    EXPECT_EQ(only_error(none).at("error_type"), "security");
    EXPECT_EQ(client->get("/v2/inventory", {{"API-Key", "wrong"}}).result_int(), 401u);
    EXPECT_EQ(client->get("/v2/inventory", {{"Authorization", v1_auth}}).result_int(), 401u);
    EXPECT_EQ(client->get("/stores", {{"API-Key", "ShipStationV2"}}).result_int(), 401u);  // V1 wants Basic
    EXPECT_EQ(get("/v2/inventory").result_int(), 200u);
    EXPECT_EQ(sim->state().counters().unauthorized, 4u);
    EXPECT_EQ(sim->state().counters().by_endpoint["GET /v2/inventory"], 1u);
}

TEST_F(shipstation_sim_inventory_test, its_own_limit_answers_429_with_retry_after_and_leaves_v1_alone) {
    cfg.v2_rate_limit = 3;
    // 45 s into a minute, standing still: 15 s are left of V2's window.
    clock.set(std::chrono::sys_days(std::chrono::year(2026) / 3 / 2) + 45s);
    start();
    for (int i = 0; i < 3; ++i) ASSERT_EQ(get("/v2/inventory_locations").result_int(), 200u);
    auto over = get("/v2/inventory_locations");
    ASSERT_EQ(over.result_int(), 429u);
    EXPECT_EQ(over["Retry-After"], "15");
    EXPECT_EQ(only_error(over).at("error_code"), "rate_limit_exceeded");
    auto v1 = client->get("/stores", {{"Authorization", v1_auth}});
    EXPECT_EQ(v1.result_int(), 200u);
    EXPECT_EQ(v1["X-Rate-Limit-Remaining"], "39");  // V2's calls spent none of V1's 40
    auto counters = sim->state().counters();
    EXPECT_EQ(counters.v2_throttled, 1u);
    EXPECT_EQ(counters.throttled, 0u);

    clock.set(clock.now() + 15s);  // the next window
    EXPECT_EQ(get("/v2/inventory_locations").result_int(), 200u);
    ASSERT_EQ(client->post("/_control/v2_rate_limit", R"({"limit":1})").result_int(), 200u);
    EXPECT_EQ(get("/v2/inventory_locations").result_int(), 429u);
}

TEST_F(shipstation_sim_inventory_test, adjust_sets_the_level_and_a_level_at_zero_is_not_listed) {
    start();
    auto adjusted = transact("adjust", "MUG-01", "se-4567", 12);
    EXPECT_EQ(adjusted.result_int(), 204u) << adjusted.body();
    EXPECT_TRUE(adjusted.body().empty());
    ASSERT_EQ(transact("adjust", "MUG-01", "se-4567", 12).result_int(), 204u);  // sets, does not add
    auto listed = listing("inventory_location_id=se-4567&group_by=location");
    ASSERT_EQ(listed.at("total").as_int64(), 1);
    auto row = listed.at("inventory").at(0).as_object();
    EXPECT_EQ(row.at("sku"), "MUG-01");
    EXPECT_EQ(row.at("on_hand").as_int64(), 12);
    EXPECT_EQ(row.at("allocated").as_int64(), 0);
    EXPECT_EQ(row.at("available").as_int64(), 12);
    EXPECT_EQ(row.at("inventory_location_id"), "se-4567");
    EXPECT_EQ(row.at("inventory_warehouse_id"), "se-100");
    EXPECT_TRUE(row.at("average_cost").is_object());

    ASSERT_EQ(transact("adjust", "MUG-01", "se-4567", 0).result_int(), 204u);
    auto empty = listing("inventory_location_id=se-4567&group_by=location");
    EXPECT_EQ(empty.at("total").as_int64(), 0);
    EXPECT_TRUE(empty.at("inventory").as_array().empty());
    // The control channel still knows the zero.
    auto all = json::parse(client->get("/_control/inventory").body()).at("inventory").as_array();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].at("on_hand").as_int64(), 0);
}

TEST_F(shipstation_sim_inventory_test, increment_decrement_and_modify_move_levels_within_bounds) {
    start();
    ASSERT_EQ(transact("increment", "CUP-01", "se-4568", 5).result_int(), 204u);
    ASSERT_EQ(transact("increment", "CUP-01", "se-4568", 2).result_int(), 204u);
    ASSERT_EQ(transact("decrement", "CUP-01", "se-4568", 3).result_int(), 204u);
    auto below = transact("decrement", "CUP-01", "se-4568", 5);
    ASSERT_EQ(below.result_int(), 400u);
    auto e = only_error(below);
    EXPECT_EQ(e.at("error_type"), "validation");
    EXPECT_NE(std::string(e.at("message").as_string()).find("quantity"), std::string::npos) << below.body();
    auto moved = post("/v2/inventory", json::object{{"transaction_type", "modify"},
                                                    {"sku", "CUP-01"},
                                                    {"quantity", 1},
                                                    {"inventory_location_id", "se-4568"},
                                                    {"new_inventory_location_id", "se-4569"}});
    ASSERT_EQ(moved.result_int(), 204u) << moved.body();
    auto rows = listing("sku=CUP-01&group_by=location").at("inventory").as_array();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].at("inventory_location_id"), "se-4568");
    EXPECT_EQ(rows[0].at("on_hand").as_int64(), 3);
    EXPECT_EQ(rows[1].at("inventory_location_id"), "se-4569");
    EXPECT_EQ(rows[1].at("on_hand").as_int64(), 1);
    auto by_warehouse = listing("sku=CUP-01&group_by=warehouse").at("inventory").as_array();
    ASSERT_EQ(by_warehouse.size(), 1u);
    EXPECT_EQ(by_warehouse[0].at("on_hand").as_int64(), 4);
    EXPECT_EQ(by_warehouse[0].at("inventory_warehouse_id"), "se-100");
    EXPECT_FALSE(by_warehouse[0].as_object().contains("inventory_location_id"));
}

TEST_F(shipstation_sim_inventory_test, refusals_name_the_field_in_v2_shape) {
    start();
    struct bad {
        json::value body;
        std::string field;
        std::string code;
    };
    const bad cases[] = {
        {json::object{{"transaction_type", "set"},
                      {"sku", "A"},
                      {"quantity", 1},
                      {"inventory_location_id", "se-4567"}},
         "transaction_type", "invalid_field_value"},
        {json::object{{"transaction_type", "adjust"}, {"quantity", 1}, {"inventory_location_id", "se-4567"}},
         "sku", "field_value_required"},
        {json::object{{"transaction_type", "adjust"},
                      {"sku", "A"},
                      {"quantity", -1},
                      {"inventory_location_id", "se-4567"}},
         "quantity", "invalid_field_value"},
        {json::object{{"transaction_type", "adjust"},
                      {"sku", "A"},
                      {"quantity", 1.5},
                      {"inventory_location_id", "se-4567"}},
         "quantity", "invalid_field_value"},
        {json::object{{"transaction_type", "adjust"},
                      {"sku", "A"},
                      {"quantity", 1},
                      {"inventory_location_id", "se-1"}},
         "inventory_location_id", "invalid_identifier"},
        {json::object{{"transaction_type", "adjust"},
                      {"sku", "A"},
                      {"quantity", 1},
                      {"inventory_location_id", "se-4567"},
                      {"condition", "broken"}},
         "condition", "invalid_field_value"},
    };
    for (const auto& c : cases) {
        auto res = post("/v2/inventory", c.body);
        ASSERT_EQ(res.result_int(), 400u) << json::serialize(c.body);
        auto e = only_error(res);
        EXPECT_EQ(std::string(e.at("error_code").as_string()), c.code) << res.body();
        EXPECT_EQ(std::string(e.at("message").as_string()).rfind(c.field, 0), 0u) << res.body();
    }
    auto not_json = client->post("/v2/inventory", "{oops", {{"API-Key", "ShipStationV2"}});
    ASSERT_EQ(not_json.result_int(), 400u);
    EXPECT_EQ(only_error(not_json).at("error_code"), "request_body_required");
    EXPECT_TRUE(json::parse(client->get("/_control/inventory").body()).at("inventory").as_array().empty());
}

TEST_F(shipstation_sim_inventory_test, pages_follow_their_links_and_filters_apply) {
    start();
    for (int i = 1; i <= 5; ++i)
        ASSERT_EQ(transact("adjust", "SKU-" + std::to_string(i), "se-4567", i).result_int(), 204u);
    ASSERT_EQ(transact("adjust", "SKU-9", "se-4568", 9).result_int(), 204u);
    auto first = listing("inventory_location_id=se-4567&group_by=location&limit=2");
    EXPECT_EQ(first.at("total").as_int64(), 5);
    EXPECT_EQ(first.at("pages").as_int64(), 3);
    EXPECT_EQ(first.at("page").as_int64(), 1);
    EXPECT_TRUE(first.at("links").at("prev").as_object().empty());
    std::vector<std::string> skus;
    auto page = first;
    for (int guard = 0; guard < 5; ++guard) {
        for (const auto& r : page.at("inventory").as_array()) skus.emplace_back(r.at("sku").as_string());
        const auto& next = page.at("links").at("next").as_object();
        if (next.empty()) break;
        std::string href(next.at("href").as_string());
        ASSERT_EQ(href.rfind(sim->base_url() + "/v2/inventory?", 0), 0u) << href;
        page = json::parse(get(href.substr(sim->base_url().size())).body()).as_object();
    }
    EXPECT_EQ(skus, (std::vector<std::string>{"SKU-1", "SKU-2", "SKU-3", "SKU-4", "SKU-5"}));
    EXPECT_EQ(page.at("page").as_int64(), 3);
    EXPECT_EQ(listing("sku=SKU-2,SKU-9&group_by=location").at("total").as_int64(), 2);
    EXPECT_EQ(listing("inventory_warehouse_id=se-100&group_by=location").at("total").as_int64(), 6);
    EXPECT_EQ(listing("sku=SKU-3").at("inventory").at(0).at("on_hand").as_int64(), 3);
    EXPECT_EQ(get("/v2/inventory?limit=0").result_int(), 400u);
    EXPECT_EQ(get("/v2/inventory?group_by=store").result_int(), 400u);

    // Another channel sold two of SKU-5 and holds one: the control channel sets the level directly.
    ASSERT_EQ(client
                  ->post("/_control/inventory",
                         R"({"sku":"SKU-5","inventory_location_id":"se-4567","on_hand":3,"allocated":1})")
                  .result_int(),
              200u);
    auto five = listing("sku=SKU-5&group_by=location").at("inventory").at(0).as_object();
    EXPECT_EQ(five.at("on_hand").as_int64(), 3);
    EXPECT_EQ(five.at("available").as_int64(), 2);
}

TEST_F(shipstation_sim_inventory_test, warehouses_and_locations_are_listed) {
    start();
    auto warehouses = json::parse(get("/v2/inventory_warehouses").body()).as_object();
    ASSERT_EQ(warehouses.at("inventory_warehouses").as_array().size(), 1u);
    EXPECT_EQ(warehouses.at("inventory_warehouses").at(0).at("inventory_warehouse_id"), "se-100");
    auto locations = json::parse(get("/v2/inventory_locations").body()).as_object();
    std::vector<std::string> ids;
    for (const auto& l : locations.at("inventory_locations").as_array()) {
        ids.emplace_back(l.at("inventory_location_id").as_string());
        EXPECT_EQ(l.at("inventory_warehouse_id"), "se-100");
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"se-4567", "se-4568", "se-4569"}));
    EXPECT_EQ(get("/v2/nothing").result_int(), 404u);
}

TEST_F(shipstation_sim_inventory_test, injected_faults_apply_to_v2_in_its_shape) {
    start();
    ASSERT_EQ(client->post("/_control/faults", R"({"fail_reads":1,"fail_after_write":1})").result_int(),
              200u);
    auto read = get("/v2/inventory");
    EXPECT_EQ(read.result_int(), 500u);
    EXPECT_EQ(only_error(read).at("error_type"), "system");
    EXPECT_EQ(transact("adjust", "MUG-01", "se-4567", 4).result_int(), 500u);
    EXPECT_EQ(listing("sku=MUG-01").at("total").as_int64(), 1);  // applied before the 500
}

}  // namespace
}  // namespace mlc::test
