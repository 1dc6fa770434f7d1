// Unit tests for reading ShipStation V1 error bodies and the readable line the caller's error gives for them.
#include "clients/shipstation/api_error.hpp"
#include "clients/shipstation/response_outcome.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mlc::clients::shipstation {
namespace {

// The error a GET answered with `status` and `body` ends in.
error answered(unsigned status, std::string body) {
    http::response res{static_cast<boost::beast::http::status>(status), 11};
    res.body() = std::move(body);
    auto out = to_outcome(boost::beast::http::verb::get, std::move(res));
    return out ? error{} : out.error();
}

TEST(shipstation_api_error, parses_a_400_with_model_state) {
    const std::string body = R"({"Message":"The request is invalid.","ModelState":{
        "apiOrders.orderNumber":["The orderNumber field is required."],
        "apiOrders.shipTo.country":["Country must be a 2-letter ISO code.","Second message."]}})";
    auto e = parse_api_error(400, body);
    EXPECT_EQ(e.message, "The request is invalid.");
    ASSERT_EQ(e.model_state.size(), 2u);
    EXPECT_EQ(e.model_state[0].field, "apiOrders.orderNumber");
    EXPECT_EQ(e.model_state[1].messages.size(), 2u);
    EXPECT_TRUE(e.raw_excerpt.empty());
    auto err = answered(400, body);
    EXPECT_EQ(err.kind, error_kind::refused);
    EXPECT_EQ(err.describe(),
              "ShipStation 400 Bad Request: The request is invalid. (apiOrders.orderNumber: The orderNumber "
              "field is required.; apiOrders.shipTo.country: Country must be a 2-letter ISO code.; "
              "apiOrders.shipTo.country: Second message.)");
    EXPECT_EQ(err.invalid_fields,
              (std::vector<std::string>{"apiOrders.orderNumber", "apiOrders.shipTo.country"}));
}

TEST(shipstation_api_error, parses_a_400_deserialization_error) {
    const std::string body = R"({"Message":"The request is invalid.","ModelState":{"apiOrder":
        ["Cannot deserialize the current JSON array into type 'SS.OpenApi.Models.Orders.Order'"]}})";
    ASSERT_EQ(parse_api_error(400, body).model_state.size(), 1u);
    EXPECT_NE(answered(400, body).describe().find("apiOrder: Cannot deserialize"), std::string::npos);
}

TEST(shipstation_api_error, parses_a_500_with_exception_message) {
    const std::string body =
        R"({"Message":"An error has occurred.","ExceptionMessage":"Object reference not set to an instance of an object.",
        "ExceptionType":"System.NullReferenceException","StackTrace":null})";
    auto e = parse_api_error(500, body);
    EXPECT_EQ(e.message, "An error has occurred.");
    EXPECT_EQ(e.exception_type, "System.NullReferenceException");
    auto err = answered(500, body);
    EXPECT_EQ(err.kind, error_kind::unavailable);
    EXPECT_EQ(err.describe(),
              "ShipStation 500 Internal Server Error: An error has occurred. Object reference not set to an "
              "instance of an object. [System.NullReferenceException]");
}

TEST(shipstation_api_error, parses_the_429_body) {
    auto e = parse_api_error(429, R"({"message": "Too Many Requests"})");
    EXPECT_EQ(e.message, "Too Many Requests");
    auto err = answered(429, R"({"message": "Too Many Requests"})");
    EXPECT_EQ(err.kind, error_kind::rate_limited);
    EXPECT_EQ(err.describe(), "ShipStation 429 Too Many Requests: Too Many Requests");
}

TEST(shipstation_api_error, keeps_an_excerpt_of_bodies_it_does_not_understand) {
    auto e = answered(401, "");
    EXPECT_EQ(e.kind, error_kind::unauthorized);
    EXPECT_EQ(e.describe(), "ShipStation 401 Unauthorized");

    auto html = answered(503, "<html>\r\n<body>Service Unavailable</body></html>");
    EXPECT_EQ(html.kind, error_kind::unavailable);
    EXPECT_EQ(html.describe(),
              "ShipStation 503 Service Unavailable: <html>  <body>Service Unavailable</body></html>");

    auto other = answered(418, R"({"unexpected":true})");
    EXPECT_EQ(other.kind, error_kind::refused);
    EXPECT_EQ(other.describe(), R"(ShipStation 418: {"unexpected":true})");

    auto longer = parse_api_error(404, std::string(1000, 'x'));
    EXPECT_EQ(longer.raw_excerpt.size(), 303u);
}

TEST(shipstation_api_error, value_of_an_error_throws_the_readable_line) {
    outcome<int> failed = answered(429, R"({"message":"Too Many Requests"})");
    try {
        failed.value();
        FAIL() << "expected call_exception";
    } catch (const call_exception& e) {
        EXPECT_EQ(e.get().http_status, 429u);
        EXPECT_STREQ(e.what(), "ShipStation 429 Too Many Requests: Too Many Requests");
    }
}

}  // namespace
}  // namespace mlc::clients::shipstation
