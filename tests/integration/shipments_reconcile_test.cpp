// Reconciliation against PostgreSQL and the ShipStation simulator: shipments whose webhook never came,
// fulfillments (which fire none) and voids are found, recorded once, and their deliveries queued.
#include "clients/shipstation/pacific_time.hpp"
#include "db/leader_lock.hpp"
#include "db/shipment_links.hpp"
#include "db/watermarks.hpp"
#include "flows/shipments/delivery_writer.hpp"
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
    // A reconciliation at `t` by both clocks: the reconciler's `now` and ShipStation's.
    flows::shipments::reconcile_report reconcile_at(clients::shipstation::utc_time t) {
        shipstation_clock.set(t);
        auto r = run_coro(ioc, rec->reconcile_once(t));
        EXPECT_TRUE(r.complete) << r.error.value_or("");
        return r;
    }
    // A label bought at `t` for the next order not shipped yet; no webhook is received. Returns its
    // shipmentId.
    std::int64_t label_at(clients::shipstation::utc_time t) {
        shipstation_clock.set(t);
        auto orders = sap_orders();
        auto it = orders.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(labels_bought++));
        return ship(it->second).at("shipmentId").to_number<std::int64_t>();
    }
    int links_of(std::int64_t shipment_id) {
        return sql("SELECT count(*) FROM shipment_links WHERE kind = 'shipment' AND shipstation_id = " +
                   std::to_string(shipment_id))[0][0]
            .as<int>();
    }
    // Every label was recorded once and queued one delivery.
    void expect_each_recorded_once(const std::vector<std::int64_t>& labels) {
        for (auto id : labels) EXPECT_EQ(links_of(id), 1) << "shipment " << id;
        EXPECT_EQ(sql("SELECT count(*) FROM shipment_links")[0][0].as<int>(),
                  static_cast<int>(labels.size()));
        EXPECT_EQ(deliver_jobs(), static_cast<int>(labels.size()));
    }
    std::size_t labels_bought = 0;
    int deliver_jobs(const char* state = "queued") {
        return sql(std::string(
                       "SELECT count(*) FROM job_queue WHERE kind = 'deliver_shipment' AND state = '") +
                   state + "'")[0][0]
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
    auto fulfilled = fulfill(boost::json::object{{"orderId", *link_of_doc_num(third)->shipstation_order_id},
                                                 {"carrierCode", "fedex"},
                                                 {"trackingNumber", "FX123"}});
    ASSERT_EQ(fulfilled.status, 200u) << boost::json::serialize(fulfilled.body);

    auto r = reconcile();
    ASSERT_TRUE(r.complete) << r.error.value_or("");
    EXPECT_EQ(r.shipments, 2u);
    EXPECT_EQ(r.fulfillments, 1u);
    EXPECT_EQ(r.new_records, 3u);
    EXPECT_EQ(deliver_jobs(), 3);
    EXPECT_EQ(
        sql("SELECT count(*) FROM shipment_links WHERE kind = 'fulfillment' AND tracking_number = 'FX123'")
            [0][0]
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

using namespace std::chrono_literals;
using std::chrono::sys_days;
namespace cal = std::chrono;

// 2026-11-01: 01:00-02:00 Pacific happens twice, 08:00-09:00Z in PDT and 09:00-10:00Z in PST. Watermarks sit
// before the change, in each pass of the repeated hour and after it; a later label can read earlier than the
// watermark's overlap (01:05 PST after 01:10 PDT), which only a widened filter finds.
TEST_F(shipments_reconcile_test, labels_around_the_autumn_change_are_found_once_from_either_side) {
    const auto day = sys_days{cal::year{2026} / 11 / 1};
    EXPECT_EQ(reconcile_at(day + 7h).new_records, 0u);             // 00:00 PDT: the first look back
    std::vector<std::int64_t> labels{label_at(day + 7h + 45min),   // 00:45 PDT
                                     label_at(day + 8h + 15min)};  // 01:15 PDT
    EXPECT_EQ(reconcile_at(day + 8h + 40min).new_records, 2u);     // watermark 01:40 PDT
    labels.push_back(label_at(day + 8h + 50min));                  // 01:50 PDT
    labels.push_back(label_at(day + 9h + 5min));                   // 01:05 PST: reads before 01:10 PDT
    labels.push_back(label_at(day + 9h + 12min));                  // 01:12 PST
    EXPECT_EQ(reconcile_at(day + 9h + 20min).new_records, 3u);     // from 01:10 PDT; watermark 01:20 PST
    labels.push_back(label_at(day + 9h + 45min));                  // 01:45 PST
    labels.push_back(label_at(day + 10h + 10min));                 // 02:10 PST
    EXPECT_EQ(reconcile_at(day + 10h + 30min).new_records, 2u);    // from 01:50 PDT; watermark 02:30 PST
    auto last = reconcile_at(day + 11h);                           // from 02:00 PST: nothing new
    EXPECT_EQ(last.new_records, 0u);
    EXPECT_EQ(last.shipments, 1u);  // only the 02:10 label is at or after 02:00 PST
    expect_each_recorded_once(labels);
}

// 2026-03-08: 02:00 PST jumps to 03:00 PDT at 10:00Z. Watermarks before and after the gap.
TEST_F(shipments_reconcile_test, labels_around_the_spring_change_are_found_once_from_either_side) {
    const auto day = sys_days{cal::year{2026} / 3 / 8};
    EXPECT_EQ(reconcile_at(day + 9h).new_records, 0u);             // 01:00 PST
    std::vector<std::int64_t> labels{label_at(day + 9h + 40min)};  // 01:40 PST
    EXPECT_EQ(reconcile_at(day + 9h + 50min).new_records, 1u);     // watermark 01:50 PST
    labels.push_back(label_at(day + 9h + 59min));                  // 01:59 PST
    labels.push_back(label_at(day + 10h + 5min));                  // 03:05 PDT
    EXPECT_EQ(reconcile_at(day + 10h + 25min).new_records, 2u);    // from 01:20 PST; watermark 03:25 PDT
    labels.push_back(label_at(day + 10h + 50min));                 // 03:50 PDT
    EXPECT_EQ(reconcile_at(day + 11h).new_records, 1u);            // from 01:55 PST, across the gap
    auto last = reconcile_at(day + 11h + 40min);                   // from 03:30 PDT
    EXPECT_EQ(last.new_records, 0u);
    EXPECT_EQ(last.shipments, 1u);
    expect_each_recorded_once(labels);
}

// 2026-07-01 02:30Z is 2026-06-30 19:30 PDT: a filter written from the UTC date would start a day late.
// The delivery's DocDate is ShipStation's shipDate, the Pacific day the label was bought on.
TEST_F(shipments_reconcile_test,
       a_label_whose_utc_date_is_a_day_ahead_is_found_and_delivered_on_its_pacific_day) {
    const auto day = sys_days{cal::year{2026} / 7 / 1};
    EXPECT_EQ(reconcile_at(day + 2h + 20min).new_records, 0u);
    const int doc_num = order_with(false);
    ASSERT_GT(doc_num, 0);
    shipstation_clock.set(day + 2h + 30min);
    auto shipment = ship(doc_num);
    EXPECT_EQ(shipment.at("shipDate").as_string(), "2026-06-30");
    const auto id = shipment.at("shipmentId").to_number<std::int64_t>();
    auto r = reconcile_at(day + 2h + 40min);  // from 2026-06-30 18:50 PDT
    EXPECT_EQ(r.new_records, 1u);
    EXPECT_EQ(links_of(id), 1);

    auto ds = flows::shipments::make_delivery_settings(cfg);
    flows::shipments::delivery_writer writer(db(), *sap, ds, log_, "test-writer", cfg.database);
    EXPECT_EQ(run_coro(ioc, writer.deliver_once()).delivered, 1u) << log_text.str();
    auto deliveries = deliveries_of(link_of_doc_num(doc_num)->doc_entry);
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(std::string(deliveries[0].at("DocDate").as_string()).substr(0, 10), "2026-06-30");
}

// A void in the second pass of the repeated hour (01:05 PST) of a label bought the day before, after a
// watermark in the first pass (01:50 PDT): only voidDateStart brings it, and only when widened.
TEST_F(shipments_reconcile_test, a_void_in_the_repeated_hour_is_found) {
    const auto day = sys_days{cal::year{2026} / 11 / 1};
    const auto id = label_at(day - 4h);  // 2026-10-31 13:00 PDT
    EXPECT_EQ(reconcile_at(day + 8h + 50min).new_records, 1u);
    shipstation_clock.set(day + 9h + 5min);
    ASSERT_EQ(ss_sim->state().control_void(boost::json::object{{"shipmentId", id}}).status, 200u);
    auto r = reconcile_at(day + 9h + 10min);  // from 01:20 PDT
    EXPECT_EQ(r.shipments, 0u);               // the label is older than the listing
    EXPECT_EQ(r.voids, 1u);
    EXPECT_EQ(r.new_voids, 1u);
    EXPECT_TRUE(run([&](pqxx::work& w) { return links::find(w, links::link_kind::shipment, id); })->voided);
}

// Issue 15: a shipment of another store of the account is not the connector's to deliver.
TEST_F(shipments_reconcile_test, only_shipments_of_the_configured_store_are_recorded) {
    auto orders = sap_orders();
    auto ours = ship(orders.begin()->second);
    const auto store = ours.at("advancedOptions").at("storeId").to_number<std::int64_t>();
    // The same order again in the account's other store (the simulator seeds two), shipped there.
    auto copy = ss_sim->state().get_order(ours.at("orderId").to_number<std::int64_t>()).body.as_object();
    copy.erase("orderId");
    copy["orderKey"] = "web-shop-1";
    copy["orderNumber"] = "WEB-1";
    copy["orderStatus"] = "awaiting_shipment";
    copy["advancedOptions"].as_object()["storeId"] = store + 1;
    std::vector<sim::shipstation::webhook_delivery> hooks;
    auto created = ss_sim->state().create_order(copy, hooks);
    ASSERT_EQ(created.status, 200u) << boost::json::serialize(created.body);
    auto theirs = ss_sim->state().control_ship(
        boost::json::object{
            {"orderId", created.body.at("orderId")}, {"carrierCode", "ups"}, {"serviceCode", "ups_ground"}},
        hooks);
    ASSERT_EQ(theirs.status, 200u) << boost::json::serialize(theirs.body);
    const auto their_id = theirs.body.at("shipmentId").to_number<std::int64_t>();

    flows::shipments::reconcile_settings settings;
    settings.store_id = store;
    flows::shipments::reconciler one_store(db(), *shipstation, *lock, settings, log_);
    auto r = run_coro(ioc, one_store.reconcile_once(std::chrono::system_clock::now()));
    ASSERT_TRUE(r.complete) << r.error.value_or("");
    EXPECT_EQ(r.shipments, 1u);
    EXPECT_EQ(links_of(ours.at("shipmentId").to_number<std::int64_t>()), 1);
    EXPECT_EQ(links_of(their_id), 0);
    // Without a configured store every store's shipment is recorded: the filter above is what kept it out.
    EXPECT_EQ(reconcile().new_records, 1u);
    EXPECT_EQ(links_of(their_id), 1);
}

// Issue 15: a page walk that stops at its cap never moves the watermark past what it read.
TEST_F(shipments_reconcile_test, a_capped_listing_moves_the_watermark_only_as_far_as_it_read) {
    const auto t0 = cal::floor<cal::seconds>(std::chrono::system_clock::now()) - 10h;
    const auto s1 = label_at(t0), s2 = label_at(t0 + 1h), s3 = label_at(t0 + 2h);
    flows::shipments::reconcile_settings settings;
    settings.page_size = 1;
    settings.max_pages = 2;
    flows::shipments::reconciler capped(db(), *shipstation, *lock, settings, log_);
    const auto now = t0 + 3h;
    shipstation_clock.set(now);
    auto watermark = [&] {
        auto v = run([](pqxx::work& w) { return db::watermarks::get(w, "shipments_reconciler"); });
        return std::chrono::system_clock::time_point(cal::microseconds(v->at("since_us").as_int64()));
    };

    auto first = run_coro(ioc, capped.reconcile_once(now));
    ASSERT_TRUE(first.complete) << first.error.value_or("");
    EXPECT_TRUE(first.capped);
    EXPECT_EQ(links_of(s1), 1);
    EXPECT_EQ(links_of(s2), 1);
    EXPECT_EQ(links_of(s3), 0) << "not read";
    EXPECT_LT(watermark(), t0 + 1h + 1s) << "the last label read, not now";
    EXPECT_GT(watermark(), t0 + 1h - 1s);

    auto second = run_coro(ioc, capped.reconcile_once(now));
    EXPECT_TRUE(second.capped);  // s2 and s3: two full pages
    EXPECT_EQ(links_of(s3), 1);
    EXPECT_LT(watermark(), t0 + 2h + 1s);
    EXPECT_GT(watermark(), t0 + 2h - 1s);

    auto third = run_coro(ioc, capped.reconcile_once(now));
    EXPECT_FALSE(third.capped);
    EXPECT_EQ(watermark(), now);
    expect_each_recorded_once({s1, s2, s3});
}

}  // namespace
}  // namespace mlc::test
