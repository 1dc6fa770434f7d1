// Unit tests of what a claimed push does before it is sent: the look-up it needs, and one row per case of the
// stored link and ShipStation's answer to that look-up.
#include "flows/orders/in_doubt_resolution.hpp"

#include "tests/support/sample_order_link.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlc::flows::orders {
namespace {

namespace links = db::order_links;
namespace ss = clients::shipstation;
using kind = lookup_answer::kind;

const boost::json::object full_body{{"orderNumber", "7434"},
                                    {"orderKey", "mlc-SBODEMOUS-7434-e41367"},
                                    {"orderStatus", "awaiting_shipment"},
                                    {"shipTo", boost::json::object{{"country", "DE"}}}};
const boost::json::object bare_cancel{
    {"orderKey", "mlc-SBODEMOUS-7434-e41367"}, {"orderNumber", "7434"}, {"orderStatus", "cancelled"}};
constexpr std::string_view this_hash = "hash-of-this-push";

struct link_facts {
    std::optional<std::int64_t> order_id;  // stored shipstation_order_id
    std::optional<std::string> in_doubt;   // stored in_doubt_hash
};

links::order_link link_with(link_facts f) {
    auto l = test::sample_order_link();
    l.shipstation_order_id = f.order_id;
    l.in_doubt_hash = f.in_doubt;
    return l;
}

lookup_answer found(std::string status) {
    ss::order o;
    o.order_id = 9001;
    o.order_number = "7434";
    o.order_key = "mlc-SBODEMOUS-7434-e41367";
    o.order_status = status;
    o.raw = full_body;
    o.raw["orderId"] = 9001;
    o.raw["orderStatus"] = status;
    return {kind::found, o, ""};
}

const lookup_answer not_asked{kind::not_asked, std::nullopt, ""};
const lookup_answer not_found{kind::not_found, std::nullopt, ""};
const lookup_answer lookup_failed{kind::failed, std::nullopt, "ShipStation unreachable: timeout"};

struct lookup_row {
    std::string name;
    link_facts link;
    std::string operation;
    order_lookup expected;
};

std::ostream& operator<<(std::ostream& os, const lookup_row& r) {
    return os << r.name;
}

const std::vector<lookup_row> lookup_rows = {
    {"a_first_create_needs_no_lookup", {}, "create", order_lookup::none},
    {"an_update_of_an_order_never_accepted_needs_no_lookup", {}, "update", order_lookup::none},
    {"a_create_in_doubt_is_looked_up_by_order_number",
     {std::nullopt, "h"},
     "create",
     order_lookup::by_order_number},
    {"a_cancel_in_doubt_of_an_order_never_confirmed_is_looked_up_by_order_number",
     {std::nullopt, "h"},
     "cancel",
     order_lookup::by_order_number},
    {"an_update_of_a_known_order_is_looked_up_by_its_id",
     {9001, std::nullopt},
     "update",
     order_lookup::by_order_id},
    {"a_cancel_of_a_known_order_is_looked_up_by_its_id", {9001, "h"}, "cancel", order_lookup::by_order_id},
    {"a_create_in_doubt_with_a_known_id_is_looked_up_by_order_number",
     {9001, "h"},
     "create",
     order_lookup::by_order_number},
};

class order_lookup_table : public ::testing::TestWithParam<lookup_row> {};

TEST_P(order_lookup_table, chooses) {
    const auto& r = GetParam();
    EXPECT_EQ(lookup_before_push(link_with(r.link), r.operation), r.expected);
}

INSTANTIATE_TEST_SUITE_P(every_case, order_lookup_table, ::testing::ValuesIn(lookup_rows),
                         [](const ::testing::TestParamInfo<lookup_row>& case_info) {
                             return case_info.param.name;
                         });

struct resolution_row {
    std::string name;
    std::optional<link_facts> link;  // nullopt: the order has no link
    std::string operation;
    boost::json::object body;
    lookup_answer answer;
    // Expected:
    push_verdict verdict;
    std::optional<std::int64_t> order_id = std::nullopt;
    std::string error = "";
    bool applied_unknown = false;
    std::optional<boost::json::object> body_sent_instead = std::nullopt;
};

std::ostream& operator<<(std::ostream& os, const resolution_row& r) {
    return os << r.name;
}

boost::json::object cancelled_found_order() {
    auto body = found("awaiting_shipment").order->raw;
    body["orderStatus"] = "cancelled";
    return body;
}

const std::vector<resolution_row> resolution_rows = {
    {"a_push_without_a_link_is_sent", std::nullopt, "create", full_body, not_asked, push_verdict::pending},
    {"a_first_create_is_sent", link_facts{}, "create", full_body, not_asked, push_verdict::pending},
    {"a_failed_lookup_fails_the_push_with_its_outcome_unknown",
     link_facts{std::nullopt, std::string(this_hash)}, "create", full_body, lookup_failed,
     push_verdict::failed, std::nullopt,
     "looking the order up in ShipStation: ShipStation unreachable: timeout", true},
    {"a_create_in_doubt_not_found_is_sent_again", link_facts{std::nullopt, std::string(this_hash)}, "create",
     full_body, not_found, push_verdict::pending},
    {"a_cancel_of_an_order_shipstation_never_had_is_dropped_without_asking", link_facts{}, "cancel",
     bare_cancel, not_asked, push_verdict::dropped, std::nullopt,
     "cancelled in SAP; ShipStation never had the order, nothing to cancel"},
    {"a_cancel_of_a_create_in_doubt_that_never_landed_is_dropped", link_facts{std::nullopt, "an-older-hash"},
     "cancel", bare_cancel, not_found, push_verdict::dropped, std::nullopt,
     "cancelled in SAP; ShipStation never had the order, nothing to cancel"},
    {"an_update_of_an_order_shipstation_no_longer_finds_is_sent", link_facts{9001, std::nullopt}, "update",
     full_body, not_found, push_verdict::pending},
    {"an_update_of_a_shipped_order_is_locked", link_facts{9001, std::nullopt}, "update", full_body,
     found("shipped"), push_verdict::locked, 9001},
    {"an_update_of_a_cancelled_order_is_locked", link_facts{9001, std::nullopt}, "update", full_body,
     found("cancelled"), push_verdict::locked, 9001},
    {"a_cancel_of_a_shipped_order_is_locked", link_facts{9001, std::nullopt}, "cancel", full_body,
     found("shipped"), push_verdict::locked, 9001},
    {"a_cancel_of_an_order_already_cancelled_is_sent", link_facts{9001, std::nullopt}, "cancel", full_body,
     found("cancelled"), push_verdict::sent, 9001},
    {"a_create_in_doubt_found_is_confirmed_and_not_sent_again",
     link_facts{std::nullopt, std::string(this_hash)}, "create", full_body, found("awaiting_shipment"),
     push_verdict::confirmed, 9001},
    {"a_create_found_under_an_older_in_doubt_body_is_sent_as_an_update",
     link_facts{std::nullopt, "an-older-hash"}, "create", full_body, found("awaiting_shipment"),
     push_verdict::pending, 9001},
    {"an_update_in_doubt_of_a_known_order_is_sent_again", link_facts{9001, std::string(this_hash)}, "update",
     full_body, found("awaiting_shipment"), push_verdict::pending, 9001},
    {"an_update_of_an_open_order_is_sent_with_its_id", link_facts{9001, std::nullopt}, "update", full_body,
     found("awaiting_shipment"), push_verdict::pending, 9001},
    {"a_cancel_without_an_order_body_resends_the_found_order_cancelled",
     link_facts{std::nullopt, "an-older-hash"}, "cancel", bare_cancel, found("awaiting_shipment"),
     push_verdict::pending, 9001, "", false, cancelled_found_order()},
    {"a_cancel_with_the_last_body_sent_keeps_it", link_facts{9001, std::nullopt}, "cancel",
     [] {
         auto b = full_body;
         b["orderStatus"] = "cancelled";
         return b;
     }(),
     found("awaiting_shipment"), push_verdict::pending, 9001},
};

class push_resolution_table : public ::testing::TestWithParam<resolution_row> {};

TEST_P(push_resolution_table, resolves) {
    const auto& r = GetParam();
    std::optional<links::order_link> link;
    if (r.link) link = link_with(*r.link);
    auto got = resolve_push(link, r.operation, this_hash, r.body, r.answer);
    EXPECT_EQ(got.verdict, r.verdict);
    EXPECT_EQ(got.order_id, r.order_id);
    EXPECT_EQ(got.error, r.error);
    EXPECT_EQ(got.applied_unknown, r.applied_unknown);
    EXPECT_EQ(got.body, r.body_sent_instead);
    if (r.answer.what == kind::found) {
        EXPECT_EQ(got.order_status, r.answer.order->order_status);
    }
    // The audit row shows what was found when that decided the push.
    const bool decided_by_found = r.verdict == push_verdict::locked || r.verdict == push_verdict::sent ||
                                  r.verdict == push_verdict::confirmed;
    ASSERT_EQ(got.response.has_value(), decided_by_found);
    if (decided_by_found) {
        EXPECT_EQ(got.response->at("orderId"), 9001);
        EXPECT_EQ(got.response->at("orderStatus").as_string(), r.answer.order->order_status);
    }
}

INSTANTIATE_TEST_SUITE_P(every_case, push_resolution_table, ::testing::ValuesIn(resolution_rows),
                         [](const ::testing::TestParamInfo<resolution_row>& case_info) {
                             return case_info.param.name;
                         });

}  // namespace
}  // namespace mlc::flows::orders
