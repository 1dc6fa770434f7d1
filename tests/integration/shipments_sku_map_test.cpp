// A shipment item that comes back under another SKU than its ItemCode, without a lineItemKey: the SKU map
// table or the item's MLC_SKU_FIELD says which line it delivers, and a SKU that maps to nothing is a
// replayable dead letter that says how to map it.
#include "db/sku_map.hpp"
#include "flows/orders/order_status.hpp"
#include "tests/integration/delivery_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace mlc::test {
namespace {

namespace links = db::shipment_links;

constexpr const char* channel_sku = "CH BLUE/2";

class shipments_sku_map_test : public delivery_fixture {
protected:
    // An order of A00001 (line 0) and A00002 (line 1) whose A00002 item ShipStation knows as `channel_sku`
    // and without its lineItemKey (a channel that rewrote the item); returns its DocNum.
    int order_with_a_channel_sku() {
        const int doc_num = new_order({{"A00001", 3}, {"A00002", 2}});
        auto order =
            ss_sim->state().get_order(*link_of_doc_num(doc_num)->shipstation_order_id).body.as_object();
        for (auto& item : order.at("items").as_array()) {
            auto& o = item.as_object();
            if (o.at("sku").as_string() != "A00002") continue;
            o["sku"] = channel_sku;
            o.erase("lineItemKey");
        }
        std::vector<sim::shipstation::webhook_delivery> hooks;
        auto r = ss_sim->state().create_order(order, hooks);
        EXPECT_EQ(r.status, 200u) << boost::json::serialize(r.body);
        return doc_num;
    }

    void expect_both_lines_delivered(int doc_num) {
        auto lines = delivered_lines(doc_num);
        ASSERT_EQ(lines.size(), 2u);
        EXPECT_EQ(lines[0].at("ItemCode").as_string(), "A00001");
        EXPECT_EQ(lines[0].at("Quantity").to_number<double>(), 3.0);
        EXPECT_EQ(lines[1].at("ItemCode").as_string(), "A00002");
        EXPECT_EQ(lines[1].at("Quantity").to_number<double>(), 2.0);
    }

    void map_channel_sku() {
        run([](pqxx::work& w) { return db::sku_map::put(w, {channel_sku, "A00002", false, "channel", {}}); });
    }
};

TEST_F(shipments_sku_map_test, a_sku_mapped_in_the_table_delivers_the_line_of_its_item) {
    map_channel_sku();
    const int doc_num = order_with_a_channel_sku();
    auto shipment_id = ship_and_fetch(doc_num);
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    EXPECT_EQ(link_of(shipment_id).state, links::link_state::delivered);
    expect_both_lines_delivered(doc_num);
}

TEST_F(shipments_sku_map_test, a_sku_held_in_the_items_sku_field_delivers_the_line_of_that_item) {
    cfg.items.sku_field = "U_ChannelSku";
    make_writer();
    sap_store([](sim::sap::store& s, const sim::sap::sim_time&) {
        s.items.at("A00002")["U_ChannelSku"] = channel_sku;
    });
    const int doc_num = order_with_a_channel_sku();
    ship_and_fetch(doc_num);
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    expect_both_lines_delivered(doc_num);
}

TEST_F(shipments_sku_map_test,
       an_unmapped_sku_is_a_dead_letter_that_says_how_to_map_it_then_a_replay_delivers) {
    const int doc_num = order_with_a_channel_sku();
    auto shipment_id = ship_and_fetch(doc_num);
    EXPECT_EQ(deliver().dead, 1u) << log_text.str();
    const std::string reason =
        "SKU 'CH BLUE/2' maps to no ItemCode: add it with PUT /admin/sku-map/CH%20BLUE%2F2, "
        "then replay sales order " +
        std::to_string(doc_num);
    expect_dead_letter(doc_num, shipment_id, reason);
    auto audited = sql("SELECT outcome, error FROM audit_log WHERE action = 'dead_lettered'");
    ASSERT_EQ(audited.size(), 1u);
    EXPECT_EQ(audited[0][0].as<std::string>(), "dead_letter");
    EXPECT_EQ(audited[0][1].as<std::string>(), reason);

    map_channel_sku();
    EXPECT_EQ(run([&](pqxx::work& w) { return flows::orders::replay_order(w, "SBODEMOUS", doc_num); }),
              flows::orders::replay_result::replayed);
    EXPECT_EQ(deliver().delivered, 1u) << log_text.str();
    EXPECT_EQ(link_of(shipment_id).state, links::link_state::delivered);
    expect_both_lines_delivered(doc_num);
}

}  // namespace
}  // namespace mlc::test
