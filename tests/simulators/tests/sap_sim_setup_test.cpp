// Tests of the SAP simulator's strictness about the company's set-up: deliveries refer to existing shipping
// types and active warehouses, SQL queries read only allowlisted tables with the user's authorisation, and
// the approval procedure on deliveries shows in ApprovalTemplates.
#include "tests/simulators/sap_b1/simulator.hpp"
#include "tests/support/http_test_client.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <sstream>

namespace mlc::sim::sap {
namespace {

using test::http_response;
namespace bhttp = boost::beast::http;

class sap_sim_setup : public ::testing::Test {
protected:
    sap_sim_setup() : sim(sim_config{}, log_) {
        sim.start();
        http_ = std::make_unique<test::http_test_client>(sim.port());
        auto r = http_->post("/b1s/v2/Login",
                             R"({"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"manager"})");
        EXPECT_EQ(r.result_int(), 200) << r.body();
        cookie_ = "B1SESSION=" + std::string(body(r).at("SessionId").as_string());
    }

    static boost::json::value body(const http_response& r) { return boost::json::parse(r.body()); }

    http_response get(std::string_view target) { return http_->get(target, {{"Cookie", cookie_}}); }

    http_response post(std::string_view target, std::string payload) {
        test::http_request req{bhttp::verb::post, std::string(target), 11};
        req.set(bhttp::field::cookie, cookie_);
        req.set(bhttp::field::content_type, "application/json");
        req.body() = std::move(payload);
        return http_->request(std::move(req));
    }

    void company(std::string payload) {
        test::http_test_client c(sim.port());
        ASSERT_EQ(c.post("/_control/company", std::move(payload)).result_int(), 200);
    }

    // An open order of C40010 for 2 x A00001 in warehouse 01; returns its DocEntry.
    std::string order() {
        test::http_test_client c(sim.port());
        auto r = c.post("/_control/orders",
                        R"({"CardCode":"C40010","DocumentLines":[{"ItemCode":"A00001","Quantity":2}]})");
        EXPECT_EQ(r.result_int(), 200) << r.body();
        return std::to_string(body(r).at("DocEntry").as_int64());
    }

    // POST DeliveryNotes copying line 0 of `entry`, with `header` and `line` properties added.
    http_response deliver(const std::string& entry, std::string header, std::string line = {}) {
        return post("/b1s/v2/DeliveryNotes", R"({"CardCode":"C40010")" + header +
                                                 R"(,"DocumentLines":[{"BaseType":17,"BaseEntry":)" + entry +
                                                 R"(,"BaseLine":0)" + line + "}]}");
    }

    static void expect_error(const http_response& r, unsigned status, const char* code, const char* message) {
        EXPECT_EQ(r.result_int(), status) << r.body();
        auto error = body(r).at("error");
        EXPECT_EQ(error.at("code"), code) << r.body();
        EXPECT_EQ(error.at("message"), message) << r.body();
    }

    std::ostringstream log_;
    simulator sim;
    std::unique_ptr<test::http_test_client> http_;
    std::string cookie_;
};

TEST_F(sap_sim_setup, a_delivery_with_an_unknown_shipping_type_is_refused_and_a_known_one_posts) {
    auto entry = order();
    expect_error(deliver(entry, R"(,"TransportationCode":99)"), 404, "-2028",
                 "No matching records found (ODBC -2028)");
    expect_error(deliver(entry, R"(,"TransportationCode":"UPS")"), 404, "-2028",
                 "No matching records found (ODBC -2028)");
    EXPECT_EQ(deliver(entry, R"(,"TransportationCode":2)").result_int(), 201);
}

TEST_F(sap_sim_setup, a_delivery_line_in_an_unknown_or_inactive_warehouse_is_refused) {
    auto entry = order();
    expect_error(deliver(entry, "", R"(,"WarehouseCode":"99")"), 404, "-2028",
                 "No matching records found (ODBC -2028)");
    expect_error(deliver(entry, "", R"(,"WarehouseCode":"04")"), 400, "-5002",
                 "Warehouse '04' is inactive [DLN1.WhsCode][line: 1]");
    EXPECT_EQ(deliver(entry, "", R"(,"WarehouseCode":"01")").result_int(), 201);
}

TEST_F(sap_sim_setup, an_approval_procedure_checks_the_codes_before_it_saves_a_draft) {
    company(R"({"deliveries_need_approval":true})");
    auto entry = order();
    expect_error(deliver(entry, R"(,"TransportationCode":42)"), 404, "-2028",
                 "No matching records found (ODBC -2028)");
    EXPECT_EQ(body(get("/b1s/v2/Drafts")).at("value").as_array().size(), 0u);
    expect_error(deliver(entry, R"(,"TransportationCode":1)"), 400, "-2028",
                 "No matching records found (ODBC -2028)");
    EXPECT_EQ(body(get("/b1s/v2/Drafts")).at("value").as_array().size(), 1u);
}

TEST_F(sap_sim_setup, warehouses_are_listed_with_names_and_the_inactive_flag) {
    auto all = body(get("/b1s/v2/Warehouses?$select=WarehouseCode,Inactive&$orderby=WarehouseCode"));
    const auto& rows = all.at("value").as_array();
    ASSERT_EQ(rows.size(), 4u) << all;
    EXPECT_EQ(rows[0], boost::json::parse(R"({"WarehouseCode":"01","Inactive":"tNO"})"));
    EXPECT_EQ(rows[2], boost::json::parse(R"({"WarehouseCode":"03","Inactive":"tNO"})"));
    EXPECT_EQ(rows[3], boost::json::parse(R"({"WarehouseCode":"04","Inactive":"tYES"})"));
    auto one = get("/b1s/v2/Warehouses('02')");
    ASSERT_EQ(one.result_int(), 200) << one.body();
    EXPECT_EQ(body(one).at("WarehouseName"), "West Coast Warehouse");
    EXPECT_EQ(get("/b1s/v2/Warehouses('09')").result_int(), 404);
}

TEST_F(sap_sim_setup, a_query_over_a_table_outside_the_allowlist_is_refused_naming_it) {
    expect_error(
        post("/b1s/v2/SQLQueries", R"({"SqlCode":"BP","SqlText":"SELECT T0.\"CardCode\" FROM \"OCRD\" T0"})"),
        400, "702", "Table 'OCRD' not accessible");
    // The second table of a join counts too; a name inside a string literal is no table.
    expect_error(
        post("/b1s/v2/SQLQueries", R"({"SqlCode":"J","SqlText":"SELECT 'FROM OCRD' AS x FROM OITW T0 )"
                                   R"(INNER JOIN dbo.[OWHS] T1 ON T0.WhsCode = T1.WhsCode"})"),
        400, "702", "Table 'OWHS' not accessible");
    EXPECT_EQ(post("/b1s/v2/SQLQueries", R"({"SqlCode":"STOCK","SqlText":"SELECT 'FROM OCRD' AS x, )"
                                         R"(ItemCode FROM OITW, OITM T1 WHERE WhsCode = :WhsCode"})")
                  .result_int(),
              201);
    EXPECT_EQ(get("/b1s/v2/SQLQueries('STOCK')/List?WhsCode='01'").result_int(), 200);
}

TEST_F(sap_sim_setup, without_the_sql_query_authorisation_creating_and_running_answer_403) {
    ASSERT_EQ(post("/b1s/v2/SQLQueries", R"({"SqlCode":"STOCK","SqlText":"SELECT ItemCode FROM OITW"})")
                  .result_int(),
              201);
    company(R"({"sql_queries_authorized":false})");
    const std::string refused = "No authorization to use SQL queries (Service Layer SQL Query)";
    expect_error(get("/b1s/v2/SQLQueries('STOCK')/List"), 403, "-6006", refused.c_str());
    expect_error(post("/b1s/v2/SQLQueries", R"({"SqlCode":"OTHER","SqlText":"SELECT ItemCode FROM OITM"})"),
                 403, "-6006", refused.c_str());
}

TEST_F(sap_sim_setup, the_approval_procedure_on_deliveries_is_an_approval_template) {
    auto inactive = body(get("/b1s/v2/ApprovalTemplates?$select=Code,IsActive,ApprovalTemplateDocuments"));
    ASSERT_EQ(inactive.at("value").as_array().size(), 1u) << inactive;
    EXPECT_EQ(inactive.at("value").at(0), boost::json::parse(R"({"Code":1,"IsActive":"tNO",
        "ApprovalTemplateDocuments":[{"DocumentType":"atdtDelivery"}]})"));
    company(R"({"deliveries_need_approval":true})");
    auto active = get("/b1s/v2/ApprovalTemplates(1)");
    ASSERT_EQ(active.result_int(), 200) << active.body();
    EXPECT_EQ(body(active).at("IsActive"), "tYES");
    test::http_request patch{bhttp::verb::patch, "/b1s/v2/ApprovalTemplates(1)", 11};
    patch.set(bhttp::field::cookie, cookie_);
    patch.body() = R"({"IsActive":"tNO"})";
    EXPECT_EQ(http_->request(std::move(patch)).result_int(), 400);
    EXPECT_EQ(body(get("/b1s/v2/ApprovalTemplates(1)")).at("IsActive"), "tYES");
    auto filtered = body(get("/b1s/v2/ApprovalTemplates?$filter=IsActive%20eq%20'tYES'&$select=Code"));
    EXPECT_EQ(filtered.at("value").as_array().size(), 1u) << filtered;
}

}  // namespace
}  // namespace mlc::sim::sap
