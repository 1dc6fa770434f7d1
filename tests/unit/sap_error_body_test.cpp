// Unit tests of reading Service Layer error bodies in both shapes, and the session-error rule.
#include "clients/call_error.hpp"
#include "clients/sap/error_body.hpp"

#include <gtest/gtest.h>

namespace mlc::clients::sap {
namespace {

TEST(sap_error_body, v1_shape_numeric_code_and_message_object) {
    auto e = parse_error_body(
        R"({"error":{"code":-10,"message":{"lang":"en-us","value":"1320000140 - Business partner code 'c1' already assigned"}}})");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, "-10");
    EXPECT_EQ(e->message, "1320000140 - Business partner code 'c1' already assigned");
}

TEST(sap_error_body, v2_shape_string_code_string_message_and_details) {
    auto e = parse_error_body(
        R"js({"error":{"code":"-2028","details":[{"code":"","message":""}],"message":"No matching records found (ODBC -2028)"}})js");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, "-2028");
    EXPECT_EQ(e->message, "No matching records found (ODBC -2028)");
}

TEST(sap_error_body, session_error_in_both_shapes_and_as_plain_401) {
    auto v1 =
        parse_error_body(R"({"error":{"code":301,"message":{"lang":"en-us","value":"Invalid session."}}})");
    auto v2 = parse_error_body(
        R"({"error":{"code":"301","message":"Invalid session or session already timeout."}})");
    EXPECT_TRUE(is_session_error(400, v1));
    EXPECT_TRUE(is_session_error(400, v2));
    EXPECT_TRUE(is_session_error(401, std::nullopt));
    EXPECT_FALSE(is_session_error(400, parse_error_body(R"({"error":{"code":"-5002","message":"x"}})")));
    EXPECT_FALSE(is_session_error(500, std::nullopt));
}

TEST(sap_error_body, anything_else_is_not_an_error_body) {
    EXPECT_FALSE(parse_error_body(""));
    EXPECT_FALSE(parse_error_body("<html><body>Proxy Error</body></html>"));
    EXPECT_FALSE(parse_error_body(R"({"value":[]})"));
    EXPECT_FALSE(parse_error_body(R"({"error":"text"})"));
    EXPECT_FALSE(parse_error_body(R"({"error":{}})"));
}

TEST(sap_error, describe_names_kind_status_code_and_message) {
    error e{error_kind::refused, 400, "-5002", "One of the base documents has already been closed"};
    EXPECT_EQ(e.describe(),
              "business (HTTP 400, SAP -5002): One of the base documents has already been closed");
    EXPECT_EQ((error{error_kind::in_doubt, 0, "", ""}.describe()), "in_doubt");
    boost::system::error_code ec = error_kind::not_found;
    EXPECT_EQ(ec.message(), "not_found");
    outcome<int> failed = e;
    EXPECT_THROW(failed.value(), call_exception);
}

}  // namespace
}  // namespace mlc::clients::sap
