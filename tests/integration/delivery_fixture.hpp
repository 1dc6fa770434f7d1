// The shipments fixture with a delivery writer and what the delivery tests look at: links, SAP deliveries and
// orders, batches, dead letters (header-only: only integration_tests links the simulators).
#pragma once

#include "db/job_queue.hpp"
#include "db/shipment_links.hpp"
#include "flows/shipments/delivery_writer.hpp"
#include "tests/integration/shipments_fixture.hpp"
#include "tests/simulators/sap_b1/batches.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"

#include <boost/json/serialize.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace mlc::test {

class delivery_fixture : public shipments_fixture {
protected:
    void SetUp() override {
        shipments_fixture::SetUp();
        make_writer();
    }
    void TearDown() override {
        writer.reset();
        shipments_fixture::TearDown();
    }
    // The writer's "today", for batch expiry.
    static constexpr auto writer_today = std::chrono::sys_days(std::chrono::year(2025) / 9 / 1);

    void make_writer(bool cancel_on_void = false, batch_rule rule = batch_rule::fefo) {
        make_writer(cancel_on_void, rule, *sap);
    }
    void make_writer(bool cancel_on_void, batch_rule rule, clients::sap::client& via) {
        auto ds = flows::shipments::make_delivery_settings(cfg);
        ds.cancel_on_void = cancel_on_void;
        ds.batches = rule;
        ds.now = [] { return std::chrono::system_clock::time_point(writer_today) + std::chrono::hours(12); };
        ds.retry_delay = std::chrono::milliseconds(0);  // retried by the next deliver_once
        ds.retry_max_delay = std::chrono::milliseconds(0);
        ds.doubt_settle = std::chrono::milliseconds(0);  // a lost POST is searched for at once
        ds.carrier_map = {{"ups/ups_ground", 1}, {"fedex", 2}};
        writer = std::make_unique<flows::shipments::delivery_writer>(db(), via, ds, log_, "test-writer",
                                                                     cfg.database);
    }

    // SAP commits the next delivery POST and answers it with a proxy's 502: it is in doubt.
    void commit_then_lose_the_answer() {
        sim::sap::fault_plan plan;
        plan.commit_then_fail_count = 1;
        plan.commit_then_fail_status = 502;
        plan.commit_then_fail_path = "DeliveryNotes";
        sap_sim->state().set_faults(plan);
    }

    // The next delivery POST is lost before SAP handles it (a proxy's 502): in doubt, but nothing was
    // written.
    void lose_the_next_post() {
        sim::sap::fault_plan plan;
        plan.fail_count = 1;
        plan.fail_status = 502;
        plan.fail_method = "POST";
        plan.fail_path = "DeliveryNotes";
        sap_sim->state().set_faults(plan);
    }

    // DocNums of the seeded orders whose items need no batch or serial numbers.
    std::vector<int> plain_orders() {
        return sap_store([&](sim::sap::store& s, const sim::sap::sim_time&) {
            std::vector<int> out;
            for (int entry : orders_with_batches(s, false))
                out.push_back(static_cast<int>(s.orders.at(entry).at("DocNum").as_int64()));
            return out;
        });
    }

    std::set<std::string> items_of(int doc_num) {
        std::set<std::string> out;
        const auto order = sap_order(doc_num);
        for (const auto& l : order.at("DocumentLines").as_array()) out.emplace(l.at("ItemCode").as_string());
        return out;
    }

    // A new SAP order of `lines` (ItemCode, quantity) in warehouse 01, sent to ShipStation; returns its
    // DocNum.
    int new_order(const std::vector<std::pair<std::string, double>>& lines) {
        boost::json::array document_lines;
        for (const auto& [code, quantity] : lines)
            document_lines.push_back({{"ItemCode", code}, {"Quantity", quantity}, {"WarehouseCode", "01"}});
        int entry = sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
            boost::json::object body{{"CardCode", s.partners.begin()->first},
                                     {"DocDueDate", now.date},
                                     {"DocumentLines", document_lines}};
            return sim::sap::create_order(s, body, now).value();
        });
        EXPECT_EQ(poll().queued, 1u);
        EXPECT_EQ(push_all().sent, 1u);
        return sap_orders().at(entry);
    }

    // Sets a batch in the SAP simulator (see sim::sap::put_batch).
    void put_batch(const boost::json::object& batch) {
        auto error = sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
            return sim::sap::put_batch(s, batch, now);
        });
        ASSERT_FALSE(error) << error->message;
    }

    double batch_stock(const std::string& item, const std::string& batch) {
        return sap_store([&](sim::sap::store& s, const sim::sap::sim_time&) {
            return s.batch_stock.at({item, batch, "01"});
        });
    }

    // Someone adds options to the order's item of `sku` in ShipStation (createorder with its orderKey updates
    // it).
    void add_item_options(int doc_num, const std::string& sku, boost::json::array options) {
        auto order =
            ss_sim->state().get_order(*link_of_doc_num(doc_num)->shipstation_order_id).body.as_object();
        for (auto& item : order.at("items").as_array())
            if (item.at("sku").as_string() == sku) item.as_object()["options"] = options;
        std::vector<sim::shipstation::webhook_delivery> hooks;
        auto r = ss_sim->state().create_order(order, hooks);
        ASSERT_EQ(r.status, 200u) << boost::json::serialize(r.body);
    }

    // The only delivery of the order's DocEntry, its lines by BaseLine.
    std::map<std::int64_t, boost::json::object> delivered_lines(int doc_num) {
        auto deliveries = deliveries_of(link_of_doc_num(doc_num)->doc_entry);
        EXPECT_EQ(deliveries.size(), 1u);
        std::map<std::int64_t, boost::json::object> out;
        if (deliveries.size() == 1)
            for (const auto& l : deliveries[0].at("DocumentLines").as_array())
                out[l.at("BaseLine").as_int64()] = l.as_object();
        return out;
    }

    // The shipment is a dead letter (link and job) with `reason`, and nothing was posted to SAP.
    void expect_dead_letter(int doc_num, std::int64_t shipment_id, const std::string& reason) {
        EXPECT_TRUE(deliveries_of(link_of_doc_num(doc_num)->doc_entry).empty());
        EXPECT_EQ(link_of(shipment_id).state, db::shipment_links::link_state::dead);
        EXPECT_EQ(link_of(shipment_id).last_error, reason);
        EXPECT_EQ(
            sql("SELECT state FROM job_queue WHERE kind = 'deliver_shipment' AND dedupe_key = 'shipment:" +
                std::to_string(shipment_id) + "'")[0][0]
                .as<std::string>(),
            "dead");
    }

    // Ships the order in ShipStation and fetches the shipment as the webhook would; returns the shipmentId.
    std::int64_t ship_and_fetch(int doc_num, boost::json::array items = {}) {
        auto shipment = ship(doc_num, std::move(items));
        receive(resource_url_of(shipment));
        EXPECT_EQ(fetch().new_records, 1u);
        return shipment.at("shipmentId").to_number<std::int64_t>();
    }

    flows::shipments::delivery_report deliver() {
        flows::shipments::delivery_report sum;
        for (int i = 0; i < 10; ++i) {
            auto r = run_coro(ioc, writer->deliver_once());
            if (r.claimed == 0) break;
            sum.claimed += r.claimed;
            sum.delivered += r.delivered;
            sum.found += r.found;
            sum.skipped += r.skipped;
            sum.cancelled += r.cancelled;
            sum.failed += r.failed;
            sum.dead += r.dead;
            sum.postponed += r.postponed;
            sum.orders_updated += r.orders_updated;
            sum.order_updates_refused += r.order_updates_refused;
            sum.order_updates_failed += r.order_updates_failed;
        }
        return sum;
    }

    db::shipment_links::shipment_link link_of(std::int64_t shipment_id) {
        return *run([&](pqxx::work& w) {
            return db::shipment_links::find(w, db::shipment_links::link_kind::shipment, shipment_id);
        });
    }

    std::unique_ptr<flows::shipments::delivery_writer> writer;
};

}  // namespace mlc::test
