// Unit tests for the simulator's $filter parser and evaluator: operators, precedence, literals, SL's rules.
#include "tests/simulators/sap_b1/odata_filter.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace mlc::sim::sap {
namespace {

boost::json::object order() {
    return boost::json::parse(R"({"DocEntry":12,"CardCode":"C40000","CardName":"Acme Ltd","DocTotal":1190.5,
        "DocumentStatus":"bost_Open","Cancelled":"tNO","UpdateDate":"2025-08-20","UpdateTime":"09:14:42",
        "TrackingNumber":null,"U_WEBORDID":"1001","Comments":"Ship it's fast"})")
        .as_object();
}

bool eval(std::string_view filter, const filter_options& options = {}) {
    return odata_filter::parse(filter).matches(order(), options);
}

TEST(sap_sim_odata_filter, comparison_operators_on_numbers_and_strings) {
    EXPECT_TRUE(eval("DocEntry eq 12"));
    EXPECT_FALSE(eval("DocEntry ne 12"));
    EXPECT_TRUE(eval("DocEntry gt 11 and DocEntry ge 12 and DocEntry lt 13 and DocEntry le 12"));
    EXPECT_FALSE(eval("DocEntry gt 12"));
    EXPECT_TRUE(eval("DocTotal gt 1190.25"));
    EXPECT_TRUE(eval("CardCode eq 'C40000'"));
    EXPECT_TRUE(eval("CardCode lt 'C5'"));
    EXPECT_TRUE(eval("Comments eq 'Ship it''s fast'"));
}

TEST(sap_sim_odata_filter, and_binds_tighter_than_or_and_parentheses_and_not_work) {
    EXPECT_TRUE(eval("DocEntry eq 1 and DocEntry eq 2 or DocEntry eq 12"));
    EXPECT_FALSE(eval("DocEntry eq 1 and (DocEntry eq 2 or DocEntry eq 12)"));
    EXPECT_TRUE(eval("not (DocEntry eq 1)"));
    EXPECT_FALSE(eval("not DocEntry eq 12"));
    EXPECT_TRUE(eval("((DocEntry eq 12))"));
}

TEST(sap_sim_odata_filter, null_comparisons) {
    EXPECT_TRUE(eval("TrackingNumber eq null"));
    EXPECT_FALSE(eval("TrackingNumber ne null"));
    EXPECT_TRUE(eval("Missing eq null"));
    EXPECT_FALSE(eval("TrackingNumber gt 'A'"));
    EXPECT_TRUE(eval("CardCode ne null"));
}

TEST(sap_sim_odata_filter, string_functions) {
    EXPECT_TRUE(eval("startswith(CardCode,'C4')"));
    EXPECT_FALSE(eval("startswith(CardCode,'4')"));
    EXPECT_TRUE(eval("endswith(CardName,'Ltd')"));
    EXPECT_TRUE(eval("contains(CardName,'me L')"));
    EXPECT_TRUE(eval("substringof('Acme',CardName)"));
    EXPECT_FALSE(eval("substringof(CardName,'Acme')"));
    EXPECT_TRUE(eval("startswith(CardCode,'C4') eq true"));
    EXPECT_FALSE(eval("startswith(CardCode,'C4') eq false"));
    EXPECT_TRUE(eval("contains(TrackingNumber,'x') eq false"));
}

TEST(sap_sim_odata_filter, dates_ignore_the_time_part_in_every_documented_format) {
    for (const char* f :
         {"UpdateDate eq '2025-08-20'", "UpdateDate eq '20250820'", "UpdateDate eq datetime'2025-08-20'",
          "UpdateDate eq '2025-08-20T23:59:59'", "UpdateDate eq '20250820000000'",
          "UpdateDate eq 2025-08-20T00:00:00Z", "UpdateDate ge 2025-08-20"})
        EXPECT_TRUE(eval(f)) << f;
    EXPECT_TRUE(eval("UpdateDate ge '2025-08-20T12:00:00'"));  // the hour is ignored: same day
    EXPECT_FALSE(eval("UpdateDate gt '2025-08-20T00:00:00'"));
    EXPECT_TRUE(eval("UpdateDate lt '2025-08-21'"));
}

TEST(sap_sim_odata_filter, times_compare_by_hour_and_minute_only) {
    EXPECT_TRUE(eval("UpdateTime eq '09:14'"));
    EXPECT_TRUE(eval("UpdateTime eq '09:14:00'"));  // seconds ignored on both sides
    EXPECT_TRUE(eval("UpdateTime eq '0914'"));
    EXPECT_TRUE(eval("UpdateTime eq '091459'"));
    EXPECT_FALSE(eval("UpdateTime gt '09:14:01'"));
    EXPECT_TRUE(eval("UpdateTime ge '09:14:59'"));
    EXPECT_TRUE(eval("UpdateTime lt '2025-01-01T09:15:00'"));  // the date part is ignored
}

TEST(sap_sim_odata_filter, enum_values_match_by_name_or_database_value) {
    EXPECT_TRUE(eval("DocumentStatus eq 'bost_Open'"));
    EXPECT_TRUE(eval("DocumentStatus eq 'O'"));
    EXPECT_FALSE(eval("DocumentStatus eq 'C'"));
    EXPECT_TRUE(eval("Cancelled eq SAPB1.BoYesNoEnum'tNO'"));
    EXPECT_TRUE(eval("Cancelled eq 'N' and DocumentStatus ne 'C'"));
}

TEST(sap_sim_odata_filter, comparisons_are_case_sensitive_unless_asked) {
    EXPECT_FALSE(eval("CardName eq 'acme ltd'"));
    EXPECT_TRUE(eval("CardName eq 'acme ltd'", {true}));
    EXPECT_TRUE(eval("startswith(CardName,'ACME')", {true}));
}

TEST(sap_sim_odata_filter, numeric_string_udf_compares_as_number_with_a_number_literal) {
    EXPECT_TRUE(eval("U_WEBORDID eq 1001"));
    EXPECT_TRUE(eval("U_WEBORDID eq '1001'"));
}

TEST(sap_sim_odata_filter, collects_referenced_properties) {
    auto f = odata_filter::parse("CardCode eq 'C1' and (startswith(CardName,'A') or DocTotal gt 5)");
    EXPECT_EQ(f.properties(), (std::set<std::string>{"CardCode", "CardName", "DocTotal"}));
}

TEST(sap_sim_odata_filter, malformed_filters_are_syntax_errors) {
    for (const char* f :
         {"", "DocEntry", "DocEntry eq", "DocEntry eq 1 and", "(DocEntry eq 1", "DocEntry eq 1)",
          "DocEntry add 1 eq 2", "CardCode eq 'open", "startswith(CardCode)", "DocEntry eq 1 1",
          "AddressExtension/ShipToCity eq 'Berlin'", "DocEntry == 1", "startswith(A,'x') gt true"})
        EXPECT_THROW(odata_filter::parse(f), odata_syntax_error) << f;
}

}  // namespace
}  // namespace mlc::sim::sap
