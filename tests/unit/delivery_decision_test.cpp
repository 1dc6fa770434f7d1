// Unit tests for the delivery writer's decisions: the step of every stored state (replays, lost answers,
// voids, drafts, refused order updates), the exact stamp match, and what each POST answer means.
#include "flows/shipments/delivery_decision.hpp"

#include "tests/support/sap_documents.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlc::flows::shipments {
namespace {

namespace sap = clients::sap;
using db::shipment_links::order_update;
using std::chrono::milliseconds;
using step = delivery_step;

constexpr milliseconds settle{60000};

// The shipment as it usually stands before its first delivery: known order, nothing written, no doubt.
delivery_facts fresh() {
    delivery_facts f;
    f.order_known = true;
    f.doubt_settle = settle;
    return f;
}

struct step_case {
    const char* name;
    delivery_facts facts;
    step expected;
    const char* reason_part = "";  // a part of the reason (skip, refuse), "" when none is expected
};

delivery_facts with(delivery_facts f, auto change) {
    change(f);
    return f;
}

const std::vector<step_case> step_cases = {
    {"no_link_nothing", with(fresh(), [](auto& f) { f.link_found = false; }), step::nothing},
    {"a_fresh_shipment_is_posted", fresh(), step::post},
    {"an_unknown_order_is_skipped", with(fresh(), [](auto& f) { f.order_known = false; }), step::skip,
     "not an order the connector sent"},
    {"an_order_conflict_is_refused",
     with(fresh(), [](auto& f) { f.order_conflict = "ShipStation names order 7"; }), step::refuse,
     "ShipStation names order 7"},
    // Hole 1: a replay resets the attempts; the stored state decides.
    {"a_replay_of_a_recorded_delivery_with_a_pending_update_only_patches",
     with(fresh(),
          [](auto& f) {
              f.delivery_recorded = true;
              f.order_update = order_update::pending;
          }),
     step::patch_order},
    {"a_recorded_delivery_whose_update_is_done_needs_nothing",
     with(fresh(),
          [](auto& f) {
              f.delivery_recorded = true;
              f.order_update = order_update::done;
          }),
     step::nothing},
    {"a_recorded_delivery_from_before_update_tracking_needs_nothing",
     with(fresh(), [](auto& f) { f.delivery_recorded = true; }), step::nothing},
    // Hole 6: a refused order update is not retried in a loop (only an operator's replay makes it pending).
    {"a_refused_order_update_is_not_retried",
     with(fresh(),
          [](auto& f) {
              f.delivery_recorded = true;
              f.order_update = order_update::refused;
          }),
     step::nothing},
    {"a_recorded_delivery_is_never_posted_again_even_with_a_conflict",
     with(fresh(),
          [](auto& f) {
              f.delivery_recorded = true;
              f.order_update = order_update::pending;
              f.order_conflict = "x";
          }),
     step::patch_order},
    {"an_in_doubt_post_is_searched_for_first",
     with(fresh(), [](auto& f) { f.in_doubt_for = milliseconds(60000); }), step::look_then_post},
    {"an_in_doubt_post_too_recent_waits",
     with(fresh(), [](auto& f) { f.in_doubt_for = milliseconds(15000); }), step::wait},
    // Hole 3: a void after an in-doubt POST searches first.
    {"a_void_after_an_in_doubt_post_searches_first",
     with(fresh(),
          [](auto& f) {
              f.voided = true;
              f.in_doubt_for = milliseconds(90000);
          }),
     step::look_then_void},
    {"a_void_after_a_recent_in_doubt_post_waits",
     with(fresh(),
          [](auto& f) {
              f.voided = true;
              f.in_doubt_for = milliseconds(1);
          }),
     step::wait},
    {"a_void_before_any_delivery_is_skipped", with(fresh(), [](auto& f) { f.voided = true; }), step::skip,
     "voided before its delivery was written"},
    {"a_void_after_the_delivery_with_flag_is_noted",
     with(fresh(),
          [](auto& f) {
              f.voided = true;
              f.delivery_recorded = true;
          }),
     step::note_void},
    {"a_void_after_the_delivery_with_cancel_cancels",
     with(fresh(),
          [](auto& f) {
              f.voided = true;
              f.delivery_recorded = true;
              f.cancel_on_void = true;
          }),
     step::cancel},
    {"a_cancel_in_doubt_waits_before_searching",
     with(fresh(),
          [](auto& f) {
              f.voided = true;
              f.delivery_recorded = true;
              f.cancel_on_void = true;
              f.in_doubt_for = milliseconds(10);
          }),
     step::wait},
    {"a_cancelled_delivery_needs_nothing",
     with(fresh(),
          [](auto& f) {
              f.voided = true;
              f.delivery_recorded = true;
              f.cancelled = true;
              f.order_update = order_update::done;
          }),
     step::nothing},
    {"a_cancelled_delivery_with_its_status_update_pending_only_patches",
     with(fresh(),
          [](auto& f) {
              f.voided = true;
              f.delivery_recorded = true;
              f.cancelled = true;
              f.order_update = order_update::pending;
          }),
     step::patch_order},
};

TEST(delivery_decision, every_stored_state_has_its_step) {
    for (const auto& c : step_cases) {
        auto choice = choose_step(c.facts);
        EXPECT_EQ(choice.step, c.expected) << c.name;
        EXPECT_NE(choice.reason.find(c.reason_part), std::string::npos) << c.name << ": " << choice.reason;
    }
}

TEST(delivery_decision, a_wait_lasts_until_sap_has_had_the_whole_settle_time) {
    auto f = fresh();
    f.in_doubt_for = milliseconds(15000);
    EXPECT_EQ(choose_step(f).wait_for, milliseconds(45000));
}

TEST(delivery_decision, only_steps_that_reach_sap_take_the_order_lock) {
    for (auto s : {step::post, step::look_then_post, step::patch_order, step::cancel, step::look_then_void,
                   step::note_void})
        EXPECT_TRUE(calls_sap(s));
    for (auto s : {step::nothing, step::skip, step::refuse, step::wait}) EXPECT_FALSE(calls_sap(s));
}

// Documents for the stamp match: Comments, lines based on orders.
sap::document delivery(int entry, const std::string& comments, std::vector<int> base_entries,
                       bool cancelled = false, const std::string& udf = "") {
    std::string lines;
    for (std::size_t i = 0; i < base_entries.size(); ++i)
        lines += std::string(i ? "," : "") + R"({"LineNum":)" + std::to_string(i) +
                 R"(,"BaseType":17,"BaseEntry":)" + std::to_string(base_entries[i]) + R"(,"BaseLine":0})";
    return test::order_from(R"({"DocEntry":)" + std::to_string(entry) + R"(,"DocNum":)" +
                            std::to_string(entry + 100) + R"(,"Comments":")" + comments +
                            R"(","Cancelled":")" + (cancelled ? "tYES" : "tNO") + R"(","U_ShipmentId":")" +
                            udf + R"(","DocumentLines":[)" + lines + "]}");
}

const sap::delivery_stamp in_comments{"Comments", comments_token("SS-SHIP-12")};

TEST(delivery_decision, the_comments_stamp_is_a_delimited_token) {
    EXPECT_EQ(comments_token("SS-SHIP-12"), "[SS-SHIP-12]");
}

// Hole 2: a stamp that is a prefix of another's never matches it.
TEST(delivery_decision, a_stamp_matches_only_itself_never_a_longer_one) {
    EXPECT_TRUE(carries_stamp(delivery(1, "ShipStation shipment 12 [SS-SHIP-12]", {5}), in_comments));
    EXPECT_FALSE(carries_stamp(delivery(1, "ShipStation shipment 123 [SS-SHIP-123]", {5}), in_comments));
    EXPECT_FALSE(carries_stamp(delivery(1, "SS-SHIP-12 written by hand", {5}), in_comments));
    const sap::delivery_stamp in_udf{"U_ShipmentId", "SS-SHIP-12"};
    EXPECT_TRUE(carries_stamp(delivery(1, "", {5}, false, "SS-SHIP-12"), in_udf));
    EXPECT_FALSE(carries_stamp(delivery(1, "", {5}, false, "SS-SHIP-123"), in_udf));
    EXPECT_FALSE(carries_stamp(delivery(1, "", {5}, false, "ss-ship-12"), in_udf));  // a collation's match
}

TEST(delivery_decision, a_found_delivery_is_ours_only_when_every_line_is_based_on_the_order) {
    EXPECT_TRUE(based_on_order(delivery(1, "", {5, 5}), 5));
    EXPECT_FALSE(based_on_order(delivery(1, "", {5, 6}), 5));
    EXPECT_FALSE(based_on_order(delivery(1, "", {6}), 5));
    EXPECT_FALSE(based_on_order(delivery(1, "", {}), 5));
}

TEST(delivery_decision, ours_picks_the_exact_stamp_on_this_order_and_prefers_an_open_delivery) {
    std::vector<sap::document> found = {
        delivery(1, "[SS-SHIP-123]", {5}),       // a longer stamp
        delivery(2, "[SS-SHIP-12]", {6}),        // another order's
        delivery(3, "[SS-SHIP-12]", {5}, true),  // cancelled
        delivery(4, "[SS-SHIP-12]", {5}),        // ours
    };
    auto mine = ours(found, in_comments, 5);
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->doc_entry, 4);
    found.pop_back();
    mine = ours(found, in_comments, 5);
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->doc_entry, 3);
    EXPECT_TRUE(mine->cancelled);
    found.pop_back();
    EXPECT_FALSE(ours(found, in_comments, 5));
}

clients::outcome<sap::created_delivery> answer(clients::error_kind kind, std::string code = {}) {
    return clients::error{kind, 400, std::move(code), "message"};
}

TEST(delivery_decision, every_post_answer_has_its_meaning) {
    sap::created_delivery created{7, 107, false, {}};
    EXPECT_EQ(meaning_of(created), post_meaning::delivered);
    sap::created_delivery draft{3, 0, true, {}};
    EXPECT_EQ(meaning_of(draft), post_meaning::draft_waiting);
    // Hole 5: -2028 is an approval procedure's draft or an invalid code; the drafts tell which.
    EXPECT_EQ(meaning_of(answer(clients::error_kind::refused, "-2028")), post_meaning::check_drafts);
    EXPECT_EQ(meaning_of(answer(clients::error_kind::not_found, "-2028")), post_meaning::check_drafts);
    EXPECT_EQ(meaning_of(answer(clients::error_kind::refused, "-5002")), post_meaning::refused);
    EXPECT_EQ(meaning_of(answer(clients::error_kind::refused, "-10")), post_meaning::refused);
    EXPECT_EQ(meaning_of(answer(clients::error_kind::in_doubt)), post_meaning::in_doubt);
    EXPECT_EQ(meaning_of(answer(clients::error_kind::bad_response)), post_meaning::in_doubt);
    for (auto kind : {clients::error_kind::transport, clients::error_kind::unauthorized,
                      clients::error_kind::session_lost, clients::error_kind::unavailable})
        EXPECT_EQ(meaning_of(answer(kind)), post_meaning::not_posted);
}

TEST(delivery_decision, only_a_business_error_is_a_refused_order_update) {
    EXPECT_TRUE(refused_by_sap(clients::error{clients::error_kind::refused, 400, "-5002", "closed"}));
    for (auto kind :
         {clients::error_kind::transport, clients::error_kind::in_doubt, clients::error_kind::unavailable,
          clients::error_kind::session_lost, clients::error_kind::not_found})
        EXPECT_FALSE(refused_by_sap(clients::error{kind, 0, {}, {}}));
}

db::shipment_links::shipment_link shipment(std::optional<std::int64_t> order_id,
                                           std::optional<std::int64_t> store) {
    db::shipment_links::shipment_link l;
    l.shipstation_order_id = order_id;
    boost::json::object payload;
    if (store) payload["advancedOptions"] = boost::json::object{{"storeId", *store}};
    l.payload = std::move(payload);
    return l;
}

db::order_links::order_link order(std::optional<std::int64_t> order_id, std::optional<std::int64_t> store) {
    db::order_links::order_link o;
    o.order_key = "mlc-SBODEMOUS-70001";
    o.doc_num = 70001;
    o.shipstation_order_id = order_id;
    if (store)
        o.sent_body = boost::json::object{{"advancedOptions", boost::json::object{{"storeId", *store}}}};
    return o;
}

TEST(delivery_decision, a_shipment_that_disagrees_with_its_order_link_is_named) {
    EXPECT_FALSE(order_conflict(shipment(10, 1), order(10, 1)));
    EXPECT_FALSE(order_conflict(shipment(std::nullopt, std::nullopt), order(10, 1)));
    EXPECT_FALSE(order_conflict(shipment(10, 1), order(std::nullopt, std::nullopt)));
    auto other_order = order_conflict(shipment(11, 1), order(10, 1));
    ASSERT_TRUE(other_order);
    EXPECT_NE(other_order->find("11"), std::string::npos) << *other_order;
    auto other_store = order_conflict(shipment(10, 2), order(10, 1));
    ASSERT_TRUE(other_store);
    EXPECT_NE(other_store->find("store 2"), std::string::npos) << *other_store;
}

}  // namespace
}  // namespace mlc::flows::shipments
