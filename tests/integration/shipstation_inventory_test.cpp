// Integration tests of the ShipStation V2 inventory client against the simulator over loopback: adjust and
// list, zero levels absent from the listing, paging, Retry-After on V2's own limit, a wrong key, V2's budget
// apart from V1's, metrics.
#include "clients/shipstation/catalog.hpp"
#include "clients/shipstation/inventory.hpp"
#include "tests/integration/shipstation_fixture.hpp"
#include "tests/support/http_test_client.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace mlc::test {
namespace {

namespace ss = mlc::clients::shipstation;
namespace json = boost::json;
using namespace std::chrono_literals;

inventory_config v2_config(const shipstation_fixture& f, std::string key = "ShipStationV2") {
    inventory_config c;
    c.v2_api_key = secret(std::move(key));
    c.v2_url = "http://127.0.0.1:" + std::to_string(f.sim.port());
    c.v2_rate_limit = 1000;
    return c;
}

struct shipstation_inventory_test : ::testing::Test {
    shipstation_fixture f;
    ss::inventory_client v2{v2_config(f), f.ioc.get_executor(), f.log, nullptr,
                            shipstation_fixture::fast_options()};

    void adjust(const std::string& sku, const std::string& location, std::int64_t quantity) {
        auto done = f.run(ss::adjust_inventory(v2, sku, location, quantity, "ERP stock sync"));
        ASSERT_TRUE(done) << done.error().describe();
    }
    std::vector<ss::inventory_level> list(std::optional<std::string> location,
                                          std::optional<std::string> sku = {}) {
        return f.run(ss::list_inventory(v2, std::move(location), std::move(sku))).value();
    }
};

TEST_F(shipstation_inventory_test, adjust_then_list_shows_the_level) {
    adjust("MUG-01", "se-4567", 12);
    adjust("CUP-01", "se-4567", 4);
    adjust("MUG-01", "se-4568", 7);
    auto levels = list("se-4567");
    ASSERT_EQ(levels.size(), 2u);
    auto mug = ss::level_at(levels, "MUG-01", "se-4567");
    EXPECT_EQ(mug.on_hand, 12);
    EXPECT_EQ(mug.available, 12);
    EXPECT_EQ(mug.warehouse_id, "se-100");
    EXPECT_EQ(ss::level_at(levels, "CUP-01", "se-4567").on_hand, 4);
    auto one = list("se-4568", "MUG-01");
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].on_hand, 7);
    EXPECT_EQ(list(std::nullopt).size(), 3u);  // every location
    // adjust sets the level: the same call again changes nothing.
    adjust("MUG-01", "se-4567", 12);
    EXPECT_EQ(ss::level_at(list("se-4567"), "MUG-01", "se-4567").on_hand, 12);
}

TEST_F(shipstation_inventory_test, a_level_adjusted_to_zero_is_absent_from_the_listing_and_reads_as_zero) {
    adjust("MUG-01", "se-4567", 5);
    adjust("MUG-01", "se-4567", 0);
    auto levels = list("se-4567");
    EXPECT_TRUE(levels.empty());
    auto mug = ss::level_at(levels, "MUG-01", "se-4567");
    EXPECT_EQ(mug.on_hand, 0);
    EXPECT_EQ(mug.available, 0);
    http_test_client control(f.sim.port());
    auto all = json::parse(control.get("/_control/inventory").body()).at("inventory").as_array();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].at("on_hand").as_int64(), 0);  // written, not skipped
}

TEST_F(shipstation_inventory_test, every_page_is_read) {
    for (int i = 0; i < 150; ++i) adjust("SKU-" + std::to_string(1000 + i), "se-4569", i + 1);
    auto levels = list("se-4569");
    ASSERT_EQ(levels.size(), 150u);
    EXPECT_EQ(levels.front().sku, "SKU-1000");
    EXPECT_EQ(levels.back().on_hand, 150);
    EXPECT_EQ(f.sim.state().counters().by_endpoint["GET /v2/inventory"], 2u);  // 100 a page
    auto locations = f.run(ss::list_inventory_locations(v2)).value();
    ASSERT_EQ(locations.size(), 3u);
    EXPECT_EQ(locations[0].location_id, "se-4567");
    EXPECT_EQ(locations[0].warehouse_id, "se-100");
    EXPECT_EQ(locations[0].name, "Aisle 1");
}

TEST_F(shipstation_inventory_test, a_refused_adjust_says_why) {
    auto refused = f.run(ss::adjust_inventory(v2, "MUG-01", "se-9999", 3, "ERP stock sync"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, clients::error_kind::refused);
    EXPECT_EQ(refused.error().http_status, 400u);
    EXPECT_NE(refused.error().message.find("invalid_identifier: inventory_location_id"), std::string::npos)
        << refused.error().message;
    EXPECT_THROW(f.run(ss::adjust_inventory(v2, "MUG-01", "se-4567", -1, "")), std::invalid_argument);
}

TEST_F(shipstation_inventory_test, a_wrong_key_is_unauthorized_and_never_shown) {
    ss::inventory_client wrong(v2_config(f, "Wrong-V2-Key-Value"), f.ioc.get_executor(), f.log);
    auto levels = f.run(ss::list_inventory(wrong, "se-4567"));
    ASSERT_FALSE(levels);
    EXPECT_EQ(levels.error().kind, clients::error_kind::unauthorized);
    EXPECT_EQ(levels.error().http_status, 401u);
    EXPECT_EQ(levels.error().describe().find("Wrong-V2-Key-Value"), std::string::npos);
    EXPECT_EQ(f.log_text.str().find("Wrong-V2-Key-Value"), std::string::npos);
    EXPECT_THROW(ss::inventory_client(inventory_config{}, f.ioc.get_executor(), f.log),
                 std::invalid_argument);
}

TEST(shipstation_inventory_limits_test, a_429_of_the_v2_limit_is_waited_out_for_its_retry_after) {
    // The simulator's clock runs at real speed, 3 s before the end of one of V2's minutes: two calls pass,
    // the third meets the limit and is told to retry when the window has turned.
    auto sim_cfg = shipstation_fixture::default_sim_config();
    sim_cfg.v2_rate_limit = 2;
    const auto into_window = std::chrono::system_clock::now().time_since_epoch() % sim_cfg.v2_rate_window;
    const auto shift = sim_cfg.v2_rate_window - into_window - 3s;
    shipstation_fixture f(sim_cfg, [shift] { return system_now() + shift; });
    ss::inventory_client v2(v2_config(f), f.ioc.get_executor(), f.log, nullptr,
                            shipstation_fixture::fast_options());
    for (int i = 0; i < 3; ++i) {
        auto locations = f.run(ss::list_inventory_locations(v2));
        ASSERT_TRUE(locations) << i << ": " << locations.error().describe();
        EXPECT_EQ(locations->size(), 3u);
    }
    auto counters = f.sim.state().counters();
    EXPECT_EQ(counters.v2_throttled, 1u);
    EXPECT_EQ(counters.by_endpoint["GET /v2/inventory_locations"], 4u);
    EXPECT_EQ(v2.limiter_stats().throttled, 1u);
    EXPECT_NE(f.log_text.str().find("shipstation_v2_throttled"), std::string::npos);
}

TEST(shipstation_inventory_limits_test, v2_calls_spend_their_own_budget_not_v1s) {
    auto sim_cfg = shipstation_fixture::default_sim_config();
    sim_cfg.rate_limit = 40;
    shipstation_fixture f(sim_cfg);
    prometheus::Registry registry;
    ss::inventory_client v2(v2_config(f), f.ioc.get_executor(), f.log, &registry);
    ss::client v1(f.client_config(), f.ioc.get_executor(), f.log, &registry);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(f.run(ss::list_inventory(v2, "se-4567")));
    EXPECT_EQ(v2.limiter_stats().granted, 5u);
    EXPECT_EQ(v1.limiter_stats().granted, 0u);
    EXPECT_EQ(v1.limiter_stats().window_remaining, 1000u);  // the fixture's V1 ceiling, untouched
    ASSERT_TRUE(f.run(ss::list_stores(v1)));
    auto seen = v1.last_rate_limit();
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->headers.remaining, 39u);  // V1's server window counted one call, not six
    auto text = prometheus::TextSerializer().Serialize(registry.Collect());
    EXPECT_NE(text.find(R"(mlc_shipstation_v2_requests_total{endpoint="GET /v2/inventory",status="200"} 5)"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(mlc_shipstation_requests_total{endpoint="GET /stores",status="200"} 1)"),
              std::string::npos)
        << text;
}

}  // namespace
}  // namespace mlc::test
