// Unit tests of ShipStation V2 answers: the {request_id, errors[]} body read into the shared error, statuses
// mapped as for V1, and the zero-means-absent rule of inventory listings.
#include "clients/shipstation/api_error.hpp"
#include "clients/shipstation/inventory.hpp"
#include "clients/shipstation/response_outcome.hpp"

#include <gtest/gtest.h>

namespace mlc::clients::shipstation {
namespace {

namespace bhttp = boost::beast::http;

constexpr std::string_view validation_body =
    R"({"request_id":"b3f1c1f2-0000-4000-a000-000000000001","errors":[{"error_source":"ShipStation",)"
    R"("error_type":"validation","error_code":"invalid_field_value","message":"quantity must be 0 or more",)"
    R"("field_name":"quantity"},{"error_source":"ShipStation","error_type":"validation",)"
    R"("error_code":"field_value_required","message":"sku is required"}]})";

boost::system::result<http::response, http::transport_error> answer(unsigned status, std::string_view body) {
    http::response res{static_cast<bhttp::status>(status), 11};
    res.body() = std::string(body);
    return res;
}

TEST(shipstation_v2_error, reads_request_id_and_every_error) {
    auto e = parse_v2_error(400, validation_body);
    EXPECT_EQ(e.request_id, "b3f1c1f2-0000-4000-a000-000000000001");
    ASSERT_EQ(e.errors.size(), 2u);
    EXPECT_EQ(e.errors[0].error_code, "invalid_field_value");
    EXPECT_EQ(e.errors[0].error_type, "validation");
    EXPECT_EQ(e.errors[0].field_name, "quantity");
    EXPECT_EQ(e.errors[1].message, "sku is required");
    EXPECT_TRUE(e.raw_excerpt.empty());
    EXPECT_EQ(describe_v2_details(e),
              "invalid_field_value: quantity must be 0 or more; field_value_required: sku is required "
              "[request b3f1c1f2-0000-4000-a000-000000000001]");
}

TEST(shipstation_v2_error, a_body_of_another_shape_is_kept_as_an_excerpt) {
    for (std::string_view body :
         {std::string_view("<html>Bad gateway</html>"), std::string_view(R"({"Message":"x"})"),
          std::string_view(R"({"errors":[]})"), std::string_view("")}) {
        auto e = parse_v2_error(502, body);
        EXPECT_TRUE(e.errors.empty()) << body;
        EXPECT_EQ(e.raw_excerpt, body);
        EXPECT_EQ(describe_v2_details(e), body);
    }
}

TEST(shipstation_v2_error, statuses_map_as_for_v1_with_v2_words) {
    for (unsigned status : {400u, 401u, 403u, 404u, 409u, 429u, 500u, 503u}) {
        for (auto method : {bhttp::verb::get, bhttp::verb::post}) {
            auto v1 = to_outcome(method, answer(status, R"({"Message":"words"})"));
            auto v2 = to_outcome(method, answer(status, validation_body), api_version::v2);
            ASSERT_FALSE(v1 || v2) << status;
            EXPECT_EQ(v2.error().kind, v1.error().kind) << status << " " << bhttp::to_string(method);
            EXPECT_EQ(v2.error().http_status, status);
        }
    }
    auto refused = to_outcome(bhttp::verb::post, answer(400, validation_body), api_version::v2);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().invalid_fields, std::vector<std::string>{"quantity"});
    EXPECT_NE(refused.error().describe().find("quantity must be 0 or more"), std::string::npos)
        << refused.error().describe();
    auto unauthorized = to_outcome(
        bhttp::verb::get,
        answer(401, R"({"request_id":"r-1","errors":[{"error_source":"ShipStation","error_type":"security",)"
                    R"("error_code":"unauthorized","message":"The API key is invalid."}]})"),
        api_version::v2);
    ASSERT_FALSE(unauthorized);
    EXPECT_EQ(unauthorized.error().kind, error_kind::unauthorized);
    EXPECT_NE(unauthorized.error().message.find("unauthorized: The API key is invalid. [request r-1]"),
              std::string::npos)
        << unauthorized.error().message;
    EXPECT_TRUE(to_outcome(bhttp::verb::post, answer(204, ""), api_version::v2).has_value());
}

TEST(shipstation_v2_inventory, a_level_absent_from_the_listing_is_zero) {
    std::vector<inventory_level> levels{{"MUG-01", "se-4567", "se-100", 12, 2, 10},
                                        {"MUG-01", "se-4568", "se-100", 3, 0, 3}};
    auto found = level_at(levels, "MUG-01", "se-4568");
    EXPECT_EQ(found.on_hand, 3);
    EXPECT_EQ(found.warehouse_id, "se-100");
    auto absent = level_at(levels, "CUP-01", "se-4567");
    EXPECT_EQ(absent.sku, "CUP-01");
    EXPECT_EQ(absent.location_id, "se-4567");
    EXPECT_EQ(absent.on_hand, 0);
    EXPECT_EQ(absent.available, 0);
}

}  // namespace
}  // namespace mlc::clients::shipstation
