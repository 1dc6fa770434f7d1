// Unit tests for parsing ShipStation V1 error bodies into api_error.
#include "clients/shipstation/api_error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mlc::clients::shipstation {
namespace {

TEST(shipstation_api_error, parses_a_400_with_model_state) {
    auto e = parse_api_error(400, R"({"Message":"The request is invalid.","ModelState":{
        "apiOrders.orderNumber":["The orderNumber field is required."],
        "apiOrders.shipTo.country":["Country must be a 2-letter ISO code.","Second message."]}})");
    EXPECT_EQ(e.kind, api_error_kind::bad_request);
    EXPECT_EQ(e.message, "The request is invalid.");
    ASSERT_EQ(e.model_state.size(), 2u);
    EXPECT_EQ(e.model_state[0].field, "apiOrders.orderNumber");
    EXPECT_EQ(e.model_state[1].messages.size(), 2u);
    EXPECT_EQ(describe(e),
              "ShipStation 400 Bad Request: The request is invalid. (apiOrders.orderNumber: The orderNumber "
              "field is required.; apiOrders.shipTo.country: Country must be a 2-letter ISO code.; "
              "apiOrders.shipTo.country: Second message.)");
    EXPECT_TRUE(e.raw_excerpt.empty());
}

TEST(shipstation_api_error, parses_a_400_deserialization_error) {
    auto e = parse_api_error(400, R"({"Message":"The request is invalid.","ModelState":{"apiOrder":
        ["Cannot deserialize the current JSON array into type 'SS.OpenApi.Models.Orders.Order'"]}})");
    ASSERT_EQ(e.model_state.size(), 1u);
    EXPECT_NE(describe(e).find("apiOrder: Cannot deserialize"), std::string::npos);
}

TEST(shipstation_api_error, parses_a_500_with_exception_message) {
    auto e = parse_api_error(
        500,
        R"({"Message":"An error has occurred.","ExceptionMessage":"Object reference not set to an instance of an object.",
        "ExceptionType":"System.NullReferenceException","StackTrace":null})");
    EXPECT_EQ(e.kind, api_error_kind::server_error);
    EXPECT_EQ(e.message, "An error has occurred.");
    EXPECT_EQ(e.exception_type, "System.NullReferenceException");
    EXPECT_EQ(describe(e),
              "ShipStation 500 Internal Server Error: An error has occurred. Object reference not set to an "
              "instance of an object. [System.NullReferenceException]");
}

TEST(shipstation_api_error, parses_the_429_body) {
    auto e = parse_api_error(429, R"({"message": "Too Many Requests"})");
    EXPECT_EQ(e.kind, api_error_kind::rate_limited);
    EXPECT_EQ(e.message, "Too Many Requests");
    EXPECT_EQ(describe(e), "ShipStation 429 Too Many Requests: Too Many Requests");
}

TEST(shipstation_api_error, keeps_an_excerpt_of_bodies_it_does_not_understand) {
    auto e = parse_api_error(401, "");
    EXPECT_EQ(e.kind, api_error_kind::unauthorized);
    EXPECT_EQ(describe(e), "ShipStation 401 Unauthorized");

    auto html = parse_api_error(503, "<html>\r\n<body>Service Unavailable</body></html>");
    EXPECT_EQ(html.kind, api_error_kind::server_error);
    EXPECT_EQ(describe(html),
              "ShipStation 503 Service Unavailable: <html>  <body>Service Unavailable</body></html>");

    auto other = parse_api_error(418, R"({"unexpected":true})");
    EXPECT_EQ(other.kind, api_error_kind::other);
    EXPECT_EQ(describe(other), R"(ShipStation 418: {"unexpected":true})");

    auto longer = parse_api_error(404, std::string(1000, 'x'));
    EXPECT_EQ(longer.raw_excerpt.size(), 303u);
}

TEST(shipstation_api_error, maps_statuses_to_kinds) {
    EXPECT_EQ(kind_of_status(403), api_error_kind::forbidden);
    EXPECT_EQ(kind_of_status(404), api_error_kind::not_found);
    EXPECT_EQ(kind_of_status(502), api_error_kind::server_error);
    EXPECT_EQ(kind_of_status(405), api_error_kind::other);
}

TEST(shipstation_api_error, the_exception_carries_the_error_and_a_readable_what) {
    api_exception ex(parse_api_error(429, R"({"message":"Too Many Requests"})"));
    EXPECT_EQ(ex.error().status, 429u);
    EXPECT_STREQ(ex.what(), "ShipStation 429 Too Many Requests: Too Many Requests");
}

}  // namespace
}  // namespace mlc::clients::shipstation
