// Unit tests of OData query building, literals, the version rule and next-link handling.
#include "clients/sap/api_version.hpp"
#include "clients/sap/collection_page.hpp"
#include "clients/sap/date_form.hpp"
#include "clients/sap/metadata.hpp"
#include "clients/sap/odata_query.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mlc::clients::sap {
namespace {

using namespace std::chrono;

TEST(sap_odata, string_literals_double_their_quotes) {
    EXPECT_EQ(string_literal("C40000"), "'C40000'");
    EXPECT_EQ(string_literal("O'Brien's"), "'O''Brien''s'");
    EXPECT_EQ(string_literal(""), "''");
}

TEST(sap_odata, date_literals_in_each_form_and_the_candidates_per_version) {
    sys_days d = 2024y / January / 5;
    EXPECT_EQ(date_literal(date_form::quoted, d), "'2024-01-05'");
    EXPECT_EQ(date_literal(date_form::quoted_compact, d), "'20240105'");
    EXPECT_EQ(date_literal(date_form::typed, d), "datetime'2024-01-05'");
    EXPECT_EQ(date_literal(date_form::iso, d), "2024-01-05T00:00:00Z");
    EXPECT_EQ(date_literal(date_form::quoted, 1999y / December / 31), "'1999-12-31'");
    EXPECT_EQ(date_form_candidates(api_version::v1),
              (std::vector{date_form::quoted, date_form::typed, date_form::quoted_compact}));
    EXPECT_EQ(date_form_candidates(api_version::v2), (std::vector{date_form::quoted, date_form::iso}));
    EXPECT_EQ(documented_date_form(api_version::v2), date_form::quoted);
    EXPECT_EQ(describe(date_form::iso), "2025-08-20T00:00:00Z (unquoted ISO)");
}

TEST(sap_odata, the_batch_property_is_read_from_document_lines_type_in_metadata) {
    const std::string v4 =
        R"x(<edmx:Edmx Version="4.0"><edmx:DataServices><Schema Namespace="SAPB1">)x"
        R"x(<ComplexType Name="DocumentLineAdditionalExpense"><Property Name="BatchNumbers" Type="x"/></ComplexType>)x"
        R"x(<ComplexType Name="DocumentLine"><Property Name="LineNum" Type="Edm.Int32"/>)x"
        R"x(<Property Name="BatchNumberProperty" Type="Collection(SAPB1.BatchNumber)"/></ComplexType>)x"
        R"x(<EntityType Name="Document"><Property Name="BatchNumbers" Type="y"/></EntityType>)x"
        R"x(</Schema></edmx:DataServices></edmx:Edmx>)x";
    EXPECT_EQ(document_line_batch_property(v4), "BatchNumberProperty");
    const std::string v3 =
        R"x(<Schema><EntityType Name="DocumentLine"><Key/>)x"
        R"x(<Property Name="BatchNumbers" Type="Collection(SAPB1.BatchNumber)"/></EntityType>)x";
    EXPECT_EQ(document_line_batch_property(v3), "BatchNumbers");
    EXPECT_EQ(document_line_batch_property(R"x(<ComplexType Name="DocumentLine"><Property Name="X"/>)x"
                                           R"x(</ComplexType><ComplexType Name="Other">)x"
                                           R"x(<Property Name="BatchNumbers"/></ComplexType>)x"),
              std::nullopt);
    EXPECT_EQ(document_line_batch_property("not xml"), std::nullopt);
}

TEST(sap_odata, query_string_in_a_fixed_order_and_encoded) {
    odata_query q;
    q.top(5)
        .orderby("DocEntry asc")
        .select({"DocEntry", "CardCode"})
        .filter("UpdateDate ge '2024-01-05' and CardName eq " + string_literal("A&B #1"));
    EXPECT_EQ(q.to_string(),
              "?$filter=UpdateDate%20ge%20'2024-01-05'%20and%20CardName%20eq%20'A%26B%20%231'"
              "&$select=DocEntry,CardCode&$orderby=DocEntry%20asc&$top=5");
    EXPECT_EQ(odata_query().to_string(), "");
    EXPECT_EQ(encode_query_value("a+b=c%/é"), "a%2Bb%3Dc%25%2F%C3%A9");
}

TEST(sap_odata, parse_date_reads_both_wire_forms) {
    EXPECT_EQ(parse_date("2025-08-20"), sys_days(2025y / August / 20));
    EXPECT_EQ(parse_date("2025-08-20T00:00:00Z"), sys_days(2025y / August / 20));
    EXPECT_FALSE(parse_date("20250820"));
    EXPECT_FALSE(parse_date("2025-02-30"));
    EXPECT_FALSE(parse_date("2025-08-20 10:00"));
}

TEST(sap_odata, version_comes_from_the_url) {
    EXPECT_EQ(version_from_url("https://sap:50000/b1s/v1"), api_version::v1);
    EXPECT_EQ(version_from_url("https://sap:50000/b1s/v2/"), api_version::v2);
    EXPECT_EQ(version_from_url("http://127.0.0.1:8081/b1s/v2"), api_version::v2);
    EXPECT_THROW(version_from_url("https://sap:50000/b1s"), std::invalid_argument);
    EXPECT_THROW(version_from_url("https://sap:50000/"), std::invalid_argument);
}

TEST(sap_odata, next_link_under_either_key) {
    boost::json::object v1{{"odata.nextLink", "/b1s/v1/Orders?$skip=20"}};
    boost::json::object v2{{"@odata.nextLink", "Orders?$skip=20"}};
    EXPECT_EQ(next_link(v1), "/b1s/v1/Orders?$skip=20");
    EXPECT_EQ(next_link(v2), "Orders?$skip=20");
    EXPECT_FALSE(next_link(boost::json::object{{"value", boost::json::array{}}}));
}

TEST(sap_odata, next_target_is_relative_to_the_service_root) {
    EXPECT_EQ(next_target("/b1s/v1/Orders?$select=DocEntry&$skip=20", "/b1s/v1"),
              "/Orders?$select=DocEntry&$skip=20");
    EXPECT_EQ(next_target("Orders?$skip=20", "/b1s/v2"), "/Orders?$skip=20");
    EXPECT_EQ(next_target("https://sap:50000/b1s/v2/Orders?$skip=2", "/b1s/v2"), "/Orders?$skip=2");
    EXPECT_FALSE(next_target("/elsewhere/Orders?$skip=2", "/b1s/v1"));
    EXPECT_FALSE(next_target("/b1s/v10/Orders", "/b1s/v1"));
    EXPECT_FALSE(next_target("", "/b1s/v1"));
}

TEST(sap_odata, collection_page_rows_and_next) {
    auto page = parse_collection_page(
        R"({"odata.metadata":"x","value":[{"DocEntry":1},{"DocEntry":2}],"odata.nextLink":"/b1s/v1/Orders?$skip=2"})",
        "/b1s/v1");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->rows.size(), 2u);
    EXPECT_EQ(page->next_target, "/Orders?$skip=2");
    auto last = parse_collection_page(R"({"value":[]})", "/b1s/v2");
    ASSERT_TRUE(last);
    EXPECT_FALSE(last->next_target);
    EXPECT_FALSE(parse_collection_page(R"({"value":{}})", "/b1s/v2"));
    EXPECT_FALSE(parse_collection_page("not json", "/b1s/v2"));
}

}  // namespace
}  // namespace mlc::clients::sap
