// Integration tests of check_shipstation against the simulator set up to fail each finding: an unknown, an
// inactive or a marketplace store, a missing warehouse, no SHIP_NOTIFY subscription or one elsewhere or with
// another token, a reported rate limit below the setting.
#include "clients/shipstation/check.hpp"
#include "tests/integration/shipstation_fixture.hpp"

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace ss = clients::shipstation;
using boost::json::object;

constexpr std::string_view token = "hook-TOKEN-77-0123456789abcdef";
const std::string target = "https://connector.example.com/webhooks/shipstation?token=" + std::string(token);

struct shipstation_check_test : ::testing::Test {
    shipstation_check_test() {
        cfg.shipstation = f.client_config();
        cfg.shipstation.rate_limit = 40;
        cfg.security.webhook_token = secret(std::string(token));
        auto stores = f.sim.state().list_stores(sim::shipstation::query_params("")).body.as_array();
        manual_store = stores.at(0).at("storeId").as_int64();
        marketplace_store = stores.at(1).at("storeId").as_int64();
        warehouse = f.sim.state().list_warehouses().body.as_array().at(0).at("warehouseId").as_int64();
        cfg.shipstation.store_id = manual_store;
        cfg.orders.warehouse_map = {{"01", warehouse}};
    }

    // Every finding of a check with `ship_notify_target`, by name; none may show the token.
    std::map<std::string, check_finding> check(std::string ship_notify_target = target) {
        auto findings =
            f.run(ss::check_shipstation(cfg, std::move(ship_notify_target), f.ioc.get_executor(), f.log));
        std::map<std::string, check_finding> by_name;
        for (auto& x : findings) {
            EXPECT_EQ(x.detail.find(token), std::string::npos) << x.detail;
            EXPECT_EQ(x.action.find(token), std::string::npos) << x.action;
            EXPECT_TRUE(x.state == check_state::ok || x.state == check_state::skip || !x.action.empty())
                << x.name;
            by_name[x.name] = x;
        }
        return by_name;
    }

    void subscribe(const std::string& url, const std::string& event = "SHIP_NOTIFY") {
        auto r = f.sim.state().subscribe_webhook(
            object{{"target_url", url}, {"event", event}, {"friendly_name", "t"}});
        ASSERT_EQ(r.status, 200u);
    }

    shipstation_fixture f;
    app_config cfg;
    std::int64_t manual_store = 0, marketplace_store = 0, warehouse = 0;
};

TEST_F(shipstation_check_test, a_configuration_the_account_fits_is_ok_line_by_line) {
    f.sim.state().set_rate_limit(40);
    subscribe(target);
    auto findings = f.run(ss::check_shipstation(cfg, target, f.ioc.get_executor(), f.log));
    std::vector<std::string> names;
    for (const auto& x : findings) {
        names.push_back(x.name);
        EXPECT_EQ(x.state, check_state::ok) << x.name << ": " << x.detail;
    }
    EXPECT_EQ(names, (std::vector<std::string>{"shipstation", "shipstation store", "shipstation warehouses",
                                               "shipstation webhook", "shipstation rate limit"}));
    EXPECT_NE(findings[1].detail.find("#" + std::to_string(manual_store)), std::string::npos)
        << findings[1].detail;
    EXPECT_NE(findings[3].detail.find("https://connector.example.com/webhooks/shipstation"),
              std::string::npos)
        << findings[3].detail;
    EXPECT_NE(findings[4].detail.find("allows 40"), std::string::npos) << findings[4].detail;
}

TEST_F(shipstation_check_test, an_unknown_store_fails_and_lists_the_stores) {
    cfg.shipstation.store_id = 424242;
    auto store = check().at("shipstation store");
    EXPECT_EQ(store.state, check_state::fail);
    EXPECT_NE(store.detail.find("424242 does not exist"), std::string::npos) << store.detail;
    EXPECT_NE(store.detail.find("Manual Orders #" + std::to_string(manual_store)), std::string::npos)
        << store.detail;
    EXPECT_NE(store.action.find("MLC_SHIPSTATION_STORE_ID"), std::string::npos);

    cfg.shipstation.store_id.reset();  // none configured: the active stores are listed
    auto none = check().at("shipstation store");
    EXPECT_EQ(none.state, check_state::ok);
    EXPECT_NE(none.detail.find("Web Shop #" + std::to_string(marketplace_store)), std::string::npos)
        << none.detail;
}

TEST_F(shipstation_check_test, an_inactive_store_fails_and_a_marketplace_store_warns) {
    ASSERT_EQ(f.sim.state().set_store_active(object{{"storeId", manual_store}}, false).status, 200u);
    auto inactive = check().at("shipstation store");
    EXPECT_EQ(inactive.state, check_state::fail);
    EXPECT_NE(inactive.detail.find("inactive"), std::string::npos) << inactive.detail;
    EXPECT_NE(inactive.action.find("reactivate"), std::string::npos) << inactive.action;

    cfg.shipstation.store_id = marketplace_store;
    auto marketplace = check().at("shipstation store");
    EXPECT_EQ(marketplace.state, check_state::warn);
    EXPECT_NE(marketplace.detail.find("WooCommerce"), std::string::npos) << marketplace.detail;
}

TEST_F(shipstation_check_test, a_missing_warehouse_fails_by_name_and_an_empty_map_skips) {
    cfg.orders.warehouse_map = {{"01", warehouse}, {"02", 999}};
    auto missing = check().at("shipstation warehouses");
    EXPECT_EQ(missing.state, check_state::fail);
    EXPECT_NE(missing.detail.find("999 (SAP warehouse 02)"), std::string::npos) << missing.detail;
    EXPECT_EQ(missing.detail.find("(SAP warehouse 01)"), std::string::npos) << missing.detail;
    EXPECT_NE(missing.action.find("MLC_WAREHOUSE_MAP"), std::string::npos);

    cfg.orders.warehouse_map.clear();
    EXPECT_EQ(check().at("shipstation warehouses").state, check_state::skip);
    EXPECT_EQ(f.sim.state().counters().by_endpoint["GET /warehouses"], 1u) << "not asked for an empty map";
}

TEST_F(shipstation_check_test, the_ship_notify_subscription_missing_elsewhere_or_with_another_token_warns) {
    auto missing = check().at("shipstation webhook");
    EXPECT_EQ(missing.state, check_state::warn);
    EXPECT_NE(missing.detail.find("no SHIP_NOTIFY subscription"), std::string::npos) << missing.detail;
    EXPECT_NE(missing.action.find("ml-connector run"), std::string::npos) << missing.action;

    subscribe("https://old-host.example.com/webhooks/shipstation?token=other");
    subscribe("https://connector.example.com/webhooks/shipstation", "ORDER_NOTIFY");  // not a shipment event
    auto elsewhere = check().at("shipstation webhook");
    EXPECT_EQ(elsewhere.state, check_state::warn);
    EXPECT_NE(elsewhere.detail.find("goes to https://old-host.example.com/webhooks/shipstation,"),
              std::string::npos)
        << elsewhere.detail;
    EXPECT_EQ(elsewhere.detail.find("token=other"), std::string::npos) << elsewhere.detail;

    subscribe("https://connector.example.com/webhooks/shipstation?token=stale-one");
    auto stale = check().at("shipstation webhook");
    EXPECT_EQ(stale.state, check_state::warn);
    EXPECT_NE(stale.detail.find("another token"), std::string::npos) << stale.detail;
    EXPECT_EQ(stale.detail.find("stale-one"), std::string::npos) << stale.detail;

    subscribe(target, "ITEM_SHIP_NOTIFY");  // the connector reads either shipment event
    EXPECT_EQ(check().at("shipstation webhook").state, check_state::ok);

    EXPECT_EQ(check("").at("shipstation webhook").state, check_state::skip);  // MLC_PUBLIC_URL unset
    cfg.security.webhook_token = secret();
    EXPECT_EQ(check().at("shipstation webhook").state, check_state::fail);
}

TEST_F(shipstation_check_test, a_setting_above_the_limit_shipstation_reports_warns_with_the_figure) {
    f.sim.state().set_rate_limit(30);
    auto above = check().at("shipstation rate limit");
    EXPECT_EQ(above.state, check_state::warn);
    EXPECT_NE(above.detail.find("ShipStation allows 30"), std::string::npos) << above.detail;
    EXPECT_NE(above.action.find("MLC_SHIPSTATION_RATE_LIMIT=30"), std::string::npos) << above.action;
    cfg.shipstation.rate_limit = 30;
    EXPECT_EQ(check().at("shipstation rate limit").state, check_state::ok);
}

}  // namespace
}  // namespace mlc::test
