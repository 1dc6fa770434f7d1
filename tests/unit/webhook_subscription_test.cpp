// Unit tests of which SHIP_NOTIFY subscriptions count as this service's with an old token.
#include "flows/shipments/webhook_subscription.hpp"

#include <gtest/gtest.h>

namespace {

using mlc::flows::shipments::same_endpoint_other_token;
using mlc::flows::shipments::ship_notify_target;

TEST(webhook_subscription, only_the_same_endpoint_with_another_token_is_stale) {
    const auto target = ship_notify_target("https://mlc.example.com/hooks/", "new/token");
    EXPECT_EQ(target, "https://mlc.example.com/hooks/webhooks/shipstation?token=new%2Ftoken");
    EXPECT_TRUE(
        same_endpoint_other_token("https://mlc.example.com/hooks/webhooks/shipstation?token=old", target));
    EXPECT_TRUE(
        same_endpoint_other_token("https://mlc.example.com/hooks/webhooks/shipstation?token=", target));
    for (const char* kept : {
             "https://mlc.example.com/hooks/webhooks/shipstation?token=new%2Ftoken",  // the right one
             "https://mlc.example.com/other/webhooks/shipstation?token=old",          // another endpoint
             "https://other.example.com/hooks/webhooks/shipstation?token=old",        // another host
             "http://mlc.example.com/hooks/webhooks/shipstation?token=old",           // another scheme
             "https://mlc.example.com/hooks/webhooks/shipstation?token=old&x=1",      // not only a token
             "https://mlc.example.com/hooks/webhooks/shipstation?tok=old",
             "https://mlc.example.com/hooks/webhooks/shipstation",
         })
        EXPECT_FALSE(same_endpoint_other_token(kept, target)) << kept;
}

}  // namespace
