// Previews against PostgreSQL and both simulators: the ShipStation body previewed for an order is the one
// the flow then sends, a filtered or unchanged order says why it is not sent, a shipment's previewed
// delivery and order PATCH are what SAP then receives, and a preview writes nothing anywhere.
#include "clients/sap/batch_stock.hpp"
#include "flows/orders/order_preview.hpp"
#include "flows/shipments/delivery_preview.hpp"
#include "tests/integration/delivery_fixture.hpp"
#include "tests/integration/orders_flow_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlc::test {
namespace {

namespace orders = flows::orders;
namespace shipments = flows::shipments;

class preview_orders_test : public orders_flow_fixture {
protected:
    // The order previews of `doc_num` (or `doc_entry`) through the fixture's own SAP client and settings.
    std::vector<orders::order_preview> preview_orders(int doc_num, std::optional<int> doc_entry = {}) {
        orders::order_previewer previewer(db(), *sap, settings, *item_reader);
        auto got = run_coro(ioc, previewer.preview(doc_num, doc_entry));
        EXPECT_TRUE(got) << (got ? "" : got.error());
        return got ? *got : std::vector<orders::order_preview>{};
    }
};

TEST_F(preview_orders_test, the_previewed_body_is_what_shipstation_receives_and_nothing_is_written) {
    const auto [doc_entry, doc_num] = *sap_orders().begin();
    const auto before = write_counts();
    auto previews = preview_orders(doc_num);
    EXPECT_EQ(write_counts(), before);
    ASSERT_EQ(previews.size(), 1u);
    const auto& p = previews[0];
    EXPECT_EQ(p.doc_entry, doc_entry);
    EXPECT_TRUE(p.would_send) << p.reason;
    EXPECT_EQ(p.operation, "create");
    EXPECT_FALSE(p.link_state.has_value());
    ASSERT_TRUE(p.body.has_value());

    ASSERT_TRUE(poll().complete);
    ASSERT_EQ(push_all().sent, static_cast<std::size_t>(seeded_orders));
    const std::string key(p.body->at("orderKey").as_string());
    auto received = ss_sim->state().received_order_body(key);
    ASSERT_TRUE(received.has_value());
    EXPECT_EQ(*received, *p.body) << boost::json::serialize(*received) << "\n"
                                  << boost::json::serialize(*p.body);

    // Pushed: unchanged since, and what ShipStation has, now with its orderId.
    auto again = preview_orders(doc_num);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_FALSE(again[0].would_send);
    EXPECT_EQ(again[0].link_state, "sent");
    EXPECT_TRUE(again[0].same_as_sent);
    EXPECT_NE(again[0].reason.find("unchanged since the last push"), std::string::npos) << again[0].reason;
    ASSERT_TRUE(again[0].body.has_value());
    EXPECT_EQ(again[0].body->at("orderId"),
              boost::json::value(*link_of_doc_num(doc_num)->shipstation_order_id));

    // An order changed in SAP previews the update the next poll sends, with orderId, as sent.
    patch_sap_order(doc_entry, {{"Comments", "call before delivery"}});
    auto changed = preview_orders(doc_num);
    ASSERT_EQ(changed.size(), 1u);
    EXPECT_TRUE(changed[0].would_send) << changed[0].reason;
    EXPECT_EQ(changed[0].operation, "update");
    EXPECT_FALSE(changed[0].same_as_sent);
    ASSERT_TRUE(poll().complete);
    ASSERT_EQ(push_all().sent, 1u);
    auto updated = ss_sim->state().received_order_body(key);
    ASSERT_TRUE(updated.has_value());
    EXPECT_EQ(*updated, *changed[0].body);
}

TEST_F(preview_orders_test, a_filtered_order_says_why_and_an_unknown_docnum_gives_none) {
    settings.filter.flag_field = "U_WEBORDID";  // seeded "1001", ...: never "Y"
    const auto [doc_entry, doc_num] = *sap_orders().begin();
    const auto before = write_counts();
    auto previews = preview_orders(doc_num);
    ASSERT_EQ(previews.size(), 1u);
    EXPECT_FALSE(previews[0].would_send);
    EXPECT_FALSE(previews[0].body.has_value());
    EXPECT_NE(previews[0].reason.find("U_WEBORDID is '"), std::string::npos) << previews[0].reason;
    EXPECT_NE(previews[0].reason.find("not 'Y'"), std::string::npos) << previews[0].reason;
    EXPECT_TRUE(preview_orders(987654).empty());
    EXPECT_TRUE(preview_orders(doc_num, doc_entry + 100000).empty());
    EXPECT_EQ(write_counts(), before);
}

TEST_F(preview_orders_test, orders_sharing_a_docnum_are_each_previewed_and_one_is_picked_by_docentry) {
    const auto [first_entry, doc_num] = *sap_orders().begin();
    const int second_entry = sap_store([&](sim::sap::store& s, const sim::sap::sim_time& now) {
        EXPECT_FALSE(sim::sap::set_next_order_number(s, 21, doc_num));
        const auto& first = s.orders.begin()->second;
        const auto& line = first.at("DocumentLines").as_array().at(0).as_object();
        boost::json::object body{
            {"CardCode", first.at("CardCode")},
            {"Series", 21},
            {"DocumentLines", boost::json::array{boost::json::object{{"ItemCode", line.at("ItemCode")},
                                                                     {"Quantity", 1},
                                                                     {"WarehouseCode", "01"}}}}};
        return sim::sap::create_order(s, body, now).value();
    });
    auto both = preview_orders(doc_num);
    ASSERT_EQ(both.size(), 2u);
    EXPECT_EQ(both[0].doc_entry, first_entry);
    EXPECT_EQ(both[1].doc_entry, second_entry);
    ASSERT_TRUE(both[0].body && both[1].body);
    EXPECT_NE(both[0].body->at("orderKey"), both[1].body->at("orderKey"));
    auto one = preview_orders(0, second_entry);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].body, both[1].body);
}

class preview_delivery_test : public delivery_fixture {
protected:
    shipments::delivery_preview preview(std::int64_t shipment_id) {
        shipments::delivery_previewer previewer(db(), *sap, writer->settings());
        return run_coro(ioc, previewer.preview(shipment_id));
    }
};

TEST_F(preview_delivery_test, the_previewed_delivery_and_order_patch_are_what_sap_receives) {
    cfg.shipments.order_status_field = "U_ShipStatus";
    cfg.shipments.order_carrier_field = "U_Carrier";
    make_writer();
    const int doc_num = new_order({{"A00004", 5}, {"A00001", 1}});
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
    const int doc_entry = link_of_doc_num(doc_num)->doc_entry;
    auto shipment_id = ship_and_fetch(doc_num);
    // Before the first batch delivery the batch stock query does not exist: the writer would create it, a
    // preview says so and creates nothing.
    const auto unprepared = write_counts();
    auto without_query = preview(shipment_id);
    EXPECT_EQ(write_counts(), unprepared);
    EXPECT_FALSE(without_query.would_send);
    EXPECT_NE(without_query.reason.find("MLC_BATCH_STOCK does not exist in SAP yet"), std::string::npos)
        << without_query.reason;

    // SAP set up for batches (the first batch delivery, or `check`, creates the stored query).
    ASSERT_TRUE(run_coro(ioc, clients::sap::ensure_batch_stock_query(*sap)));

    const auto before = write_counts();
    auto p = preview(shipment_id);
    EXPECT_EQ(write_counts(), before);
    EXPECT_TRUE(deliveries_of(doc_entry).empty());
    EXPECT_TRUE(p.would_send) << p.reason;
    EXPECT_EQ(p.step, "post");
    EXPECT_EQ(p.order_doc_entry, doc_entry);
    ASSERT_TRUE(p.delivery.has_value()) << p.reason;
    ASSERT_TRUE(p.order_patch.has_value());

    ASSERT_EQ(deliver().delivered, 1u) << log_text.str();
    auto delivered = deliveries_of(doc_entry);
    ASSERT_EQ(delivered.size(), 1u);
    const auto& d = delivered[0];
    // Every header field previewed is what SAP holds (the stamp in Comments, DocDate, tracking, carrier).
    for (const auto& [field, value] : *p.delivery) {
        if (field == "DocumentLines") continue;
        ASSERT_TRUE(d.contains(field)) << field;
        if (field == "DocDate")
            EXPECT_TRUE(std::string(d.at(field).as_string()).starts_with(std::string(value.as_string())));
        else
            EXPECT_EQ(d.at(field), value) << field;
    }
    EXPECT_NE(std::string(p.delivery->at("Comments").as_string()).find(p.stamp), std::string::npos);
    const auto& sent_lines = p.delivery->at("DocumentLines").as_array();
    const auto& got_lines = d.at("DocumentLines").as_array();
    ASSERT_EQ(sent_lines.size(), got_lines.size());
    for (std::size_t i = 0; i < sent_lines.size(); ++i)
        for (const auto& [field, value] : sent_lines[i].as_object())
            EXPECT_EQ(got_lines[i].at(field), value) << "line " << i << " " << field;
    EXPECT_EQ(
        sent_lines[0].at("BatchNumbers"),
        boost::json::parse(
            R"([{"BatchNumber":"B00004-01B","Quantity":2.0},{"BatchNumber":"B00004-01A","Quantity":3.0}])"));
    // The order PATCH: every field previewed is on the order (the status foreseen: delivered whole).
    const auto order = sap_order(doc_num);
    for (const auto& [field, value] : *p.order_patch) EXPECT_EQ(order.at(field), value) << field;
    EXPECT_EQ(p.order_patch->at("U_ShipStatus"), "Shipped");
    EXPECT_EQ(p.order_patch->at("TrackingNumber"), d.at("TrackingNumber"));

    // Delivered: nothing more would be sent, and the preview names the delivery.
    auto after = preview(shipment_id);
    EXPECT_FALSE(after.would_send);
    EXPECT_EQ(after.delivery_doc_entry, d.at("DocEntry").as_int64());
    EXPECT_NE(after.reason.find("already delivered"), std::string::npos) << after.reason;
}

TEST_F(preview_delivery_test, an_unrecorded_or_unmappable_shipment_says_why_and_writes_nothing) {
    const auto before = write_counts();
    auto none = preview(424242);
    EXPECT_FALSE(none.recorded);
    EXPECT_FALSE(none.would_send);
    EXPECT_NE(none.reason.find("not been received"), std::string::npos) << none.reason;

    // A shipped SKU no item answers to: the writer would dead-letter it, and the preview says so.
    const int doc_num = order_with(false);
    const auto shipment_id = ship_and_fetch(doc_num);
    run([&](pqxx::work& w) {
        w.exec_params(
            "UPDATE shipment_links SET payload = jsonb_set(payload, '{shipmentItems,0,sku}', "
            "'\"NO-SUCH-SKU\"') WHERE shipstation_id = $1",
            shipment_id);
    });
    const auto recorded = write_counts();
    auto p = preview(shipment_id);
    EXPECT_EQ(write_counts(), recorded);
    EXPECT_TRUE(p.recorded);
    EXPECT_FALSE(p.would_send);
    EXPECT_FALSE(p.delivery.has_value());
    EXPECT_NE(p.reason.find("NO-SUCH-SKU"), std::string::npos) << p.reason;
    EXPECT_NE(before,
              recorded);  // the fetch recorded the shipment: the counts do move when something is written
}

}  // namespace
}  // namespace mlc::test
