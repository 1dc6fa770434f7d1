// Integration tests of the items flow against PostgreSQL and both simulators: products aligned after the
// first order and after a change in SAP, weights on orders, stock after orders, deliveries, the warehouse
// journal and scans, zero written, customers recorded, and product alignment never delaying order pushes.
#include "clients/shipstation/client.hpp"
#include "db/audit_log.hpp"
#include "db/customer_links.hpp"
#include "db/job_queue.hpp"
#include "flows/items/customer_recorder.hpp"
#include "flows/items/item_audit.hpp"
#include "flows/items/item_jobs.hpp"
#include "flows/items/item_status.hpp"
#include "tests/integration/items_flow_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace mlc::test {
namespace {

namespace json = boost::json;
namespace items = flows::items;
using namespace std::chrono_literals;

class items_flow_test : public items_flow_fixture {
protected:
    // The ItemCode of the first line of the SAP simulator's first order.
    std::string first_ordered_item() {
        return sap_store([](sim::sap::store& s, const sim::sap::sim_time&) {
            const auto& lines = s.orders.begin()->second.at("DocumentLines").as_array();
            return std::string(lines.at(0).as_object().at("ItemCode").as_string());
        });
    }

    // Gives `code` a weight of `kg` kilograms and a 30 x 20 x 10 cm box, a name and a country of origin.
    void weigh(const std::string& code, double kg) {
        change_sap_item(code, {{"ItemName", "Test Mug"},
                               {"SalesUnitWeight", kg},
                               {"SalesWeightUnit", unit_code(true, "kg")},
                               {"SalesUnitLength", 30.0},
                               {"SalesLengthUnit", unit_code(false, "cm")},
                               {"SalesUnitWidth", 20.0},
                               {"SalesWidthUnit", unit_code(false, "cm")},
                               {"SalesUnitHeight", 10.0},
                               {"SalesHeightUnit", unit_code(false, "cm")},
                               {"ItemCountryOrg", "DE"}});
    }

    std::uint64_t product_calls() {
        return shipstation_calls("GET /products") + shipstation_calls("PUT /products/{id}");
    }
};

TEST_F(items_flow_test, order_items_carry_their_weight_in_shipstation_units) {
    const auto code = first_ordered_item();
    weigh(code, 2.0);
    poll();
    push_all();
    bool seen = false;
    for (const auto& [key, order] : shipstation_orders())
        for (const auto& item : order.at("items").as_array())
            if (item.as_object().at("sku") == code.c_str()) {
                seen = true;
                const auto& w = item.as_object().at("weight").as_object();
                EXPECT_NEAR(w.at("value").to_number<double>(), 70.5479, 1e-4);  // 2 kg in ounces
                EXPECT_EQ(w.at("units"), "ounces");
            }
    EXPECT_TRUE(seen);
}

TEST_F(items_flow_test, a_new_skus_product_is_aligned_after_its_first_order) {
    const auto code = first_ordered_item();
    weigh(code, 2.0);
    poll();
    push_all();
    auto made = products();
    ASSERT_TRUE(made.contains(code)) << "ShipStation makes the product from the order";
    auto report = align_all();
    EXPECT_GE(report.updated, 1u);
    EXPECT_EQ(report.failed + report.dead, 0u);
    auto product = products().at(code);
    EXPECT_EQ(product.at("name"), "Test Mug");
    EXPECT_NEAR(product.at("weightOz").to_number<double>(), 70.5479, 1e-4);
    EXPECT_NEAR(product.at("length").to_number<double>(), 11.81, 1e-9);  // 30 cm in inches
    EXPECT_EQ(product.at("customsCountryCode"), "DE");
    EXPECT_EQ(product.at("customsDescription"), "Test Mug");
    EXPECT_EQ(product.at("active"), true);
    auto link = run([&](pqxx::work& w) { return db::item_links::find(w, "SBODEMOUS", code); });
    ASSERT_TRUE(link);
    EXPECT_EQ(link->product_id, product.at("productId").to_number<std::int64_t>());
    auto rows =
        run([&](pqxx::work& w) { return db::audit_log::find_by_entity(w, items::audit_entity, code, 10); });
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.front().action, "align_product");

    // Aligned: asking again reads the product and changes nothing.
    const auto puts = shipstation_calls("PUT /products/{id}");
    run([&](pqxx::work& w) { items::queue_by_operator(w, "SBODEMOUS", code, true); });
    auto again = align_all();
    EXPECT_EQ(again.unchanged, 1u);
    EXPECT_EQ(shipstation_calls("PUT /products/{id}"), puts);
}

TEST_F(items_flow_test, an_items_weight_changed_in_sap_reaches_its_product) {
    const auto code = first_ordered_item();
    poll();
    push_all();
    align_all();
    ASSERT_TRUE(run_coro(ioc, items_poller->poll_once()).complete);  // every linked item's version is known
    align_all();
    const auto puts = shipstation_calls("PUT /products/{id}");

    weigh(code, 3.0);
    auto polled = run_coro(ioc, items_poller->poll_once());
    EXPECT_TRUE(polled.complete);
    EXPECT_EQ(polled.queued, 1u);
    auto report = align_all();
    EXPECT_EQ(report.updated, 1u);
    EXPECT_EQ(shipstation_calls("PUT /products/{id}"), puts + 1);
    EXPECT_NEAR(products().at(code).at("weightOz").to_number<double>(), 105.8219, 1e-4);  // 3 kg

    // The overlapping next poll reads the item again, at the same version: nothing is queued.
    EXPECT_EQ(run_coro(ioc, items_poller->poll_once()).queued, 0u);
}

TEST_F(items_flow_test, a_product_not_made_yet_is_looked_for_again_and_its_next_order_aligns_it) {
    const auto code = first_ordered_item();
    run([&](pqxx::work& w) {
        db::item_links::note_sent(w, "SBODEMOUS", code, code);
        items::queue_by_operator(w, "SBODEMOUS", code, true);
    });
    auto early = run_coro(ioc, aligner->align_once());
    EXPECT_EQ(early.waiting, 1u);
    auto job = run([&](pqxx::work& w) {
        return db::job_queue::find_by_key(w, items::align_product_kind, "SBODEMOUS:" + code);
    });
    ASSERT_TRUE(job);
    EXPECT_EQ(job->state, db::job_queue::job_state::failed)
        << "waiting for the product is retried, not buried";
    auto rows =
        run([&](pqxx::work& w) { return db::audit_log::find_by_entity(w, items::audit_entity, code, 10); });
    for (const auto& r : rows) EXPECT_NE(r.action, "align_product") << "waiting is not worth an audit row";

    // The first order makes the product; the item was never aligned, so the order queues its alignment again.
    poll();
    push_all();
    EXPECT_GE(align_all().updated, 1u);
    auto link = run([&](pqxx::work& w) { return db::item_links::find(w, "SBODEMOUS", code); });
    ASSERT_TRUE(link);
    EXPECT_EQ(link->product_id, products().at(code).at("productId").to_number<std::int64_t>());
}

TEST_F(items_flow_test, an_order_lowers_the_available_quantity_and_a_zero_is_written) {
    const auto code = first_ordered_item();
    poll();  // every order's items are queued: their committed stock changed
    auto first = sync_all();
    EXPECT_GT(first.sent, 0u);
    auto [in_stock, committed] = sap_stock(code, "01");
    auto expected =
        std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(in_stock - committed + 1e-6)));
    EXPECT_EQ(level("se-4567", code), expected);

    // Everything in warehouse 01 goes (an issue booked by hand): zero is written, and V2 leaves it unlisted.
    book_stock({{"ItemCode", code}, {"WarehouseCode", "01"}, {"in_stock", 0}});
    run([&](pqxx::work& w) { items::queue_by_operator(w, "SBODEMOUS", code, false); });
    auto second = sync_all();
    EXPECT_GE(second.sent, expected > 0 ? 1u : 0u);
    EXPECT_EQ(level("se-4567", code), 0);
    auto listed = run_coro(ioc, clients::shipstation::list_inventory(*v2, std::string("se-4567"), code));
    ASSERT_TRUE(listed);
    EXPECT_TRUE(listed->empty());
    auto rows = run([&](pqxx::work& w) { return db::item_stock::of_item(w, "SBODEMOUS", code); });
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.front().sent_quantity, 0);
    EXPECT_FALSE(rows.front().pending_since);
}

TEST_F(items_flow_test, a_stock_change_made_in_sap_arrives_through_the_warehouse_journal) {
    sap_store([](sim::sap::store& s, const sim::sap::sim_time&) {
        s.rules.journal_accessible = true;
        return 0;
    });
    auto first = run_coro(ioc, watch->look(false));  // the journal's head, then one full comparison
    ASSERT_FALSE(first.error) << *first.error;
    EXPECT_EQ(first.source, items::stock_source::journal);
    ASSERT_TRUE(first.scan);
    EXPECT_GT(first.scan->sent, 0u);
    const auto code = first_ordered_item();
    const auto before = level("se-4567", code);

    book_stock({{"ItemCode", code}, {"WarehouseCode", "01"}, {"delta", 7}});
    auto look = run_coro(ioc, watch->look(false));
    ASSERT_FALSE(look.error) << *look.error;
    EXPECT_EQ(look.journal_rows, 1u);
    EXPECT_EQ(look.queued, 1u);
    EXPECT_FALSE(look.scan) << "no scan while the journal is read";
    sync_all();
    EXPECT_EQ(level("se-4567", code), before + 7);
}

TEST_F(items_flow_test, without_the_journal_a_scan_brings_the_change) {
    auto first = run_coro(ioc, watch->look(false));
    ASSERT_FALSE(first.error) << *first.error;
    EXPECT_EQ(first.source, items::stock_source::scan);
    const auto code = first_ordered_item();
    const auto before = level("se-4568", code);
    book_stock({{"ItemCode", code}, {"WarehouseCode", "02"}, {"delta", 3}});
    auto v2_calls_before = ss_sim->state().counters().by_endpoint["POST /v2/inventory"];
    auto look = run_coro(ioc, watch->look(false));  // the scan interval (1 ms) has passed
    ASSERT_TRUE(look.scan);
    EXPECT_EQ(look.scan->sent, 1u) << "only the level that changed is sent";
    EXPECT_EQ(level("se-4568", code), before + 3);
    EXPECT_EQ(ss_sim->state().counters().by_endpoint["POST /v2/inventory"], v2_calls_before + 1);
}

// A Service Layer whose second page links back to the first would make the walk go round for ever.
TEST_F(items_flow_test, a_next_link_back_to_the_first_page_stops_the_items_poll_and_the_stock_scan) {
    auto codes = sap_store([](sim::sap::store& s, const sim::sap::sim_time&) {
        std::vector<std::string> all;
        for (const auto& entry : s.items) all.push_back(entry.first);
        return all;
    });
    for (const auto& code : codes) change_sap_item(code, {{"ItemName", "Renamed " + code}});  // all changed
    sim::sap::fault_plan circle;
    circle.repeat_link_path = "/Items";
    circle.repeat_link_after = 1;  // the first page is answered as it is, the second links back to it
    circle.repeat_link_count = 1;
    circle.repeat_link_rewinds = true;
    sap_sim->state().set_faults(circle);
    auto polled = run_coro(ioc, items_poller->poll_once());
    ASSERT_TRUE(polled.error) << polled.pages << " pages, " << polled.items << " items";
    EXPECT_NE(polled.error->find("already read"), std::string::npos) << *polled.error;
    EXPECT_FALSE(polled.complete) << "the watermark stays";
    EXPECT_EQ(polled.pages, 2u);

    sap_sim->state().set_faults(circle);
    auto scanned = run_coro(ioc, sync->scan(false));
    ASSERT_TRUE(scanned.error);
    EXPECT_NE(scanned.error->find("already read"), std::string::npos) << *scanned.error;

    sap_sim->state().set_faults({});
    auto again = run_coro(ioc, items_poller->poll_once());
    EXPECT_TRUE(again.complete) << again.error.value_or("");
    EXPECT_GT(again.pages, 2u) << "several pages, so the circle above was a real one";
}

TEST_F(items_flow_test, a_resync_corrects_what_was_changed_in_shipstation_and_leaves_the_rest) {
    run_coro(ioc, watch->look(false));
    const auto code = first_ordered_item();
    const auto right = level("se-4567", code);
    ss_sim->state().control_set_inventory(
        json::object{{"sku", code}, {"inventory_location_id", "se-4567"}, {"on_hand", right + 50}});
    auto calls = ss_sim->state().counters().by_endpoint["POST /v2/inventory"];
    auto report = run_coro(ioc, sync->scan(true));
    EXPECT_FALSE(report.error);
    EXPECT_EQ(report.sent, 1u);
    EXPECT_EQ(ss_sim->state().counters().by_endpoint["POST /v2/inventory"], calls + 1);
    EXPECT_EQ(level("se-4567", code), right);
}

TEST_F(items_flow_test, shipstations_customer_ids_are_recorded_beside_the_business_partners) {
    poll();
    push_all();
    items::customer_recorder recorder(db(), *shipstation, flow, log_);
    auto report = run_coro(ioc, recorder.record_once());
    EXPECT_FALSE(report.error);
    EXPECT_GT(report.recorded, 0u);
    auto card_code = sap_store([](sim::sap::store& s, const sim::sap::sim_time&) {
        return std::string(s.orders.begin()->second.at("CardCode").as_string());
    });
    auto id = run([&](pqxx::work& w) { return db::customer_links::find(w, "SBODEMOUS", card_code); });
    ASSERT_TRUE(id);
    auto customer = ss_sim->state().get_customer(*id);
    EXPECT_EQ(customer.status, 200u);
    // Nothing changed since: the next look records nothing new.
    EXPECT_EQ(run_coro(ioc, recorder.record_once()).recorded, 0u);
}

}  // namespace
}  // namespace mlc::test
