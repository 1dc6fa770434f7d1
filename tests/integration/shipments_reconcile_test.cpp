// Reconciliation against PostgreSQL and the ShipStation simulator: shipments whose webhook never came,
// fulfillments (which fire none) and voids are found, recorded once, and their deliveries queued.
#include "db/leader_lock.hpp"
#include "db/shipment_links.hpp"
#include "db/watermarks.hpp"
#include "flows/shipments/reconciler.hpp"
#include "tests/integration/shipments_fixture.hpp"

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace links = db::shipment_links;

class shipments_reconcile_test : public shipments_fixture {
protected:
    void SetUp() override {
        shipments_fixture::SetUp();
        lock = std::make_unique<db::leader_lock>(cfg.database, "shipments_reconciler", log_);
        rec = std::make_unique<flows::shipments::reconciler>(db(), *shipstation, *lock,
                                                             flows::shipments::reconcile_settings{}, log_);
    }
    void TearDown() override {
        rec.reset();
        lock.reset();
        shipments_fixture::TearDown();
    }
    flows::shipments::reconcile_report reconcile() {
        return run_coro(ioc, rec->reconcile_once(std::chrono::system_clock::now()));
    }
    int deliver_jobs(const char* state = "queued") {
        return sql(std::string("SELECT count(*) FROM job_queue WHERE kind = 'deliver_shipment' AND state = '") + state +
                   "'")[0][0]
            .as<int>();
    }
    std::unique_ptr<db::leader_lock> lock;
    std::unique_ptr<flows::shipments::reconciler> rec;
};

TEST_F(shipments_reconcile_test, labels_and_fulfillments_without_a_webhook_are_found_once) {
    auto orders = sap_orders();
    auto it = orders.begin();
    const int first = (it++)->second, second = (it++)->second, third = it->second;
    ship(first);
    ship(second);
    auto fulfilled = ss_sim->state().control_fulfill(boost::json::object{
        {"orderId", *link_of_doc_num(third)->shipstation_order_id}, {"carrierCode", "fedex"},
        {"trackingNumber", "FX123"}});
    ASSERT_EQ(fulfilled.status, 200u) << boost::json::serialize(fulfilled.body);

    auto r = reconcile();
    ASSERT_TRUE(r.complete) << r.error.value_or("");
    EXPECT_EQ(r.shipments, 2u);
    EXPECT_EQ(r.fulfillments, 1u);
    EXPECT_EQ(r.new_records, 3u);
    EXPECT_EQ(deliver_jobs(), 3);
    EXPECT_EQ(sql("SELECT count(*) FROM shipment_links WHERE kind = 'fulfillment' AND tracking_number = 'FX123'")[0][0]
                  .as<int>(),
              1);
    EXPECT_TRUE(run([](pqxx::work& w) { return db::watermarks::get(w, "shipments_reconciler"); }));

    // The next listing overlaps: the same records again change nothing.
    auto again = reconcile();
    EXPECT_TRUE(again.complete);
    EXPECT_EQ(again.new_records, 0u);
    EXPECT_EQ(deliver_jobs(), 3);

    // One already known from its webhook is not queued twice either.
    auto shipment = ship(orders.rbegin()->second);
    receive(resource_url_of(shipment));
    EXPECT_EQ(fetch().new_records, 1u);
    EXPECT_EQ(reconcile().new_records, 0u);
    EXPECT_EQ(deliver_jobs(), 4);
}

TEST_F(shipments_reconcile_test, a_void_is_found_with_void_date_start) {
    const int doc_num = sap_orders().begin()->second;
    auto shipment = ship(doc_num);
    const auto id = shipment.at("shipmentId").to_number<std::int64_t>();
    ASSERT_EQ(reconcile().new_records, 1u);
    sql("UPDATE job_queue SET state = 'succeeded' WHERE kind = 'deliver_shipment'");
    ASSERT_EQ(ss_sim->state().control_void(boost::json::object{{"shipmentId", id}}).status, 200u);
    auto r = reconcile();
    EXPECT_EQ(r.new_voids, 1u);
    EXPECT_TRUE(run([&](pqxx::work& w) { return links::find(w, links::link_kind::shipment, id); })->voided);
    EXPECT_EQ(deliver_jobs(), 1);
}

TEST_F(shipments_reconcile_test, only_the_lock_holder_reconciles_and_a_failed_listing_keeps_the_watermark) {
    db::leader_lock other(cfg.database, "shipments_reconciler", log_);
    ASSERT_TRUE(run_coro(ioc, other.try_hold()));
    EXPECT_FALSE(reconcile().leader);
    run_coro(ioc, other.release());

    sim::shipstation::fault_settings f;
    f.fail_reads = 20;
    ss_sim->state().set_faults(f);
    auto r = reconcile();
    EXPECT_TRUE(r.leader);
    EXPECT_FALSE(r.complete);
    EXPECT_TRUE(r.error);
    EXPECT_FALSE(run([](pqxx::work& w) { return db::watermarks::get(w, "shipments_reconciler"); }));
}

}  // namespace
}  // namespace mlc::test
