// Unit tests for the simulator's PATCH merge, date formats per version, sessions and fault decisions.
#include "tests/simulators/sap_b1/faults.hpp"
#include "tests/simulators/sap_b1/json_merge.hpp"
#include "tests/simulators/sap_b1/json_text.hpp"
#include "tests/simulators/sap_b1/sap_values.hpp"
#include "tests/simulators/sap_b1/sessions.hpp"
#include "tests/simulators/sap_b1/sl_error.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace mlc::sim::sap {
namespace {

boost::json::object doc() {
    return boost::json::
        parse(R"({"DocEntry":1,"Comments":"a","AddressExtension":{"ShipToCity":"Berlin","ShipToZipCode":"10115"},
        "DocumentLines":[{"LineNum":0,"Quantity":5.0,"ItemCode":"A"},{"LineNum":1,"Quantity":2.0,"ItemCode":"B"}]})")
            .as_object();
}

TEST(sap_sim_merge, patch_changes_only_what_is_sent_and_merges_lines_by_line_num) {
    auto d = doc();
    merge_patch(d,
                boost::json::parse(R"({"Comments":"b","AddressExtension":{"ShipToCity":"Hamburg"},
        "DocumentLines":[{"LineNum":1,"Quantity":7.0}]})")
                    .as_object(),
                {});
    EXPECT_EQ(d["Comments"], "b");
    EXPECT_EQ(d["AddressExtension"].as_object()["ShipToCity"], "Hamburg");
    EXPECT_EQ(d["AddressExtension"].as_object()["ShipToZipCode"], "10115");
    auto& lines = d["DocumentLines"].as_array();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].as_object()["Quantity"], 5.0);
    EXPECT_EQ(lines[1].as_object()["Quantity"], 7.0);
    EXPECT_EQ(lines[1].as_object()["ItemCode"], "B");
}

TEST(sap_sim_merge, element_without_key_is_appended_with_the_next_line_num) {
    auto d = doc();
    merge_patch(d, boost::json::parse(R"({"DocumentLines":[{"ItemCode":"C","Quantity":1.0}]})").as_object(),
                {});
    auto& lines = d["DocumentLines"].as_array();
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[2].as_object()["LineNum"], 2);
    EXPECT_EQ(lines[2].as_object()["ItemCode"], "C");
}

TEST(sap_sim_merge, replace_collections_drops_the_lines_not_sent) {
    auto d = doc();
    merge_patch(d, boost::json::parse(R"({"DocumentLines":[{"LineNum":1,"Quantity":3.0}]})").as_object(),
                {true, {}});
    auto& lines = d["DocumentLines"].as_array();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].as_object()["LineNum"], 1);
    EXPECT_FALSE(lines[0].as_object().contains("ItemCode"));
}

TEST(sap_sim_merge, read_only_properties_are_ignored) {
    auto d = doc();
    merge_patch(d, boost::json::parse(R"({"DocEntry":99,"Comments":"x"})").as_object(),
                {false, {"DocEntry"}});
    EXPECT_EQ(d["DocEntry"], 1);
    EXPECT_EQ(d["Comments"], "x");
    EXPECT_EQ(collection_key("ItemWarehouseInfoCollection"), "WarehouseCode");
}

TEST(sap_sim_values, dates_travel_in_each_versions_format) {
    boost::json::value v =
        boost::json::parse(R"({"DocDate":"2025-08-20","UpdateTime":"09:14:02","Comments":"2025-08-20",
        "DocumentLines":[{"ShipDate":"2025-08-27"}]})");
    auto v2 = v;
    to_wire(v2, api_version::v2);
    EXPECT_EQ(v2.at("DocDate"), "2025-08-20T00:00:00Z");
    EXPECT_EQ(v2.at("UpdateTime"), "09:14:02");
    EXPECT_EQ(v2.at("Comments"), "2025-08-20");
    EXPECT_EQ(v2.at("DocumentLines").at(0).at("ShipDate"), "2025-08-27T00:00:00Z");
    auto v1 = v;
    to_wire(v1, api_version::v1);
    EXPECT_EQ(v1, v);
    from_wire(v2);
    EXPECT_EQ(v2, v);
    EXPECT_EQ(normalize_date("20250820"), "2025-08-20");
    EXPECT_FALSE(normalize_date("2025-13-01"));
    EXPECT_EQ(normalize_time("1838"), "18:38:00");
    EXPECT_FALSE(normalize_time("25:00"));
}

TEST(sap_sim_values, error_shapes_differ_by_version) {
    sl_error e = invalid_session();
    EXPECT_EQ(
        boost::json::serialize(error_body(e, api_version::v1)),
        R"({"error":{"code":301,"message":{"lang":"en-us","value":"Invalid session or session already timeout."}}})");
    EXPECT_EQ(boost::json::serialize(error_body(e, api_version::v2)),
              R"({"error":{"code":"301","message":"Invalid session or session already timeout."}})");
}

TEST(sap_sim_values, decimals_are_written_without_exponents) {
    EXPECT_EQ(
        to_json_text(boost::json::parse(R"({"a":9.0,"b":4695.48,"c":-1,"d":"x\"y","e":[0.5,null,true]})")),
        R"({"a":9.0,"b":4695.48,"c":-1,"d":"x\"y","e":[0.5,null,true]})");
}

TEST(sap_sim_sessions, idle_timeout_restarts_on_every_request) {
    using namespace std::chrono_literals;
    session_table t(1000ms, 7);
    auto t0 = std::chrono::steady_clock::time_point{} + 1h;
    std::string id = t.create(t0);
    EXPECT_EQ(id.size(), 36u);
    EXPECT_EQ(id[8], '-');
    EXPECT_TRUE(t.touch(id, t0 + 900ms));
    EXPECT_TRUE(t.touch(id, t0 + 1800ms));  // 900 ms after the last request
    EXPECT_FALSE(t.touch(id, t0 + 2800ms));
    EXPECT_FALSE(t.touch(id, t0 + 2801ms));  // forgotten
    std::string other = t.create(t0);
    EXPECT_NE(other, id);
    t.expire_all();
    EXPECT_FALSE(t.touch(other, t0));
    EXPECT_FALSE(t.touch("nope", t0));
}

TEST(sap_sim_faults, counts_down_and_filters_by_path) {
    fault_plan plan;
    plan.fail_count = 2;
    plan.fail_status = 502;
    plan.fail_path = "/Orders";
    plan.commit_then_fail_count = 1;
    plan.commit_then_fail_path = "DeliveryNotes";
    plan.latency = std::chrono::milliseconds(30);
    EXPECT_EQ(decide_fault(plan, "GET", "/b1s/v1/Items").kind, fault_kind::none);
    EXPECT_EQ(decide_fault(plan, "GET", "/b1s/v1/Items").latency.count(), 30);
    EXPECT_EQ(decide_fault(plan, "GET", "/b1s/v1/Orders").kind, fault_kind::fail_before);
    EXPECT_EQ(decide_fault(plan, "GET", "/b1s/v1/Orders(1)").status, 502);
    EXPECT_EQ(decide_fault(plan, "GET", "/b1s/v1/Orders").kind, fault_kind::none);
    EXPECT_EQ(decide_fault(plan, "GET", "/b1s/v1/DeliveryNotes").kind, fault_kind::none);  // a GET
    EXPECT_EQ(decide_fault(plan, "POST", "/b1s/v1/DeliveryNotes").kind, fault_kind::fail_after_commit);
    EXPECT_EQ(decide_fault(plan, "POST", "/b1s/v1/DeliveryNotes").kind, fault_kind::none);
}

TEST(sap_sim_faults, a_held_answer_is_decided_for_the_next_matching_posts_only) {
    fault_plan plan;
    plan.commit_then_hold_count = 1;
    plan.commit_then_hold = std::chrono::milliseconds(5000);
    plan.commit_then_hold_path = "DeliveryNotes";
    EXPECT_EQ(decide_fault(plan, "POST", "/b1s/v2/Orders").kind, fault_kind::none);
    EXPECT_EQ(decide_fault(plan, "GET", "/b1s/v2/DeliveryNotes").kind, fault_kind::none);  // a GET
    auto held = decide_fault(plan, "POST", "/b1s/v2/DeliveryNotes");
    EXPECT_EQ(held.kind, fault_kind::hold_after_commit);
    EXPECT_EQ(held.hold.count(), 5000);
    EXPECT_EQ(decide_fault(plan, "POST", "/b1s/v2/DeliveryNotes").kind, fault_kind::none);
}

TEST(sap_sim_faults, failures_and_refusals_can_aim_at_one_method) {
    fault_plan plan;
    plan.fail_count = 1;
    plan.fail_path = "/Orders(";
    plan.fail_method = "PATCH";
    plan.refuse_count = 1;
    plan.refuse_method = "PATCH";
    plan.refuse_path = "/Orders(";
    EXPECT_EQ(decide_fault(plan, "GET", "/b1s/v1/Orders(5)").kind, fault_kind::none);
    EXPECT_EQ(decide_fault(plan, "PATCH", "/b1s/v1/Orders(5)").kind, fault_kind::fail_before);
    EXPECT_EQ(decide_fault(plan, "POST", "/b1s/v1/Orders(5)/Close").kind, fault_kind::none);
    EXPECT_EQ(decide_fault(plan, "PATCH", "/b1s/v1/Orders(5)").kind, fault_kind::refuse);
    EXPECT_EQ(decide_fault(plan, "PATCH", "/b1s/v1/Orders(5)").kind, fault_kind::none);
}

}  // namespace
}  // namespace mlc::sim::sap
