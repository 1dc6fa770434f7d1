// Unit tests for the simulator's query options, paging with next links, and resource paths.
#include "tests/simulators/sap_b1/odata_query.hpp"
#include "tests/simulators/sap_b1/resource_path.hpp"

#include <gtest/gtest.h>

namespace mlc::sim::sap {
namespace {

std::vector<boost::json::object> rows(int n) {
    std::vector<boost::json::object> out;
    for (int i = 1; i <= n; ++i)
        out.push_back({{"DocEntry", i}, {"CardCode", i % 2 ? "C1" : "C2"}, {"DocTotal", 100.0 - i}});
    return out;
}

std::vector<std::int64_t> entries(const query_result& r) {
    std::vector<std::int64_t> out;
    for (const auto& v : r.value) out.push_back(v.as_object().at("DocEntry").as_int64());
    return out;
}

TEST(sap_sim_odata_query, parses_options_and_decodes_them) {
    auto q = parse_query(
        "$select=DocEntry,%20CardCode&$filter=CardCode%20eq%20'C1'&$orderby=DocTotal%20desc,DocEntry"
        "&$top=5&$skip=2&$inlinecount=allpages");
    EXPECT_EQ(q.select, (std::vector<std::string>{"DocEntry", "CardCode"}));
    ASSERT_TRUE(q.filter);
    ASSERT_EQ(q.orderby.size(), 2u);
    EXPECT_TRUE(q.orderby[0].descending);
    EXPECT_FALSE(q.orderby[1].descending);
    EXPECT_EQ(q.top, 5u);
    EXPECT_EQ(q.skip, 2u);
    EXPECT_TRUE(q.inline_count);
    EXPECT_EQ(referenced_properties(q), (std::set<std::string>{"CardCode", "DocEntry", "DocTotal"}));
    EXPECT_THROW(parse_query("$top=x"), odata_syntax_error);
    EXPECT_THROW(parse_query("$orderby=DocEntry%20sideways"), odata_syntax_error);
    EXPECT_THROW(parse_query("$filter=%zz"), odata_syntax_error);
}

TEST(sap_sim_odata_query, pages_with_next_link_keeping_the_other_options) {
    auto q = parse_query("$select=DocEntry&$filter=DocEntry%20gt%202");
    auto r = run_query(rows(30), q, 20);
    EXPECT_EQ(r.value.size(), 20u);
    EXPECT_EQ(r.count, 28u);
    ASSERT_TRUE(r.next_query);
    EXPECT_EQ(*r.next_query, "$select=DocEntry&$filter=DocEntry%20gt%202&$skip=20");
    EXPECT_EQ(next_link(api_version::v1, "Orders", *r.next_query),
              "/b1s/v1/Orders?$select=DocEntry&$filter=DocEntry%20gt%202&$skip=20");
    EXPECT_EQ(next_link(api_version::v2, "Orders", *r.next_query),
              "Orders?$select=DocEntry&$filter=DocEntry%20gt%202&$skip=20");
    EXPECT_EQ(r.value[0].as_object().size(), 1u);  // $select applied

    auto second = run_query(rows(30), parse_query(*r.next_query), 20);
    EXPECT_EQ(entries(second).front(), 23);
    EXPECT_EQ(second.value.size(), 8u);
    EXPECT_FALSE(second.next_query);
}

TEST(sap_sim_odata_query, skip_applies_before_top_and_top_carries_into_the_next_link) {
    auto r = run_query(rows(30), parse_query("$top=7&$skip=4"), 5);
    EXPECT_EQ(entries(r), (std::vector<std::int64_t>{5, 6, 7, 8, 9}));
    ASSERT_TRUE(r.next_query);
    EXPECT_EQ(*r.next_query, "$top=2&$skip=9");
    auto rest = run_query(rows(30), parse_query(*r.next_query), 5);
    EXPECT_EQ(entries(rest), (std::vector<std::int64_t>{10, 11}));
    EXPECT_FALSE(rest.next_query);
}

TEST(sap_sim_odata_query, page_size_zero_turns_paging_off) {
    auto r = run_query(rows(45), {}, 0);
    EXPECT_EQ(r.value.size(), 45u);
    EXPECT_FALSE(r.next_query);
}

TEST(sap_sim_odata_query, orders_by_several_keys) {
    auto r = run_query(rows(6), parse_query("$orderby=CardCode%20desc,DocEntry%20desc"), 0);
    EXPECT_EQ(entries(r), (std::vector<std::int64_t>{6, 4, 2, 5, 3, 1}));
    auto by_total = run_query(rows(3), parse_query("$orderby=DocTotal"), 0);
    EXPECT_EQ(entries(by_total), (std::vector<std::int64_t>{3, 2, 1}));
}

TEST(sap_sim_odata_query, reads_the_prefer_header) {
    EXPECT_EQ(preferred_page_size("odata.maxpagesize=50"), 50u);
    EXPECT_EQ(preferred_page_size("return-no-content, odata.maxpagesize=0"), 0u);
    EXPECT_FALSE(preferred_page_size("odata.maxpagesize=x"));
    EXPECT_FALSE(preferred_page_size(""));
}

TEST(sap_sim_resource_path, splits_version_set_key_action_and_count) {
    auto p = parse_resource_path("/b1s/v2/Orders(12)/Cancel");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->version, api_version::v2);
    EXPECT_EQ(p->resource, "Orders");
    EXPECT_EQ(p->key, "12");
    EXPECT_EQ(p->action, "Cancel");
    EXPECT_EQ(parse_resource_path("/b1s/v1/Orders(DocEntry=7)")->key, "7");
    auto item = parse_resource_path("/b1s/v1/Items('A''1')");
    EXPECT_EQ(item->key, "A'1");
    EXPECT_TRUE(item->key_quoted);
    EXPECT_EQ(parse_resource_path("/b1s/v2/Orders(3)/SAPB1.Cancel")->action, "Cancel");
    EXPECT_TRUE(parse_resource_path("/b1s/v1/Orders/$count")->count);
    EXPECT_EQ(parse_resource_path("/b1s/v1/login")->resource, "login");  // case kept: routing decides
    for (const char* bad : {"/b1s/v3/Orders", "/b1s/v1/", "/b1s/v1/Orders(12", "/b1s/v1/Orders/Cancel",
                            "/b1s/v1/Orders(1)/a/b", "/b1s/v1/Items('A)"})
        EXPECT_FALSE(parse_resource_path(bad)) << bad;
}

}  // namespace
}  // namespace mlc::sim::sap
