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
        origin,
        "https://SSAPI.shipstation.com/shipments?storeID=12&batchId=34&includeShipmentItems=False&page=3");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->path, "/shipments");
    EXPECT_EQ(r->collection, "shipments");
    std::vector<std::pair<std::string, std::string>> want{
        {"storeID", "12"}, {"batchId", "34"}, {"includeShipmentItems", "true"}};
    EXPECT_EQ(r->params, want);
    EXPECT_TRUE(ss::resource_target(origin, "https://ssapi.shipstation.com:443/fulfillments?storeId=1"));
}

TEST(shipstation_resource_url, only_the_two_resources_with_shipstations_query_keys_pass) {
    auto origin = parse_base_url("https://ssapi.shipstation.com");
    std::string why;
    for (const char* url : {
             "https://ssapi.shipstation.com/"
             "shipments?storeID=123456&batchId=12345678&includeShipmentItems=True",
             "https://ssapi.shipstation.com/fulfillments?storeID=1&fulfillmentId=2",
             "https://ssapi.shipstation.com/shipments?pageSize=100&page=2",
             "https://ssapi.shipstation.com/shipments",
         }) {
        EXPECT_TRUE(ss::resource_target(origin, url, {}, &why)) << url << ": " << why;
    }
    struct refused {
        const char* url;
        const char* reason;
    };
    for (auto [url, reason] : std::vector<refused>{
             {"https://ssapi.shipstation.com/orders?storeID=1&importBatch=x", "does not read"},
             {"https://ssapi.shipstation.com/shipments/", "does not read"},
             {"https://ssapi.shipstation.com/Shipments", "does not read"},
             {"https://ssapi.shipstation.com/shipments/../orders", "does not read"},
             {"https://ssapi.shipstation.com/%2e%2e/shipments", "percent-encoded"},
             {"https://ssapi.shipstation.com/x/..%2Fshipments", "percent-encoded"},
             {"https://ssapi.shipstation.com/%73hipments", "percent-encoded"},
             {"https://ssapi.shipstation.com%2F@evil.test/shipments", "'@'"},
             {"https://ssapi.shipstation.com\\@evil.test/shipments", "'@'"},
             {"https://ssapi.shipstation.com\\shipments", "'@'"},
             {"https://ssapi.shipstation.com./shipments", "ending in '.'"},
             {"https://ssapi.shipstation.com:444/shipments", "allowed ShipStation origin"},
             {"https://ssapi.shipstation.com/shipments?batchId=1&x=1", "does not send"},
             {"https://ssapi.shipstation.com/shipments?orderId=1", "does not send"},
             {"https://ssapi.shipstation.com/shipments?batchId=1&batchId=2", "repeats"},
             {"https://ssapi.shipstation.com/shipments?storeId=1&StoreID=2", "repeats"},
             {"https://ssapi.shipstation.com/shipments?batchId=1%20OR%201", "not a number"},
             {"https://ssapi.shipstation.com/shipments?includeShipmentItems=yes", "not true or false"},
         }) {
        why.clear();
        EXPECT_FALSE(ss::resource_target(origin, url, {}, &why)) << url;
        EXPECT_NE(why.find(reason), std::string::npos) << url << ": " << why;
        EXPECT_TRUE(why.starts_with("resource_url ")) << why;
    }
}

TEST(shipstation_resource_url, foreign_or_odd_urls_are_refused) {
    auto origin = parse_base_url("https://ssapi.shipstation.com");
    for (const char* url :
         {"http://ssapi.shipstation.com/shipments",    // scheme
          "https://ssapi2.shipstation.com/shipments",  // host
          "https://ssapi.shipstation.com.evil.test/shipments",
          "https://ssapi.shipstation.com:8443/shipments",     // port
          "https://user:pw@ssapi.shipstation.com/shipments",  // userinfo
          "https://evil.test@ssapi.shipstation.com/shipments", "ftp://ssapi.shipstation.com/shipments",
          "//ssapi.shipstation.com/shipments", "/shipments", "not a url", "https://ssapi.shipstation.com",
          "https://ssapi.shipstation.com/../shipments"}) {
        EXPECT_FALSE(ss::resource_target(origin, url)) << url;
    }
}

TEST(shipstation_resource_url, base_path_and_ip_literals) {
    auto origin = parse_base_url("http://127.0.0.1:8080/ss");
    auto r = ss::resource_target(origin, "http://127.0.0.1:8080/ss/fulfillments?fulfillmentId=5");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->path, "/fulfillments");
    EXPECT_FALSE(ss::resource_target(origin, "http://127.0.0.1:8080/fulfillments"));
    EXPECT_FALSE(ss::resource_target(origin, "http://127.0.0.1/ss/fulfillments"));
    auto v6 = parse_base_url("http://[::1]:9000");
    EXPECT_TRUE(ss::resource_target(v6, "http://[::1]:9000/shipments"));
    EXPECT_FALSE(ss::resource_target(v6, "http://[::2]:9000/shipments"));
}

TEST(shipstation_resource_url, origin_patterns_parse_and_refuse_what_is_not_an_origin) {
    auto p = mlc::parse_origin_pattern("https://SSAPI*.ShipStation.com/");
    ASSERT_TRUE(p) << p.error();
    EXPECT_EQ(p->scheme, "https");
    EXPECT_TRUE(p->wildcard);
    EXPECT_EQ(p->host_prefix, "ssapi");
    EXPECT_EQ(p->host_suffix, ".shipstation.com");
    EXPECT_EQ(p->port, 443);
    auto local = mlc::parse_origin_pattern("http://127.0.0.1:8090");
    ASSERT_TRUE(local);
    EXPECT_FALSE(local->wildcard);
    EXPECT_EQ(local->port, 8090);
    for (const char* bad :
         {"ssapi.shipstation.com", "ftp://ssapi.shipstation.com", "https://a*b*.example.com", "https://*",
          "https://example.*.com", "https://ssapi.shipstation.com/shipments",
          "https://u@ssapi.shipstation.com", "https://ssapi.shipstation.com:0",
          "https://ssapi.shipstation.com:99999", "https://", "https://x.com?q"}) {
        EXPECT_FALSE(mlc::parse_origin_pattern(bad)) << bad;
    }
}

TEST(shipstation_resource_url, allowed_origin_patterns_are_read_from_the_configured_api) {
    auto origin = parse_base_url("http://127.0.0.1:8090");
    std::vector<mlc::origin_pattern> allowed{*mlc::parse_origin_pattern("https://ssapi*.shipstation.com")};
    for (const char* url :
         {"https://ssapi.shipstation.com/shipments?batchId=7", "https://ssapi2.shipstation.com/shipments",
          "https://SSAPI-eu.shipstation.com/shipments", "https://ssapi.shipstation.com:443/shipments",
          "http://127.0.0.1:8090/shipments"}) {
        auto r = ss::resource_target(origin, url, allowed);
        ASSERT_TRUE(r) << url;
        EXPECT_EQ(r->path, "/shipments")
            << url;  // fetched from the configured origin, never from the URL's host
    }
    for (const char* url :
         {"http://ssapi.shipstation.com/shipments",        // another scheme
          "https://ssapi.shipstation.com:8443/shipments",  // another port
          "https://ssapi.x.shipstation.com/shipments",     // '*' never spans a '.'
          "https://ssapi.shipstation.com.evil.test/shipments",
          "https://evilssapi.shipstation.com/shipments",  // the prefix is anchored
          "https://user@ssapi2.shipstation.com/shipments", "https://shipstation.com/shipments",
          "http://127.0.0.1:8091/shipments", "https://127.0.0.1:8090/shipments"}) {
        EXPECT_FALSE(ss::resource_target(origin, url, allowed)) << url;
    }
    EXPECT_FALSE(
        ss::resource_target(origin, "https://ssapi2.shipstation.com/shipments"));  // patterns are opt-in
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

    auto bare =
        boost::json::parse(R"([{"WebHookID":7,"HookType":"SHIP_NOTIFY","Url":"http://e/s","Active":false},
        {"noId":true}])");
    auto b = ss::parse_webhook_list(bare);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].webhook_id, 7);
    EXPECT_FALSE(b[0].active);
    EXPECT_FALSE(b[0].store_id);
    EXPECT_TRUE(ss::parse_webhook_list(boost::json::parse("{}")).empty());
}

}  // namespace
