// Shipments become SAP deliveries against PostgreSQL and both simulators: whole and partial shipments, the
// tracking number on the order, exactly one delivery per shipment (also when the POST's answer is lost),
// SAP's business errors as dead letters, and voided labels.
#include "common/setting_parsers.hpp"
#include "db/job_queue.hpp"
#include "db/shipment_links.hpp"
#include "db/webhook_inbox.hpp"
#include "flows/shipments/delivery_writer.hpp"
#include "flows/shipments/resource_fetcher.hpp"
#include "flows/shipments/shipment_jobs.hpp"
#include "tests/integration/shipments_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace links = db::shipment_links;

class shipments_delivery_test : public shipments_fixture {
protected:
    void SetUp() override {
        shipments_fixture::SetUp();
        make_writer();
    }
    void TearDown() override {
        writer.reset();
        shipments_fixture::TearDown();
    }
    void make_writer(bool cancel_on_void = false) { make_writer(cancel_on_void, *sap); }
    void make_writer(bool cancel_on_void, clients::sap::client& via) {
        auto ds = flows::shipments::make_delivery_settings(cfg);
        ds.cancel_on_void = cancel_on_void;
        ds.retry_delay = std::chrono::milliseconds(0);  // retried by the next deliver_once
        ds.retry_max_delay = std::chrono::milliseconds(0);
        ds.carrier_map = {{"ups/ups_ground", 1}, {"fedex", 2}};
        writer = std::make_unique<flows::shipments::delivery_writer>(db(), via, ds, log_, "test-writer");
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
        }
        return sum;
    }

    links::shipment_link link_of(std::int64_t shipment_id) {
        return *run([&](pqxx::work& w) { return links::find(w, links::link_kind::shipment, shipment_id); });
    }

    std::unique_ptr<flows::shipments::delivery_writer> writer;
};

TEST_F(shipments_delivery_test, a_whole_shipment_becomes_one_delivery_with_tracking_and_closes_the_order) {
    const int doc_num = order_with(false);
    ASSERT_GT(doc_num, 0);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);

    auto r = deliver();
    EXPECT_EQ(r.delivered, 1u) << log_text.str();
    auto deliveries = deliveries_of(doc_entry);
    ASSERT_EQ(deliveries.size(), 1u);
    const auto& d = deliveries[0];
    auto link = link_of(shipment_id);
    EXPECT_EQ(link.state, links::link_state::delivered);
    EXPECT_EQ(link.delivery_doc_entry, d.at("DocEntry").as_int64());
    EXPECT_EQ(d.at("TrackingNumber").as_string(), link.tracking_number);
    EXPECT_EQ(d.at("TransportationCode").as_int64(), 1);  // ups/ups_ground through the carrier map
    EXPECT_NE(std::string(d.at("Comments").as_string()).find("SS-SHIP-" + std::to_string(shipment_id)),
              std::string::npos);
    for (const auto& l : d.at("DocumentLines").as_array()) EXPECT_EQ(l.at("BaseType").as_int64(), 17);
    auto order = sap_order(doc_num);
    EXPECT_EQ(order.at("DocumentStatus").as_string(), "bost_Close");  // delivered whole
    EXPECT_EQ(order.at("TrackingNumber").as_string(), link.tracking_number);

    // The same shipment again (a replay, a second webhook): no second delivery.
    run([&](pqxx::work& w) {
        db::job_queue::job_spec spec;
        spec.kind = flows::shipments::deliver_job_kind;
        spec.dedupe_key = "shipment:" + std::to_string(shipment_id);
        spec.payload = boost::json::object{{"kind", "shipment"}, {"id", shipment_id}};
        db::job_queue::enqueue(w, spec);
    });
    deliver();
    EXPECT_EQ(deliveries_of(doc_entry).size(), 1u);
}

TEST_F(shipments_delivery_test, a_partial_shipment_delivers_its_lines_and_leaves_the_order_open) {
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto order = sap_order(doc_num);
    const auto& first = order.at("DocumentLines").as_array()[0].as_object();
    ASSERT_GE(first.at("Quantity").to_number<double>(), 1.0);
    boost::json::array items{boost::json::object{{"lineItemKey", std::to_string(first.at("LineNum").as_int64())},
                                                 {"quantity", 1}}};
    ship_and_fetch(doc_num, items);
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    auto deliveries = deliveries_of(doc_entry);
    ASSERT_EQ(deliveries.size(), 1u);
    const auto& lines = deliveries[0].at("DocumentLines").as_array();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].at("BaseLine").as_int64(), first.at("LineNum").as_int64());
    EXPECT_EQ(lines[0].at("Quantity").to_number<double>(), 1.0);
    bool whole_line = first.at("Quantity").to_number<double>() == 1.0 && order.at("DocumentLines").as_array().size() == 1;
    if (!whole_line) {
        EXPECT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(), "bost_Open");
    }
}

TEST_F(shipments_delivery_test, sap_refusing_the_delivery_makes_a_visible_dead_letter_and_the_rest_goes_on) {
    const int batch_order = order_with(true);  // batch-managed items without batches: SAP says -5002
    const int plain_order = order_with(false);
    ASSERT_GT(batch_order, 0);
    auto refused = ship_and_fetch(batch_order);
    auto fine = ship_and_fetch(plain_order);
    auto r = deliver();
    EXPECT_EQ(r.dead, 1u);
    EXPECT_EQ(r.delivered, 1u);
    auto link = link_of(refused);
    EXPECT_EQ(link.state, links::link_state::dead);
    EXPECT_NE(link.last_error.value_or("").find("SAP refused the delivery"), std::string::npos) << *link.last_error;
    EXPECT_EQ(link_of(fine).state, links::link_state::delivered);
    EXPECT_EQ(sql("SELECT count(*) FROM job_queue WHERE kind = 'deliver_shipment' AND state = 'dead'")[0][0].as<int>(), 1);
    EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE entity_type = 'shipstation_shipment' AND outcome = 'dead_letter'")[0][0]
                  .as<int>(),
              1);
}

TEST_F(shipments_delivery_test, a_label_voided_before_its_delivery_is_skipped) {
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);
    ASSERT_EQ(ss_sim->state().control_void(boost::json::object{{"shipmentId", shipment_id}}).status, 200u);
    receive(ss_sim->base_url() + "/shipments?shipmentId=" + std::to_string(shipment_id));
    fetch();
    auto r = deliver();
    EXPECT_EQ(r.skipped, 1u);
    EXPECT_EQ(r.delivered, 0u);
    EXPECT_TRUE(deliveries_of(doc_entry).empty());
    EXPECT_EQ(link_of(shipment_id).state, links::link_state::skipped);
}

TEST_F(shipments_delivery_test, an_order_marked_shipped_without_a_label_delivers_every_open_line) {
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto fulfilled = ss_sim->state().control_fulfill(boost::json::object{
        {"orderId", *link_of_doc_num(doc_num)->shipstation_order_id}, {"carrierCode", "fedex"},
        {"trackingNumber", "FX-777"}});
    ASSERT_EQ(fulfilled.status, 200u) << boost::json::serialize(fulfilled.body);
    const auto fulfillment_id = fulfilled.body.at("fulfillmentId").to_number<std::int64_t>();
    receive(ss_sim->base_url() + "/fulfillments?orderId=" +
                std::to_string(*link_of_doc_num(doc_num)->shipstation_order_id),
            "FULFILLMENT_SHIPPED");
    EXPECT_EQ(fetch().new_records, 1u);
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    auto deliveries = deliveries_of(doc_entry);
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].at("TrackingNumber").as_string(), "FX-777");
    EXPECT_EQ(deliveries[0].at("TransportationCode").as_int64(), 2);  // fedex through the carrier map
    EXPECT_EQ(deliveries[0].at("DocumentLines").as_array().size(),
              sap_order(doc_num).at("DocumentLines").as_array().size());
    EXPECT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(), "bost_Close");
    auto link = run([&](pqxx::work& w) { return links::find(w, links::link_kind::fulfillment, fulfillment_id); });
    ASSERT_TRUE(link);
    EXPECT_EQ(link->state, links::link_state::delivered);
    EXPECT_NE(std::string(deliveries[0].at("Comments").as_string()).find("SS-FULF-"), std::string::npos);
}

class shipments_void_test : public shipments_delivery_test, public ::testing::WithParamInterface<bool> {};

// Delivered, then the label is voided and fetched again: its delivery job runs once more.
TEST_P(shipments_void_test, a_void_after_delivery_is_flagged_or_cancels_the_delivery) {
    const bool cancel = GetParam();
    cfg.shipments.order_status_field = "U_ShipStatus";
    make_writer(cancel);
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);
    ASSERT_EQ(deliver().delivered, 1u);
    ASSERT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(), "bost_Close");
    EXPECT_EQ(sap_order(doc_num).at("U_ShipStatus").as_string(), "Shipped");

    ASSERT_EQ(ss_sim->state().control_void(boost::json::object{{"shipmentId", shipment_id}}).status, 200u);
    receive(ss_sim->base_url() + "/shipments?shipmentId=" + std::to_string(shipment_id));
    EXPECT_EQ(fetch().new_voids, 1u);
    auto r = deliver();
    auto delivered = deliveries_of(doc_entry);
    if (cancel) {
        EXPECT_EQ(r.cancelled, 1u) << log_text.str();
        EXPECT_EQ(link_of(shipment_id).state, links::link_state::cancelled);
        bool original_cancelled = false;
        for (const auto& d : delivered)
            if (d.at("DocEntry").as_int64() == *link_of(shipment_id).delivery_doc_entry)
                original_cancelled = d.at("Cancelled").as_string() == "tYES";
        EXPECT_TRUE(original_cancelled);
        EXPECT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(), "bost_Open");  // the stock and lines came back
        EXPECT_EQ(sap_order(doc_num).at("U_ShipStatus").as_string(), "Label voided, delivery cancelled");
    } else {
        EXPECT_EQ(r.skipped, 1u);
        EXPECT_EQ(link_of(shipment_id).state, links::link_state::delivered);
        EXPECT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(), "bost_Close");
        EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE action = 'void_noted'")[0][0].as<int>(), 1);
        EXPECT_EQ(sap_order(doc_num).at("U_ShipStatus").as_string(), "Label voided");
    }
}

// The configured order UDFs follow the shipments: carrier, service, the delivery's date, and a status that
// says partial until SAP closes the order with the last delivery.
TEST_F(shipments_delivery_test, the_order_udfs_show_carrier_service_date_and_partial_then_whole_status) {
    cfg.shipments.order_carrier_field = "U_Carrier";
    cfg.shipments.order_service_field = "U_Service";
    cfg.shipments.order_ship_date_field = "U_ShipDate";
    cfg.shipments.order_status_field = "U_ShipStatus";
    make_writer();
    // An order of plain items (no batch or serial numbers) with more than one unit to ship.
    const int doc_num = sap_store([&](sim::sap::store& s, const sim::sap::sim_time&) {
        for (const auto& [entry, order] : s.orders) {
            bool plain = true;
            double total = 0;
            for (const auto& l : order.at("DocumentLines").as_array()) {
                const auto& item = s.items.at(sim::sap::string_or(l.as_object(), "ItemCode"));
                plain = plain && sim::sap::string_or(item, "ManageBatchNumbers") != "tYES" &&
                        sim::sap::string_or(item, "ManageSerialNumbers") != "tYES";
                total += l.at("Quantity").to_number<double>();
            }
            if (plain && total >= 2) return static_cast<int>(order.at("DocNum").as_int64());
        }
        return -1;
    });
    ASSERT_GT(doc_num, 0);
    auto order = sap_order(doc_num);
    boost::json::array first_unit, rest;
    bool first = true;
    for (const auto& v : order.at("DocumentLines").as_array()) {
        const auto& l = v.as_object();
        auto key = std::to_string(l.at("LineNum").as_int64());
        double q = l.at("Quantity").to_number<double>();
        if (first) first_unit.push_back(boost::json::object{{"lineItemKey", key}, {"quantity", 1}});
        if (q - (first ? 1 : 0) > 0) rest.push_back(boost::json::object{{"lineItemKey", key}, {"quantity", q - (first ? 1 : 0)}});
        first = false;
    }
    auto partial = ship_and_fetch(doc_num, first_unit);
    auto r = deliver();
    ASSERT_EQ(r.delivered, 1u) << log_text.str();
    auto after_partial = sap_order(doc_num);
    EXPECT_EQ(after_partial.at("DocumentStatus").as_string(), "bost_Open");
    EXPECT_EQ(after_partial.at("U_ShipStatus").as_string(), "Partially shipped");
    EXPECT_EQ(after_partial.at("U_Carrier").as_string(), "ups");
    EXPECT_EQ(after_partial.at("U_Service").as_string(), "ups_ground");
    auto link = link_of(partial);
    ASSERT_TRUE(link.ship_date);
    ASSERT_TRUE(link.shipstation_created_at);  // createDate, stored in UTC
    EXPECT_EQ(after_partial.at("U_ShipDate").as_string().subview().substr(0, 10), format_date(*link.ship_date));
    auto deliveries = deliveries_of(link_of_doc_num(doc_num)->doc_entry);
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].at("DocDate").as_string().subview().substr(0, 10), format_date(*link.ship_date));

    ship_and_fetch(doc_num, rest);
    ASSERT_EQ(deliver().delivered, 1u) << log_text.str();
    auto after_all = sap_order(doc_num);
    EXPECT_EQ(after_all.at("DocumentStatus").as_string(), "bost_Close");
    EXPECT_EQ(after_all.at("U_ShipStatus").as_string(), "Shipped");
    // Audited in order for each shipment: mapped, delivery created, order patched (with what was written).
    auto steps = sql("SELECT action, coalesce(request_summary->>'U_ShipStatus', '') FROM audit_log"
                     " WHERE entity_type = 'shipstation_shipment' AND action IN"
                     " ('shipment_mapped', 'delivery_created', 'order_patched') ORDER BY id");
    ASSERT_EQ(steps.size(), 6u);
    const char* expected[] = {"shipment_mapped", "delivery_created", "order_patched"};
    for (std::size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(steps[i][0].as<std::string>(), expected[i % 3]) << i;
    EXPECT_EQ(steps[2][1].as<std::string>(), "Partially shipped");
    EXPECT_EQ(steps[5][1].as<std::string>(), "Shipped");
}

INSTANTIATE_TEST_SUITE_P(policies, shipments_void_test, ::testing::Values(false, true),
                         [](const auto& param) { return param.param ? "cancel" : "flag"; });

// How SAP's answer to a committed POST is lost (reference §7.6: each may have been committed).
enum class lost_answer { proxy_502, empty_500, timeout };

class shipments_in_doubt_test : public shipments_delivery_test,
                                public ::testing::WithParamInterface<lost_answer> {
protected:
    void TearDown() override {
        writer.reset();
        if (impatient_sap) run_coro(ioc, impatient_sap->shutdown());
        impatient_sap.reset();
        shipments_delivery_test::TearDown();
    }
    // SAP commits the next DeliveryNotes POST and its answer is lost the way the parameter says.
    void lose_the_next_answer() {
        sim::sap::fault_plan plan;
        if (GetParam() == lost_answer::timeout) {
            plan.commit_then_hold_count = 1;
            plan.commit_then_hold = std::chrono::seconds(30);  // far beyond the attempt: lost, not late
            plan.commit_then_hold_path = "DeliveryNotes";
            auto opts = clients::sap::options_for(cfg.sap);
            opts.attempt_timeout = std::chrono::milliseconds(300);
            impatient_sap = std::make_unique<clients::sap::client>(cfg.sap, opts, log_, ioc.get_executor());
            make_writer(false, *impatient_sap);
        } else {
            plan.commit_then_fail_count = 1;
            plan.commit_then_fail_status = GetParam() == lost_answer::empty_500 ? 500 : 502;
            plan.commit_then_fail_path = "DeliveryNotes";
        }
        sap_sim->state().set_faults(plan);
    }
    std::uint64_t delivery_posts() {
        return sap_sim->state().counters().requests["POST /b1s/v1/DeliveryNotes"];
    }

    std::unique_ptr<clients::sap::client> impatient_sap;  // the timeout case's: a short attempt timeout
};

TEST_P(shipments_in_doubt_test,
       a_delivery_committed_without_an_answer_is_found_by_its_stamp_and_not_posted_again) {
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);
    lose_the_next_answer();

    auto r = deliver();
    EXPECT_EQ(r.failed, 1u) << log_text.str();  // in doubt: retried, not dead-lettered
    EXPECT_EQ(r.dead, 0u);
    EXPECT_EQ(r.found, 1u);
    EXPECT_EQ(r.delivered, 0u);
    EXPECT_EQ(delivery_posts(), 1u);
    auto deliveries = deliveries_of(doc_entry);
    ASSERT_EQ(deliveries.size(), 1u);
    auto link = link_of(shipment_id);
    EXPECT_EQ(link.state, links::link_state::delivered);
    EXPECT_EQ(link.delivery_doc_entry, deliveries[0].at("DocEntry").as_int64());
    EXPECT_EQ(sim::sap::string_or(sap_order(doc_num), "TrackingNumber"), link.tracking_number);
    auto failed = sql("SELECT error FROM audit_log WHERE action = 'failed'");
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_NE(failed[0][0].as<std::string>().find("in_doubt"), std::string::npos)
        << failed[0][0].as<std::string>();
    EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE action = 'delivery_found'")[0][0].as<int>(), 1);
    EXPECT_EQ(sql("SELECT state FROM job_queue WHERE kind = 'deliver_shipment'")[0][0].as<std::string>(),
              "succeeded");
}

constexpr const char* lost_answer_names[] = {"proxy_502", "empty_500", "timeout"};

INSTANTIATE_TEST_SUITE_P(answers, shipments_in_doubt_test,
                         ::testing::Values(lost_answer::proxy_502, lost_answer::empty_500,
                                           lost_answer::timeout),
                         [](const auto& param) { return lost_answer_names[static_cast<int>(param.param)]; });

}  // namespace
}  // namespace mlc::test
