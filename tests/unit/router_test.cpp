// Unit tests for the HTTP routing table: found, 404, 405 with Allow, duplicates, query stripping, prefixes.
#include "server/http/router.hpp"

#include "server/http/responses.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mlc::server::http {
namespace {

using beast::http::verb;

handler_fn ok_handler() {
    return [](const request_context&) -> asio::awaitable<response> {
        co_return text_response(beast::http::status::ok, "ok");
    };
}

router sample_router() {
    router r;
    r.add({verb::get, "/health", "health", ok_handler(), {}});
    r.add({verb::post, "/webhooks/shipstation", "webhook", ok_handler(), 4096});
    r.add({verb::get, "/webhooks/shipstation", "webhook_probe", ok_handler(), {}});
    return r;
}

TEST(router, finds_the_route_for_method_and_path) {
    auto r = sample_router();
    auto m = r.match(verb::post, "/webhooks/shipstation");
    ASSERT_EQ(m.status, match_status::found);
    ASSERT_NE(m.found, nullptr);
    EXPECT_EQ(m.found->name, "webhook");
    EXPECT_EQ(m.found->body_limit, 4096u);
    EXPECT_EQ(r.size(), 3u);
}

TEST(router, unknown_path_is_not_found) {
    auto r = sample_router();
    auto m = r.match(verb::get, "/nope");
    EXPECT_EQ(m.status, match_status::not_found);
    EXPECT_EQ(m.found, nullptr);
    EXPECT_TRUE(m.allow.empty());
    // Exact match only: neither prefixes nor a trailing slash match.
    EXPECT_EQ(r.match(verb::get, "/health/").status, match_status::not_found);
    EXPECT_EQ(r.match(verb::get, "/heal").status, match_status::not_found);
}

TEST(router, known_path_with_other_method_is_405_with_allow) {
    auto r = sample_router();
    auto m = r.match(verb::delete_, "/webhooks/shipstation");
    EXPECT_EQ(m.status, match_status::method_not_allowed);
    EXPECT_EQ(m.found, nullptr);
    EXPECT_EQ(m.allow, "POST, GET");
}

TEST(router, head_is_not_derived_from_get) {
    auto r = sample_router();
    auto m = r.match(verb::head, "/health");
    EXPECT_EQ(m.status, match_status::method_not_allowed);
    EXPECT_EQ(m.allow, "GET");
}

TEST(router, query_string_is_ignored_for_matching) {
    auto r = sample_router();
    auto m = r.match(verb::post, "/webhooks/shipstation?token=abc&x=1");
    ASSERT_EQ(m.status, match_status::found);
    EXPECT_EQ(m.found->name, "webhook");
    EXPECT_EQ(r.match(verb::get, "/health?").status, match_status::found);
}

TEST(router, split_target_separates_path_and_raw_query) {
    auto t = split_target("/a/b?x=1&y=%20");
    EXPECT_EQ(t.path, "/a/b");
    EXPECT_EQ(t.query, "x=1&y=%20");
    auto bare = split_target("/a");
    EXPECT_EQ(bare.path, "/a");
    EXPECT_TRUE(bare.query.empty());
}

TEST(router, duplicate_method_and_path_throws) {
    auto r = sample_router();
    EXPECT_THROW(r.add({verb::get, "/health", "health2", ok_handler(), {}}), std::invalid_argument);
    EXPECT_EQ(r.size(), 3u);
    // The same path with another method is fine.
    EXPECT_NO_THROW(r.add({verb::put, "/health", "health_put", ok_handler(), {}}));
}

TEST(router, rejects_malformed_routes) {
    router r;
    EXPECT_THROW(r.add({verb::get, "health", "h", ok_handler(), {}}), std::invalid_argument);
    EXPECT_THROW(r.add({verb::get, "/h?x=1", "h", ok_handler(), {}}), std::invalid_argument);
    EXPECT_THROW(r.add({verb::get, "/h", "h", handler_fn{}, {}}), std::invalid_argument);
    EXPECT_THROW(r.add({verb::get, "/h", "", ok_handler(), {}}), std::invalid_argument);
    EXPECT_EQ(r.size(), 0u);
}

TEST(router, prefix_route_matches_paths_below_it) {
    router r;
    r.add_prefix({verb::get, "/b1s/", "sl", ok_handler(), {}});
    auto m = r.match(verb::get, "/b1s/v1/Orders(12)?$select=DocEntry");
    ASSERT_EQ(m.status, match_status::found);
    EXPECT_EQ(m.found->name, "sl");
    EXPECT_EQ(r.match(verb::get, "/b1s/").status, match_status::found);
    EXPECT_EQ(r.match(verb::get, "/b1s").status, match_status::not_found);
    EXPECT_EQ(r.match(verb::get, "/b1sx/v1").status, match_status::not_found);
    EXPECT_EQ(r.size(), 1u);
}

TEST(router, exact_route_wins_over_prefix_and_longest_prefix_wins) {
    router r;
    r.add_prefix({verb::get, "/a/", "short", ok_handler(), {}});
    r.add_prefix({verb::get, "/a/b/", "long", ok_handler(), {}});
    r.add({verb::get, "/a/b/c", "exact", ok_handler(), {}});
    EXPECT_EQ(r.match(verb::get, "/a/b/c").found->name, "exact");
    EXPECT_EQ(r.match(verb::get, "/a/b/d").found->name, "long");
    EXPECT_EQ(r.match(verb::get, "/a/x").found->name, "short");
}

TEST(router, prefix_route_with_other_method_is_405_and_malformed_prefix_throws) {
    router r;
    r.add_prefix({verb::post, "/p/", "p_post", ok_handler(), {}});
    r.add_prefix({verb::patch, "/p/", "p_patch", ok_handler(), {}});
    auto m = r.match(verb::get, "/p/x");
    EXPECT_EQ(m.status, match_status::method_not_allowed);
    EXPECT_EQ(m.allow, "POST, PATCH");
    EXPECT_THROW(r.add_prefix({verb::get, "/p", "p", ok_handler(), {}}), std::invalid_argument);
    EXPECT_THROW(r.add_prefix({verb::post, "/p/", "dup", ok_handler(), {}}), std::invalid_argument);
}

}  // namespace
}  // namespace mlc::server::http
