// Unit tests for the simulator's orders and deliveries: validations, stock effects, closing and cancelling.
#include "tests/simulators/sap_b1/deliveries.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/orders.hpp"
#include "tests/simulators/sap_b1/seed.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace mlc::sim::sap {
namespace {

const sim_time now{"2025-09-01", "10:00:00"};
const sim_time later{"2025-09-02", "11:30:15"};

class sap_sim_documents : public ::testing::Test {
protected:
    void SetUp() override {
        s = make_seeded_store({42, 0, 8, 3});
        // A00001 plain, A00004 batch-managed, A00006 serial-managed.
        auto entry = create_order(s, json(R"({"CardCode":"C40000","DocumentLines":[
            {"ItemCode":"A00001","Quantity":5},{"ItemCode":"A00004","Quantity":3}]})"),
                                  now);
        ASSERT_TRUE(entry) << entry.error().message;
        order = *entry;
    }

    static boost::json::object json(std::string_view text) { return boost::json::parse(text).as_object(); }

    double warehouse(std::string_view item, std::string_view field, std::string_view whs = "01") {
        for (const auto& w : s.items.at(std::string(item)).at("ItemWarehouseInfoCollection").as_array())
            if (w.at("WarehouseCode").as_string() == whs) return w.at(field).to_number<double>();
        return -1;
    }

    std::string batch(std::string_view item) {
        for (const auto& [key, q] : s.batch_stock)
            if (std::get<0>(key) == item && std::get<2>(key) == "01") return std::get<1>(key);
        return {};
    }

    boost::json::object delivery(double q0, std::string_view extra_line = "") {
        std::string text =
            R"({"CardCode":"C40000","TrackingNumber":"1Z99","TransportationCode":2,"DocDate":"2025-09-01",
            "Comments":"via test","U_ShipmentId":"S-1","DocumentLines":[{"BaseType":17,"BaseEntry":)" +
            std::to_string(order) + R"(,"BaseLine":0,"Quantity":)" + std::to_string(q0) + "}" +
            std::string(extra_line) + "]}";
        return json(text);
    }

    std::string batch_line(double q, double batch_q) {
        return R"(,{"BaseType":17,"BaseEntry":)" + std::to_string(order) + R"(,"BaseLine":1,"Quantity":)" +
               std::to_string(q) + R"(,"BatchNumbers":[{"BatchNumber":")" + batch("A00004") +
               R"(","Quantity":)" + std::to_string(batch_q) + "}]}";
    }

    store s;
    int order = 0;
};

TEST_F(sap_sim_documents, an_order_commits_stock_but_does_not_reduce_it) {
    EXPECT_EQ(warehouse("A00001", "Committed"), 5);
    const auto& o = s.orders.at(order);
    EXPECT_EQ(o.at("DocumentStatus"), "bost_Open");
    EXPECT_EQ(o.at("DocumentLines").as_array()[0].at("RemainingOpenQuantity"), 5.0);
    EXPECT_GT(o.at("DocTotal").as_double(), o.at("VatSum").as_double());
}

TEST_F(sap_sim_documents, full_delivery_reduces_stock_and_closes_lines_and_order) {
    double in_stock = warehouse("A00001", "InStock");
    double batch_before = s.batch_stock.at({"A00004", batch("A00004"), "01"});
    auto entry = create_delivery(s, delivery(5, batch_line(3, 3)), later);
    ASSERT_TRUE(entry) << entry.error().message;
    EXPECT_EQ(warehouse("A00001", "InStock"), in_stock - 5);
    EXPECT_EQ(warehouse("A00001", "Committed"), 0);
    EXPECT_EQ(s.batch_stock.at({"A00004", batch("A00004"), "01"}), batch_before - 3);
    const auto& o = s.orders.at(order);
    EXPECT_EQ(o.at("DocumentStatus"), "bost_Close");
    EXPECT_EQ(o.at("UpdateDate"), "2025-09-02");
    EXPECT_EQ(o.at("UpdateTime"), "11:30:15");
    for (const auto& l : o.at("DocumentLines").as_array()) EXPECT_EQ(l.at("LineStatus"), "bost_Close");
    const auto& d = s.deliveries.at(*entry);
    EXPECT_EQ(d.at("TrackingNumber"), "1Z99");
    EXPECT_EQ(d.at("TransportationCode"), 2);
    EXPECT_EQ(d.at("U_ShipmentId"), "S-1");
    EXPECT_EQ(d.at("Comments"), "via test");
    EXPECT_EQ(d.at("DocumentLines").as_array()[0].at("BaseEntry"), order);
}

TEST_F(sap_sim_documents, partial_delivery_leaves_the_order_open) {
    ASSERT_TRUE(create_delivery(s, delivery(2), later));
    const auto& line = s.orders.at(order).at("DocumentLines").as_array()[0];
    EXPECT_EQ(line.at("RemainingOpenQuantity"), 3.0);
    EXPECT_EQ(line.at("LineStatus"), "bost_Open");
    EXPECT_EQ(s.orders.at(order).at("DocumentStatus"), "bost_Open");
    EXPECT_EQ(warehouse("A00001", "Committed"), 3);
}

TEST_F(sap_sim_documents, card_code_must_match_the_base_order) {
    auto body = delivery(1);
    body["CardCode"] = "C40010";
    auto r = create_delivery(s, body, later);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, -10);
    EXPECT_EQ(r.error().message, "Base document card and target document card do not match");
}

TEST_F(sap_sim_documents, quantity_above_the_open_quantity_is_refused_without_side_effects) {
    double in_stock = warehouse("A00001", "InStock");
    auto r = create_delivery(s, delivery(6), later);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, -5002);
    EXPECT_NE(r.error().message.find("exceeds the remaining open quantity"), std::string::npos);
    EXPECT_EQ(warehouse("A00001", "InStock"), in_stock);
    EXPECT_TRUE(s.deliveries.empty());
}

TEST_F(sap_sim_documents, a_closed_base_line_is_refused) {
    ASSERT_TRUE(create_delivery(s, delivery(5), later));
    auto r = create_delivery(s, delivery(1), later);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, -10);
    EXPECT_NE(r.error().message.find("One of the base documents has already been closed"), std::string::npos);
}

TEST_F(sap_sim_documents, batch_managed_items_need_batches_for_the_full_quantity) {
    std::string no_batches =
        R"(,{"BaseType":17,"BaseEntry":)" + std::to_string(order) + R"(,"BaseLine":1,"Quantity":3})";
    auto missing = create_delivery(s, delivery(1, no_batches), later);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, -10);
    EXPECT_NE(missing.error().message.find("Batch numbers are required"), std::string::npos);
    auto short_batch = create_delivery(s, delivery(1, batch_line(3, 2)), later);
    ASSERT_FALSE(short_batch);
    EXPECT_EQ(short_batch.error().code, -10);
    EXPECT_TRUE(create_delivery(s, delivery(1, batch_line(3, 3)), later));
}

TEST_F(sap_sim_documents, unknown_base_order_and_unknown_property_are_refused) {
    auto body = delivery(1);
    body["DocumentLines"].as_array()[0].as_object()["BaseEntry"] = 999;
    EXPECT_EQ(create_delivery(s, body, later).error().code, -2028);
    auto typo = delivery(1);
    typo["TrackingNo"] = "x";
    EXPECT_EQ(create_delivery(s, typo, later).error().code, -1000);
}

TEST_F(sap_sim_documents, cancelling_a_delivery_restores_stock_and_reopens_the_order) {
    double in_stock = warehouse("A00001", "InStock");
    auto entry = create_delivery(s, delivery(5, batch_line(3, 3)), later);
    ASSERT_TRUE(entry);
    ASSERT_FALSE(cancel_delivery(s, *entry, later));
    EXPECT_EQ(warehouse("A00001", "InStock"), in_stock);
    EXPECT_EQ(warehouse("A00001", "Committed"), 5);
    const auto& o = s.orders.at(order);
    EXPECT_EQ(o.at("DocumentStatus"), "bost_Open");
    EXPECT_EQ(o.at("DocumentLines").as_array()[0].at("RemainingOpenQuantity"), 5.0);
    EXPECT_EQ(s.deliveries.at(*entry).at("Cancelled"), "tYES");
    ASSERT_EQ(s.deliveries.size(), 2u);
    EXPECT_EQ(s.deliveries.rbegin()->second.at("CancelStatus"), "csCancellation");
    EXPECT_TRUE(cancel_delivery(s, *entry, later));  // twice is refused
}

TEST_F(sap_sim_documents, patch_merges_lines_and_keeps_stock_in_step) {
    ASSERT_TRUE(create_delivery(s, delivery(2), later));
    auto too_low =
        patch_order(s, order, json(R"({"DocumentLines":[{"LineNum":0,"Quantity":1}]})"), false, later);
    ASSERT_TRUE(too_low);
    EXPECT_EQ(too_low->code, -5002);
    ASSERT_FALSE(patch_order(
        s, order, json(R"({"Comments":"new","DocumentLines":[{"LineNum":0,"Quantity":8}]})"), false, later));
    const auto& o = s.orders.at(order);
    EXPECT_EQ(o.at("Comments"), "new");
    EXPECT_EQ(o.at("DocumentLines").as_array().size(), 2u);
    EXPECT_EQ(o.at("DocumentLines").as_array()[0].at("RemainingOpenQuantity"), 6.0);
    EXPECT_EQ(warehouse("A00001", "Committed"), 6);
    EXPECT_EQ(o.at("UpdateTime"), "11:30:15");
}

TEST_F(sap_sim_documents, order_actions) {
    EXPECT_FALSE(apply_order_action(s, order, order_action::close, later));
    EXPECT_EQ(warehouse("A00001", "Committed"), 0);
    EXPECT_FALSE(apply_order_action(s, order, order_action::reopen, later));
    EXPECT_EQ(warehouse("A00001", "Committed"), 5);
    ASSERT_TRUE(create_delivery(s, delivery(1), later));
    auto refused = apply_order_action(s, order, order_action::cancel, later);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, -5002);
    auto other = create_order(
        s, json(R"({"CardCode":"C40010","DocumentLines":[{"ItemCode":"A00002","Quantity":1}]})"), now);
    ASSERT_TRUE(other);
    EXPECT_FALSE(apply_order_action(s, *other, order_action::cancel, later));
    EXPECT_EQ(s.orders.at(*other).at("Cancelled"), "tYES");
}

TEST(sap_sim_seed, the_same_seed_gives_the_same_data) {
    auto a = make_seeded_store({7, 30, 10, 5});
    auto b = make_seeded_store({7, 30, 10, 5});
    auto c = make_seeded_store({8, 30, 10, 5});
    EXPECT_EQ(a.orders, b.orders);
    EXPECT_EQ(a.items, b.items);
    EXPECT_NE(a.orders, c.orders);
    EXPECT_EQ(a.orders.size(), 30u);
    EXPECT_EQ(a.items.at("A00004").at("ManageBatchNumbers"), "tYES");
    EXPECT_EQ(a.items.at("A00006").at("ManageSerialNumbers"), "tYES");
    EXPECT_THROW(make_seeded_store({1, 5, 0, 1}), std::invalid_argument);
}

}  // namespace
}  // namespace mlc::sim::sap
