// Unit tests of the resource_url origin check and of the two documented GET /webhooks shapes.
#include "clients/http/base_url.hpp"
#include "clients/shipstation/resource_url.hpp"
#include "clients/shipstation/webhooks.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace {

namespace ss = mlc::clients::shipstation;
using mlc::clients::http::parse_base_url;

TEST(shipstation_resource_url, same_origin_is_accepted_with_items_forced_and_paging_dropped) {
    auto origin = parse_base_url("https://ssapi.shipstation.com");
    auto r = ss::resource_target(
        origin, "https://SSAPI.shipstation.com./shipments?storeID=12&batchId=34&includeShipmentItems=False&page=3");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->path, "/shipments");
    EXPECT_EQ(r->collection, "shipments");
    std::vector<std::pair<std::string, std::string>> want{
        {"storeID", "12"}, {"batchId", "34"}, {"includeShipmentItems", "true"}};
    EXPECT_EQ(r->params, want);
    EXPECT_TRUE(ss::resource_target(origin, "https://ssapi.shipstation.com:443/orders?importBatch=x"));
}

TEST(shipstation_resource_url, foreign_or_odd_urls_are_refused) {
    auto origin = parse_base_url("https://ssapi.shipstation.com");
    for (const char* url : {"http://ssapi.shipstation.com/shipments",          // scheme
                            "https://ssapi2.shipstation.com/shipments",        // host
                            "https://ssapi.shipstation.com.evil.test/shipments",
                            "https://ssapi.shipstation.com:8443/shipments",    // port
                            "https://user:pw@ssapi.shipstation.com/shipments",  // userinfo
                            "https://evil.test@ssapi.shipstation.com/shipments",
                            "ftp://ssapi.shipstation.com/shipments", "//ssapi.shipstation.com/shipments",
                            "/shipments", "not a url", "https://ssapi.shipstation.com",
                            "https://ssapi.shipstation.com/../shipments"}) {
        EXPECT_FALSE(ss::resource_target(origin, url)) << url;
    }
}

TEST(shipstation_resource_url, base_path_and_ip_literals) {
    auto origin = parse_base_url("http://127.0.0.1:8080/ss");
    auto r = ss::resource_target(origin, "http://127.0.0.1:8080/ss/fulfillments?orderId=5");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->path, "/fulfillments");
    EXPECT_FALSE(ss::resource_target(origin, "http://127.0.0.1:8080/fulfillments"));
    EXPECT_FALSE(ss::resource_target(origin, "http://127.0.0.1/ss/fulfillments"));
    auto v6 = parse_base_url("http://[::1]:9000");
    EXPECT_TRUE(ss::resource_target(v6, "http://[::1]:9000/shipments"));
    EXPECT_FALSE(ss::resource_target(v6, "http://[::2]:9000/shipments"));
}

TEST(shipstation_webhook_list, both_documented_shapes) {
    auto wrapped = boost::json::parse(R"({"webhooks":[{"IsLabelAPIHook":false,"WebHookID":123,"SellerID":1,
        "StoreID":12345,"HookType":"ITEM_ORDER_NOTIFY","MessageFormat":"Json","Url":"http://e/orders",
        "Name":"My Order Webhook","Active":true}]})");
    auto a = ss::parse_webhook_list(wrapped);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].webhook_id, 123);
    EXPECT_EQ(a[0].store_id, 12345);
    EXPECT_EQ(a[0].event, "ITEM_ORDER_NOTIFY");
    EXPECT_EQ(a[0].target_url, "http://e/orders");
    EXPECT_EQ(a[0].name, "My Order Webhook");
    EXPECT_TRUE(a[0].active);

    auto bare = boost::json::parse(R"([{"WebHookID":7,"HookType":"SHIP_NOTIFY","Url":"http://e/s","Active":false},
        {"noId":true}])");
    auto b = ss::parse_webhook_list(bare);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].webhook_id, 7);
    EXPECT_FALSE(b[0].active);
    EXPECT_FALSE(b[0].store_id);
    EXPECT_TRUE(ss::parse_webhook_list(boost::json::parse("{}")).empty());
}

}  // namespace
