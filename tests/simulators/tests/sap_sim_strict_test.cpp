// The simulator is as strict as Service Layer where the connector must not rely on leniency: user fields
// exist only when UserFieldsMD has them, one date-literal form per version, and $metadata with the batch
// property's name (WCFCompatible mode).
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/support/http_test_client.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

namespace mlc::sim::sap {
namespace {

using test::http_response;
namespace bhttp = boost::beast::http;

class sap_sim_strict : public ::testing::Test {
protected:
    sap_sim_strict() : sim(sim_config{}, log_) {
        sim.start();
        client_ = std::make_unique<test::http_test_client>(sim.port());
    }

    static boost::json::value body(const http_response& r) { return boost::json::parse(r.body()); }

    // A request with a session of `version` (one login per fixture and version).
    http_response call(bhttp::verb method, std::string_view version, const std::string& target,
                       std::string payload = {}) {
        auto& cookie = cookies_[std::string(version)];
        if (cookie.empty()) {
            auto r = client_->post("/b1s/" + std::string(version) + "/Login",
                                   R"({"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"manager"})");
            cookie = "B1SESSION=" + std::string(body(r).at("SessionId").as_string());
        }
        test::http_request req{method, "/b1s/" + std::string(version) + target, 11};
        req.set(bhttp::field::cookie, cookie);
        req.body() = std::move(payload);
        return client_->request(std::move(req));
    }

    http_response get(std::string_view version, const std::string& target) {
        return call(bhttp::verb::get, version, target);
    }

    void control(std::string_view target, std::string payload) {
        auto r = client_->post(target, std::move(payload));
        ASSERT_EQ(r.result_int(), 200) << target << ": " << r.body();
    }

    static void expect_invalid_property(const http_response& r, std::string_view name) {
        EXPECT_EQ(r.result_int(), 400) << r.body();
        EXPECT_NE(r.body().find("Property '" + std::string(name) + "'"), std::string::npos) << r.body();
    }

    // An open order of A00001 (plain) and A00004 (batch-managed) and the first batch of A00004 in 01.
    std::pair<int, std::string> order_with_batch_line() {
        auto r = client_->post("/_control/orders", R"({"CardCode":"C40000","DocumentLines":[
            {"ItemCode":"A00001","Quantity":1},{"ItemCode":"A00004","Quantity":2}]})");
        int entry = static_cast<int>(body(r).at("DocEntry").as_int64());
        const auto state = body(client_->get("/_control/state"));
        for (const auto& b : state.at("batches").as_array())
            if (b.at("ItemCode") == "A00004" && b.at("WarehouseCode") == "01" &&
                b.at("Quantity").to_number<double>() >= 2)
                return {entry, std::string(b.at("Batch").as_string())};
        ADD_FAILURE() << "no batch of A00004 in 01";
        return {entry, ""};
    }

    static std::string delivery(int order, std::string_view batch, std::string_view property) {
        return R"({"CardCode":"C40000","DocumentLines":[{"BaseType":17,"BaseEntry":)" +
               std::to_string(order) + R"(,"BaseLine":1,"Quantity":2,")" + std::string(property) +
               R"(":[{"BatchNumber":")" + std::string(batch) + R"(","Quantity":2}]}]})";
    }

    std::ostringstream log_;
    simulator sim;
    std::unique_ptr<test::http_test_client> client_;  // made once the simulator listens
    std::map<std::string, std::string> cookies_;
};

TEST_F(sap_sim_strict, user_fields_md_lists_the_fields_per_table_and_the_control_api_changes_them) {
    auto r = get("v2", "/UserFieldsMD?$filter=TableName%20eq%20'ODLN'&$select=TableName,Name,Type");
    ASSERT_EQ(r.result_int(), 200) << r.body();
    bool stamp = false;
    const auto rows = body(r);
    for (const auto& row : rows.at("value").as_array()) {
        EXPECT_EQ(row.at("TableName"), "ODLN");
        stamp = stamp || row.at("Name") == "ShipmentId";
    }
    EXPECT_TRUE(stamp);
    auto items = body(get("v1", "/UserFieldsMD?$filter=TableName%20eq%20'OITM'&$select=Name"));
    EXPECT_EQ(items.at("value").as_array().size(), 3u);  // SKU, HSCode, ChannelSku
    expect_invalid_property(get("v2", "/UserFieldsMD?$select=Nme"), "Nme");

    control("/_control/user-fields", R"({"TableName":"ORDR","Name":"Note","Type":"db_Alpha"})");
    auto note = body(get("v2", "/UserFieldsMD?$filter=TableName%20eq%20'ORDR'%20and%20Name%20eq%20'Note'"));
    ASSERT_EQ(note.at("value").as_array().size(), 1u);
    EXPECT_EQ(note.at("value").at(0).at("Type"), "db_Alpha");
    EXPECT_EQ(
        client_->post("/_control/user-fields", R"({"TableName":"ORDR","Name":"Note","Type":"db_Alpha"})")
            .result_int(),
        400);
    control("/_control/user-fields/remove", R"({"TableName":"ORDR","Name":"Note"})");
    EXPECT_EQ(
        client_->post("/_control/user-fields/remove", R"({"TableName":"ORDR","Name":"Note"})").result_int(),
        404);
}

TEST_F(sap_sim_strict, an_undefined_user_field_is_refused_on_select_filter_post_and_patch) {
    expect_invalid_property(get("v2", "/Orders?$select=DocEntry,U_Note"), "U_Note");
    expect_invalid_property(get("v1", "/Orders?$filter=U_Note%20eq%20'x'"), "U_Note");
    expect_invalid_property(get("v2", "/Orders(1)?$select=U_Note"), "U_Note");
    expect_invalid_property(get("v2", "/Items?$select=ItemCode,U_ShipmentId"), "U_ShipmentId");  // ODLN's
    expect_invalid_property(call(bhttp::verb::patch, "v2", "/Orders(1)", R"({"U_Note":"x"})"), "U_Note");
    expect_invalid_property(call(bhttp::verb::patch, "v2", "/Items('A00001')", R"({"U_Note":"x"})"),
                            "U_Note");
    expect_invalid_property(
        call(bhttp::verb::post, "v2", "/Orders",
             R"({"CardCode":"C40000","U_Note":"x","DocumentLines":[{"ItemCode":"A00001","Quantity":1}]})"),
        "U_Note");
    expect_invalid_property(
        call(bhttp::verb::post, "v2", "/Orders",
             R"({"CardCode":"C40000","DocumentLines":[{"ItemCode":"A00001","Quantity":1,"U_Note":"x"}]})"),
        "U_Note");
    // Defined fields pass, and a field created through the control API is usable at once.
    EXPECT_EQ(get("v2", "/Orders?$select=DocEntry,U_WEBORDID&$filter=U_ShipStatus%20eq%20null").result_int(),
              200);
    EXPECT_EQ(call(bhttp::verb::patch, "v2", "/Orders(1)", R"({"U_ShipStatus":"x"})").result_int(), 204);
    control("/_control/user-fields", R"({"TableName":"ORDR","Name":"Note","Type":"db_Alpha"})");
    EXPECT_EQ(call(bhttp::verb::patch, "v2", "/Orders(1)", R"({"U_Note":"x"})").result_int(), 204);
    EXPECT_EQ(body(get("v2", "/Orders(1)?$select=U_Note")).at("U_Note"), "x");
}

TEST_F(sap_sim_strict, each_version_takes_its_date_literal_forms_and_the_option_flips_v2) {
    auto status = [&](std::string_view version, std::string_view literal) {
        return get(version,
                   "/Orders?$select=DocEntry&$top=1&$filter=UpdateDate%20ge%20" + std::string(literal))
            .result_int();
    };
    for (auto form : {"'2025-08-20'", "'20250820'", "datetime'2025-08-20'", "'2025-08-20T12:21:21'"})
        EXPECT_EQ(status("v1", form), 200) << form;
    EXPECT_EQ(status("v1", "2025-08-20T00:00:00Z"), 400);
    EXPECT_EQ(status("v2", "'2025-08-20'"), 200);
    for (auto form : {"2025-08-20T00:00:00Z", "2025-08-20", "'20250820'", "datetime'2025-08-20'", "20250820"})
        EXPECT_EQ(status("v2", form), 400) << form;
    auto refused = get("v2", "/Orders?$filter=DocDate%20eq%202025-08-20T00:00:00Z");
    EXPECT_EQ(body(refused).at("error").at("code"), "-1000");

    control("/_control/company", R"({"v2_iso_date_literal":true})");
    EXPECT_EQ(status("v2", "2025-08-20T00:00:00Z"), 200);
    EXPECT_EQ(status("v2", "2025-08-20"), 200);
    EXPECT_EQ(status("v2", "'2025-08-20'"), 400);
    EXPECT_EQ(status("v1", "'2025-08-20'"), 200);  // v1 keeps its forms
}

TEST_F(sap_sim_strict, metadata_names_the_batch_property_and_wcf_mode_writes_and_reads_it) {
    for (std::string_view version : {"v1", "v2"}) {
        auto m = get(version, "/$metadata");
        ASSERT_EQ(m.result_int(), 200);
        EXPECT_EQ(m[bhttp::field::content_type], "application/xml");
        EXPECT_NE(m.body().find("<ComplexType Name=\"DocumentLine\">"), std::string::npos);
        EXPECT_NE(m.body().find("<Property Name=\"BatchNumbers\" Type=\"Collection(SAPB1.BatchNumber)\"/>"),
                  std::string::npos);
        EXPECT_EQ(m.body().find("BatchNumberProperty"), std::string::npos);
        EXPECT_NE(m.body().find("<Property Name=\"U_ShipStatus\""), std::string::npos);
    }
    EXPECT_NE(get("v1", "/$metadata").body().find("Version=\"1.0\""), std::string::npos);
    EXPECT_NE(get("v2", "/$metadata").body().find("Version=\"4.0\""), std::string::npos);
    auto [order, batch] = order_with_batch_line();
    expect_invalid_property(
        call(bhttp::verb::post, "v2", "/DeliveryNotes", delivery(order, batch, "BatchNumberProperty")),
        "BatchNumberProperty");

    control("/_control/company", R"({"batch_number_property":true})");
    EXPECT_NE(get("v2", "/$metadata").body().find("<Property Name=\"BatchNumberProperty\""),
              std::string::npos);
    expect_invalid_property(
        call(bhttp::verb::post, "v2", "/DeliveryNotes", delivery(order, batch, "BatchNumbers")),
        "BatchNumbers");
    auto posted =
        call(bhttp::verb::post, "v2", "/DeliveryNotes", delivery(order, batch, "BatchNumberProperty"));
    ASSERT_EQ(posted.result_int(), 201) << posted.body();
    auto line = body(posted).at("DocumentLines").at(0).as_object();
    EXPECT_EQ(line.at("BatchNumberProperty").at(0).at("BatchNumber").as_string(), batch);
    EXPECT_FALSE(line.contains("BatchNumbers"));
    auto entry = std::to_string(body(posted).at("DocEntry").as_int64());
    auto read = body(get("v1", "/DeliveryNotes(" + entry + ")")).at("DocumentLines").at(0).as_object();
    EXPECT_EQ(read.at("BatchNumberProperty").at(0).at("Quantity").to_number<double>(), 2.0);
    auto listed = body(get("v2", "/DeliveryNotes?$filter=DocEntry%20eq%20" + entry));
    EXPECT_TRUE(
        listed.at("value").at(0).at("DocumentLines").at(0).as_object().contains("BatchNumberProperty"));
}

}  // namespace
}  // namespace mlc::sim::sap
