// Integration test of stock after a delivery: the shipments flow's delivery queues its items' stock syncs in
// the transaction that settles it, and the sync lowers ShipStation's V2 level at the delivered warehouse's
// location.
#include "clients/shipstation/inventory_client.hpp"
#include "flows/items/item_jobs.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_settings.hpp"
#include "flows/items/stock_sync.hpp"
#include "flows/job_payload.hpp"
#include "tests/integration/delivery_fixture.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace mlc::test {
namespace {

namespace items = flows::items;

class items_delivery_test : public delivery_fixture {
protected:
    void SetUp() override {
        delivery_fixture::SetUp();
        cfg.inventory.v2_api_key = secret("ShipStationV2");
        cfg.inventory.v2_url = "http://127.0.0.1:" + std::to_string(ss_sim->port());
        cfg.inventory.location_map = {{"01", "se-4567"}, {"02", "se-4568"}};
        cfg.inventory.quantity =
            stock_quantity::in_stock;  // a delivery moves InStock (and Committed with it)
        make_writer();
        flow = items::make_items_settings(cfg, std::chrono::sys_days(std::chrono::year(2025) / 7 / 1));
        v2 =
            std::make_unique<clients::shipstation::inventory_client>(cfg.inventory, ioc.get_executor(), log_);
        reader = std::make_unique<items::item_reader>(db(), *sap, flow);
        sync = std::make_unique<items::stock_sync>(db(), *sap, *v2, *reader, flow, log_, "test-stock");
    }
    void TearDown() override {
        sync.reset();
        reader.reset();
        v2->shutdown();
        v2.reset();
        delivery_fixture::TearDown();
    }

    std::int64_t level(const std::string& location, const std::string& sku) {
        auto res = ss_sim->state().control_inventory();
        for (const auto& l : res.body.as_object().at("inventory").as_array())
            if (l.at("inventory_location_id") == location.c_str() && l.at("sku") == sku.c_str())
                return l.at("on_hand").to_number<std::int64_t>();
        return 0;
    }

    items::items_settings flow;
    std::unique_ptr<clients::shipstation::inventory_client> v2;
    std::unique_ptr<items::item_reader> reader;
    std::unique_ptr<items::stock_sync> sync;
};

TEST_F(items_delivery_test, a_delivery_lowers_shipstations_quantity_at_its_location) {
    const int doc_num = order_with(false);
    ASSERT_GT(doc_num, 0);
    // The order's first line: what will be delivered, from where.
    const auto order = sap_order(doc_num);
    const auto& line = order.at("DocumentLines").as_array().at(0).as_object();
    const std::string code(line.at("ItemCode").as_string());
    const std::string warehouse(line.at("WarehouseCode").as_string());
    const auto quantity = static_cast<std::int64_t>(line.at("Quantity").to_number<double>());
    const std::string location = warehouse == "01" ? "se-4567" : "se-4568";
    // ShipStation starts at SAP's level.
    run([&](pqxx::work& w) { items::queue_stock_syncs(w, "SBODEMOUS", {code}, "test"); });
    run_coro(ioc, sync->sync_once());
    const auto before = level(location, code);
    ASSERT_GT(before, 0);

    ship_and_fetch(doc_num);
    ASSERT_EQ(deliver().delivered, 1u) << log_text.str();
    auto job = run([&](pqxx::work& w) {
        return db::job_queue::find_by_key(w, items::sync_stock_kind, "SBODEMOUS:" + code);
    });
    ASSERT_TRUE(job);
    EXPECT_EQ(job->state, db::job_queue::job_state::queued);
    EXPECT_EQ(flows::read_job<items::item_job>(job->payload)->cause, "delivery");

    auto report = run_coro(ioc, sync->sync_once());
    EXPECT_GE(report.sent, 1u);
    EXPECT_EQ(level(location, code), before - quantity);
}

TEST_F(items_delivery_test, without_a_v2_key_a_delivery_queues_no_stock_sync) {
    cfg.inventory.v2_api_key = secret("");
    make_writer();
    const int doc_num = order_with(false);
    ASSERT_GT(doc_num, 0);
    const auto order = sap_order(doc_num);
    const std::string code(order.at("DocumentLines").as_array().at(0).at("ItemCode").as_string());
    ship_and_fetch(doc_num);
    ASSERT_EQ(deliver().delivered, 1u);
    auto job = run([&](pqxx::work& w) {
        return db::job_queue::find_by_key(w, items::sync_stock_kind, "SBODEMOUS:" + code);
    });
    EXPECT_FALSE(job);
}

}  // namespace
}  // namespace mlc::test
