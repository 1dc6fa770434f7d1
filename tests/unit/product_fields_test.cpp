// Unit tests of the product fields the connector owns and of putting them into ShipStation's product.
#include "flows/items/product_fields.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace mlc::flows::items {
namespace {

item_source mug() {
    item_source i;
    i.item_code = "A00001";
    i.item_name = "Blue Mug";
    i.weight = shipping_weight{1.0, weight_unit::pounds};
    i.dimensions = shipping_dimensions{4, 4, 5, dimension_unit::inches};
    i.country_of_origin = "DE";
    i.tariff_number = "6912.00";
    i.bin_code = "01-A-03";
    return i;
}

// As ShipStation lists a product an order created: sku, name, weight, plus fields a person set in the UI.
boost::json::object listed_product() {
    return boost::json::parse(R"({"productId":7001,"sku":"A00001","name":"A00001","price":12.5,
        "weightOz":0,"length":null,"width":null,"height":null,"customsDescription":null,
        "customsCountryCode":null,"customsTariffNo":null,"warehouseLocation":null,"active":true,
        "tags":[{"tagId":9,"name":"fragile"}],"defaultCarrierCode":"ups","internalNotes":"keep upright"})")
        .as_object();
}

TEST(product_fields, owned_fields_come_from_the_item_in_shipstation_terms) {
    auto owned = owned_fields(mug());
    EXPECT_EQ(owned.at("name"), "Blue Mug");
    EXPECT_EQ(owned.at("weightOz"), 16.0) << "products keep ounces whatever the order unit";
    EXPECT_EQ(owned.at("length"), 4.0);
    EXPECT_EQ(owned.at("height"), 5.0);
    EXPECT_EQ(owned.at("customsDescription"), "Blue Mug");
    EXPECT_EQ(owned.at("customsCountryCode"), "DE");
    EXPECT_EQ(owned.at("customsTariffNo"), "6912.00");
    EXPECT_EQ(owned.at("warehouseLocation"), "01-A-03");
    EXPECT_EQ(owned.at("active"), true);
}

TEST(product_fields, what_sap_does_not_keep_is_cleared_and_a_long_country_code_is_not_sent) {
    item_source bare;
    bare.item_code = "A00009";
    bare.country_of_origin = "DEU";
    bare.active = false;
    auto owned = owned_fields(bare);
    EXPECT_EQ(owned.at("name"), "A00009");
    EXPECT_TRUE(owned.at("weightOz").is_null());
    EXPECT_TRUE(owned.at("width").is_null());
    EXPECT_TRUE(owned.at("customsCountryCode").is_null());
    EXPECT_TRUE(owned.at("warehouseLocation").is_null());
    EXPECT_EQ(owned.at("active"), false);
}

TEST(product_fields, the_put_body_keeps_what_the_connector_does_not_own) {
    auto body = with_owned_fields(listed_product(), owned_fields(mug()));
    ASSERT_TRUE(body);
    EXPECT_EQ(body->at("productId"), 7001);
    EXPECT_EQ(body->at("price"), 12.5);
    EXPECT_EQ(body->at("defaultCarrierCode"), "ups");
    EXPECT_EQ(body->at("internalNotes"), "keep upright");
    EXPECT_EQ(body->at("tags").as_array().size(), 1u);
    EXPECT_EQ(body->at("name"), "Blue Mug");
    EXPECT_EQ(body->at("weightOz"), 16.0);
}

TEST(product_fields, an_aligned_product_needs_no_call_and_numbers_compare_by_value) {
    auto aligned = *with_owned_fields(listed_product(), owned_fields(mug()));
    aligned["weightOz"] = 16;  // ShipStation answered an integer
    EXPECT_FALSE(with_owned_fields(aligned, owned_fields(mug())));
    auto heavier = mug();
    heavier.weight = shipping_weight{2.0, weight_unit::pounds};
    auto changed = with_owned_fields(aligned, owned_fields(heavier));
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->at("weightOz"), 32.0);
}

TEST(product_fields, a_missing_field_equals_null_but_not_a_value) {
    boost::json::object sparse{{"productId", 1}, {"sku", "X"}};
    item_source bare;
    bare.item_code = "X";
    bare.item_name = "X";
    auto body = with_owned_fields(sparse, owned_fields(bare));
    ASSERT_TRUE(body) << "name and active are missing from the product";
    EXPECT_FALSE(body->contains("weightOz")) << "a null owned field is not added where the product has none";
}

}  // namespace
}  // namespace mlc::flows::items
