// Shipments become SAP deliveries against PostgreSQL and both simulators: whole and partial shipments, the
// tracking number on the order, exactly one delivery per shipment (also when the POST's answer is lost),
// SAP's business errors as dead letters, voided labels, and the batches and serial numbers of batch- and
// serial-managed items.
#include "common/setting_parsers.hpp"
#include "db/job_queue.hpp"
#include "db/shipment_links.hpp"
#include "db/webhook_inbox.hpp"
#include "flows/orders/order_status.hpp"
#include "flows/shipments/delivery_writer.hpp"
#include "flows/shipments/resource_fetcher.hpp"
#include "flows/shipments/shipment_jobs.hpp"
#include "tests/integration/delivery_fixture.hpp"
#include "tests/simulators/sap_b1/batches.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>
#include <vector>

namespace mlc::test {
namespace {

namespace links = db::shipment_links;

class shipments_delivery_test : public delivery_fixture {};

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
    boost::json::array items{boost::json::object{
        {"lineItemKey", std::to_string(first.at("LineNum").as_int64())}, {"quantity", 1}}};
    ship_and_fetch(doc_num, items);
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    auto deliveries = deliveries_of(doc_entry);
    ASSERT_EQ(deliveries.size(), 1u);
    const auto& lines = deliveries[0].at("DocumentLines").as_array();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].at("BaseLine").as_int64(), first.at("LineNum").as_int64());
    EXPECT_EQ(lines[0].at("Quantity").to_number<double>(), 1.0);
    bool whole_line =
        first.at("Quantity").to_number<double>() == 1.0 && order.at("DocumentLines").as_array().size() == 1;
    if (!whole_line) {
        EXPECT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(), "bost_Open");
    }
}

TEST_F(shipments_delivery_test, sap_refusing_the_delivery_makes_a_visible_dead_letter_and_the_rest_goes_on) {
    // Two orders without an item in common; the first one's items have no stock left: SAP says -10.
    auto plain = plain_orders();
    int refused_order = -1, plain_order = -1;
    for (std::size_t a = 0; a < plain.size() && refused_order < 0; ++a)
        for (std::size_t b = a + 1; b < plain.size() && refused_order < 0; ++b) {
            std::set<std::string> both = items_of(plain[a]);
            both.merge(items_of(plain[b]));
            if (both.size() == items_of(plain[a]).size() + items_of(plain[b]).size()) {
                refused_order = plain[a];
                plain_order = plain[b];
            }
        }
    ASSERT_GT(refused_order, 0);
    const auto drained = items_of(refused_order);
    sap_store([&](sim::sap::store& s, const sim::sap::sim_time&) {
        for (const auto& code : drained) sim::sap::adjust_stock(s, code, "01", -1e6, 0);
    });
    auto refused = ship_and_fetch(refused_order);
    auto fine = ship_and_fetch(plain_order);
    auto r = deliver();
    EXPECT_EQ(r.dead, 1u);
    EXPECT_EQ(r.delivered, 1u);
    auto link = link_of(refused);
    EXPECT_EQ(link.state, links::link_state::dead);
    EXPECT_NE(link.last_error.value_or("").find("SAP refused the delivery"), std::string::npos)
        << *link.last_error;
    EXPECT_EQ(link_of(fine).state, links::link_state::delivered);
    EXPECT_EQ(sql("SELECT count(*) FROM job_queue WHERE kind = 'deliver_shipment' AND state = 'dead'")[0][0]
                  .as<int>(),
              1);
    EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE entity_type = 'shipstation_shipment' AND outcome = "
                  "'dead_letter'")[0][0]
                  .as<int>(),
              1);
}

// SAP's generic -5002 (a DI-core rule the connector cannot foresee): a dead letter at once with SAP's
// message, the other shipment goes on, and once fixed in SAP an operator's replay of the order delivers it.
TEST_F(shipments_delivery_test, a_5002_refusal_is_a_dead_letter_that_the_orders_replay_delivers) {
    auto plain = plain_orders();
    ASSERT_GE(plain.size(), 2u);
    std::map<std::int64_t, int> doc_num_of;  // shipmentId -> DocNum
    for (int doc_num : {plain[0], plain[1]}) doc_num_of[ship_and_fetch(doc_num)] = doc_num;
    sim::sap::fault_plan plan;
    plan.refuse_count = 1;
    plan.refuse_path = "DeliveryNotes";
    plan.refuse_message = "Internal error (-5002) occurred";
    sap_sim->state().set_faults(plan);

    auto r = deliver();
    EXPECT_EQ(r.dead, 1u) << log_text.str();
    EXPECT_EQ(r.delivered, 1u);
    std::int64_t refused = 0;
    for (const auto& [id, doc_num] : doc_num_of)
        if (link_of(id).state == links::link_state::dead) refused = id;
    ASSERT_NE(refused, 0);
    EXPECT_NE(link_of(refused).last_error.value_or("").find("-5002"), std::string::npos)
        << *link_of(refused).last_error;
    const int refused_doc_num = doc_num_of.at(refused);
    EXPECT_TRUE(deliveries_of(link_of_doc_num(refused_doc_num)->doc_entry).empty());

    EXPECT_EQ(
        run([&](pqxx::work& w) { return flows::orders::replay_order(w, "SBODEMOUS", refused_doc_num); }),
        flows::orders::replay_result::replayed);
    EXPECT_EQ(link_of(refused).state, links::link_state::received);
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    EXPECT_EQ(link_of(refused).state, links::link_state::delivered);
    EXPECT_EQ(deliveries_of(link_of_doc_num(refused_doc_num)->doc_entry).size(), 1u);
    EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE entity_type = 'shipstation_shipment' AND action ="
                  " 'replay_requested' AND entity_key = 'shipment:" +
                  std::to_string(refused) + "'")[0][0]
                  .as<int>(),
              1);
    // Nothing left to replay.
    EXPECT_EQ(
        run([&](pqxx::work& w) { return flows::orders::replay_order(w, "SBODEMOUS", refused_doc_num); }),
        flows::orders::replay_result::nothing_to_replay);
}

// The delivery is written but the order's PATCH fails: the link is delivered with its update pending, and
// the retry only patches the order (it never searches or posts again).
TEST_F(shipments_delivery_test,
       an_order_patch_that_fails_after_the_delivery_is_retried_without_a_second_delivery) {
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);
    // The first POST's answer is lost (so the retry looks for the stamp first), then the PATCH fails once.
    commit_then_lose_the_answer();
    auto first = run_coro(ioc, writer->deliver_once());
    EXPECT_EQ(first.failed, 1u) << log_text.str();
    EXPECT_TRUE(link_of(shipment_id).delivery_in_doubt_at);
    sim::sap::fault_plan plan;
    plan.fail_count = 3;  // more than the client's own attempts, if it retries a PATCH
    plan.fail_status = 503;
    plan.fail_path = "/Orders(";  // without a status field, the retry's only request to Orders is the PATCH
    sap_sim->state().set_faults(plan);
    auto second = run_coro(ioc, writer->deliver_once());
    EXPECT_EQ(second.found, 1u) << log_text.str();
    EXPECT_EQ(second.order_updates_failed, 1u);
    auto link = link_of(shipment_id);
    EXPECT_EQ(link.state, links::link_state::delivered);  // the delivery is the record
    ASSERT_TRUE(link.delivery_doc_entry);
    EXPECT_FALSE(link.delivery_in_doubt_at);  // found: nothing is in doubt any more
    EXPECT_EQ(link.order_update_state, links::order_update::pending);
    EXPECT_NE(link.order_update_error.value_or("").find("updating the sales order"), std::string::npos);
    EXPECT_EQ(sql("SELECT state FROM job_queue WHERE kind = 'deliver_shipment'")[0][0].as<std::string>(),
              "failed");
    const auto before = sap_order(doc_num).at("TrackingNumber");
    EXPECT_TRUE(before.is_null() || before.as_string() != link.tracking_number) << before;  // not patched yet

    sap_sim->state().set_faults({});
    sap_sim->state().reset_counters();
    auto third = run_coro(ioc, writer->deliver_once());
    EXPECT_EQ(third.orders_updated, 1u) << log_text.str();
    EXPECT_EQ(third.found + third.delivered, 0u);
    EXPECT_EQ(sap_sim->state().counters().requests["GET /b1s/v1/DeliveryNotes"],
              0u);  // no search: it is recorded
    EXPECT_EQ(deliveries_of(doc_entry).size(), 1u);
    EXPECT_EQ(sap_order(doc_num).at("TrackingNumber").as_string(), link.tracking_number);
    EXPECT_EQ(link_of(shipment_id).state, links::link_state::delivered);
    EXPECT_EQ(link_of(shipment_id).order_update_state, links::order_update::done);
}

TEST_F(shipments_delivery_test, a_label_voided_before_its_delivery_is_skipped) {
    const int doc_num = order_with(false);
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);
    ASSERT_EQ(ss_sim->state().control_void(boost::json::object{{"shipmentId", shipment_id}}).status, 200u);
    receive(ss_sim->base_url() + "/shipments?includeShipmentItems=true");  // lists the void too
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
    auto fulfilled = fulfill(boost::json::object{{"orderId", *link_of_doc_num(doc_num)->shipstation_order_id},
                                                 {"carrierCode", "fedex"},
                                                 {"trackingNumber", "FX-777"}});
    ASSERT_EQ(fulfilled.status, 200u) << boost::json::serialize(fulfilled.body);
    const auto fulfillment_id = fulfilled.body.at("fulfillmentId").to_number<std::int64_t>();
    receive(ss_sim->base_url() + "/fulfillments?fulfillmentId=" +
                std::to_string(fulfilled.body.at("fulfillmentId").to_number<std::int64_t>()),
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
    auto link =
        run([&](pqxx::work& w) { return links::find(w, links::link_kind::fulfillment, fulfillment_id); });
    ASSERT_TRUE(link);
    EXPECT_EQ(link->state, links::link_state::delivered);
    EXPECT_NE(std::string(deliveries[0].at("Comments").as_string()).find("SS-FULF-"), std::string::npos);
}

TEST_F(shipments_delivery_test, a_batch_managed_line_takes_the_earliest_expiring_batches_first_across_two) {
    const int doc_num = new_order({{"A00004", 5}, {"A00001", 1}});
    // On the writer's date 2025-09-01: 01B expires first but holds 2, 01A follows, OLD expired in August.
    put_batch({{"ItemCode", "A00004"},
               {"Batch", "B00004-01A"},
               {"WarehouseCode", "01"},
               {"Quantity", 50},
               {"ExpirationDate", "2026-03-01"}});
    put_batch({{"ItemCode", "A00004"},
               {"Batch", "B00004-01B"},
               {"WarehouseCode", "01"},
               {"Quantity", 2},
               {"ExpirationDate", "2025-12-01"}});
    put_batch({{"ItemCode", "A00004"},
               {"Batch", "OLD"},
               {"WarehouseCode", "01"},
               {"Quantity", 10},
               {"ExpirationDate", "2025-08-15"}});
    auto shipment_id = ship_and_fetch(doc_num);

    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    EXPECT_EQ(link_of(shipment_id).state, links::link_state::delivered);
    auto lines = delivered_lines(doc_num);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(
        lines[0].at("BatchNumbers"),
        boost::json::parse(
            R"([{"BatchNumber":"B00004-01B","Quantity":2.0},{"BatchNumber":"B00004-01A","Quantity":3.0}])"));
    EXPECT_EQ(lines[1].at("BatchNumbers"), boost::json::array{});  // A00001 is not batch-managed
    EXPECT_EQ(batch_stock("A00004", "B00004-01B"), 0);
    EXPECT_EQ(batch_stock("A00004", "B00004-01A"), 47);
    EXPECT_EQ(batch_stock("A00004", "OLD"), 10);
    auto audited = sql("SELECT request_summary::text FROM audit_log WHERE action = 'delivery_created'");
    ASSERT_EQ(audited.size(), 1u);
    EXPECT_NE(audited[0][0].as<std::string>().find("B00004-01B"), std::string::npos)
        << audited[0][0].as<std::string>();
}

TEST_F(shipments_delivery_test, with_the_fail_rule_a_batch_managed_line_is_a_replayable_dead_letter) {
    make_writer(false, batch_rule::fail);
    const int doc_num = new_order({{"A00004", 1}});
    auto shipment_id = ship_and_fetch(doc_num);
    auto r = deliver();
    EXPECT_EQ(r.dead, 1u) << log_text.str();
    EXPECT_EQ(r.delivered, 0u);
    const std::string reason = "batch-managed item A00004 needs batches chosen by hand (MLC_BATCH_RULE=fail)";
    expect_dead_letter(doc_num, shipment_id, reason);
    auto audited = sql("SELECT outcome, error FROM audit_log WHERE action = 'dead_lettered'");
    ASSERT_EQ(audited.size(), 1u);
    EXPECT_EQ(audited[0][0].as<std::string>(), "dead_letter");
    EXPECT_EQ(audited[0][1].as<std::string>(), reason);

    // Batches chosen otherwise (here: the rule changed), the dead letter is replayed and delivered.
    make_writer(false, batch_rule::fifo);
    run([&](pqxx::work& w) {
        auto id = w.exec1("SELECT id FROM job_queue WHERE kind = 'deliver_shipment' AND state = 'dead'")[0]
                      .as<std::int64_t>();
        EXPECT_TRUE(db::job_queue::replay(w, id));
    });
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    EXPECT_EQ(delivered_lines(doc_num)[0].at("BatchNumbers").as_array().size(), 1u);
}

TEST_F(shipments_delivery_test, not_enough_batch_stock_is_a_dead_letter_naming_what_is_missing) {
    const int doc_num = new_order({{"A00008", 30}});
    put_batch({{"ItemCode", "A00008"}, {"Batch", "B00008-01A"}, {"WarehouseCode", "01"}, {"Quantity", 10}});
    put_batch({{"ItemCode", "A00008"}, {"Batch", "B00008-01B"}, {"WarehouseCode", "01"}, {"Quantity", 5}});
    auto shipment_id = ship_and_fetch(doc_num);
    EXPECT_EQ(deliver().dead, 1u) << log_text.str();
    expect_dead_letter(
        doc_num, shipment_id,
        "batch-managed item A00008 in warehouse 01: 30 wanted, 15 available in released batches that "
        "have not expired");
    EXPECT_EQ(batch_stock("A00008", "B00008-01A"), 10);
}

TEST_F(shipments_delivery_test,
       a_serial_managed_item_is_delivered_with_the_serial_numbers_of_its_item_options) {
    const int doc_num = new_order({{"A00006", 2}});
    add_item_options(doc_num, "A00006",
                     {boost::json::object{{"name", "Color"}, {"value", "red"}},
                      boost::json::object{{"name", "Serial Number"}, {"value", "SN-100, SN-101"}}});
    ship_and_fetch(doc_num);
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    auto lines = delivered_lines(doc_num);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].at("SerialNumbers"),
              boost::json::parse(R"([{"InternalSerialNumber":"SN-100","Quantity":1.0},
                                     {"InternalSerialNumber":"SN-101","Quantity":1.0}])"));
}

TEST_F(shipments_delivery_test, a_serial_managed_item_without_serial_numbers_is_a_dead_letter) {
    const int doc_num = new_order({{"A00006", 1}});
    auto shipment_id = ship_and_fetch(doc_num);
    EXPECT_EQ(deliver().dead, 1u) << log_text.str();
    expect_dead_letter(
        doc_num, shipment_id,
        "serial-managed item A00006: 1 shipped, and its ShipStation item has no option named Serial "
        "Number, Serial Numbers, Serial or SN to take serial numbers from");
}

TEST_F(shipments_delivery_test, a_fulfillment_gets_batches_by_the_rule_too) {
    const int doc_num = new_order({{"A00004", 3}});
    auto fulfilled = fulfill(boost::json::object{{"orderId", *link_of_doc_num(doc_num)->shipstation_order_id},
                                                 {"carrierCode", "fedex"},
                                                 {"trackingNumber", "FX-9"}});
    ASSERT_EQ(fulfilled.status, 200u) << boost::json::serialize(fulfilled.body);
    receive(ss_sim->base_url() + "/fulfillments?fulfillmentId=" +
                std::to_string(fulfilled.body.at("fulfillmentId").to_number<std::int64_t>()),
            "FULFILLMENT_SHIPPED");
    EXPECT_EQ(fetch().new_records, 1u);
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    auto batches = delivered_lines(doc_num)[0].at("BatchNumbers").as_array();
    double total = 0;
    for (const auto& b : batches) total += b.at("Quantity").to_number<double>();
    EXPECT_EQ(total, 3);
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
    receive(ss_sim->base_url() + "/shipments?includeShipmentItems=true");  // lists the void too
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
        EXPECT_EQ(sap_order(doc_num).at("DocumentStatus").as_string(),
                  "bost_Open");  // the stock and lines came back
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
    int doc_num = -1;
    for (int candidate : plain_orders()) {
        double total = 0;
        const auto candidate_order = sap_order(candidate);
        for (const auto& l : candidate_order.at("DocumentLines").as_array())
            total += l.at("Quantity").to_number<double>();
        if (total >= 2) {
            doc_num = candidate;
            break;
        }
    }
    ASSERT_GT(doc_num, 0);
    auto order = sap_order(doc_num);
    boost::json::array first_unit, rest;
    bool first = true;
    for (const auto& v : order.at("DocumentLines").as_array()) {
        const auto& l = v.as_object();
        auto key = std::to_string(l.at("LineNum").as_int64());
        double q = l.at("Quantity").to_number<double>();
        if (first) first_unit.push_back(boost::json::object{{"lineItemKey", key}, {"quantity", 1}});
        if (q - (first ? 1 : 0) > 0)
            rest.push_back(boost::json::object{{"lineItemKey", key}, {"quantity", q - (first ? 1 : 0)}});
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
    EXPECT_EQ(after_partial.at("U_ShipDate").as_string().subview().substr(0, 10),
              format_date(*link.ship_date));
    auto deliveries = deliveries_of(link_of_doc_num(doc_num)->doc_entry);
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].at("DocDate").as_string().subview().substr(0, 10), format_date(*link.ship_date));

    ship_and_fetch(doc_num, rest);
    ASSERT_EQ(deliver().delivered, 1u) << log_text.str();
    auto after_all = sap_order(doc_num);
    EXPECT_EQ(after_all.at("DocumentStatus").as_string(), "bost_Close");
    EXPECT_EQ(after_all.at("U_ShipStatus").as_string(), "Shipped");
    // Audited in order for each shipment: mapped, delivery created, order patched (with what was written).
    auto steps =
        sql("SELECT action, coalesce(request_summary->>'U_ShipStatus', '') FROM audit_log"
            " WHERE entity_type = 'shipstation_shipment' AND action IN"
            " ('shipment_mapped', 'delivery_created', 'order_patched') ORDER BY id");
    ASSERT_EQ(steps.size(), 6u);
    const char* expected[] = {"shipment_mapped", "delivery_created", "order_patched"};
    for (std::size_t i = 0; i < steps.size(); ++i)
        EXPECT_EQ(steps[i][0].as<std::string>(), expected[i % 3]) << i;
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
            make_writer(false, batch_rule::fefo, *impatient_sap);
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
