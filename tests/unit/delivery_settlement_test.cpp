// Unit tests for what a delivery job's verdict records: the link (delivery, in-doubt mark, order update), the
// job's end and the audit rows, for each outcome.
#include "flows/shipments/delivery_settlement.hpp"

#include <gtest/gtest.h>

namespace mlc::flows::shipments {
namespace {

namespace links = db::shipment_links;
using kind = delivery_verdict::kind;
using end = settle_plan::job_end;
using std::chrono::milliseconds;

db::job_queue::job a_job() {
    db::job_queue::job j;
    j.id = 41;
    j.dedupe_key = "shipment:12";
    j.correlation_id = "corr";
    return j;
}

links::shipment_link a_link(bool with_delivery = false) {
    links::shipment_link l;
    l.kind = links::link_kind::shipment;
    l.shipstation_id = 12;
    if (with_delivery) {
        l.delivery_doc_entry = 7;
        l.delivery_doc_num = 107;
        l.state = links::link_state::delivered;
    }
    return l;
}

delivery_verdict verdict(kind what, std::string action, std::string reason = {}) {
    delivery_verdict v;
    v.what = what;
    v.action = std::move(action);
    v.reason = std::move(reason);
    return v;
}

std::vector<std::string> actions(const settle_plan& p) {
    std::vector<std::string> out;
    for (const auto& r : p.rows) out.push_back(r.action);
    return out;
}

TEST(delivery_settlement, a_posted_delivery_is_recorded_the_mark_cleared_and_its_update_kept) {
    auto v = verdict(kind::delivered, "delivery_created");
    v.doc_entry = 7;
    v.doc_num = 107;
    v.order_update = links::order_update::done;
    v.before.emplace_back(side_step::shipment_mapped, boost::json::object{{"BaseEntry", 5}});
    v.after.emplace_back(side_step::order_patched, boost::json::object{{"TrackingNumber", "1Z"}});
    db::order_links::order_link order;
    order.doc_num = 70001;
    auto link = a_link();
    auto p = plan_settlement(v, a_job(), &link, &order, milliseconds(10));
    EXPECT_EQ(p.job, end::complete);
    ASSERT_TRUE(p.link);
    EXPECT_EQ(p.link->state, links::link_state::delivered);
    EXPECT_EQ(p.link->delivery, (std::pair{7, 107}));
    EXPECT_EQ(p.link->update, links::order_update::done);
    EXPECT_FALSE(p.link->keep_in_doubt);
    EXPECT_EQ(actions(p), (std::vector<std::string>{"shipment_mapped", "delivery_created", "order_patched"}));
    EXPECT_EQ(p.rows[1].request_summary->at("DocNum").as_int64(), 70001);
    EXPECT_EQ(p.rows[1].response_summary->at("DocEntry").as_int64(), 7);
    EXPECT_EQ(p.rows[1].entity_key, "shipment:12");
    EXPECT_EQ(p.rows[1].job_id, 41);
}

// Hole 6: the delivery is the record; a failed order update retries only the update.
TEST(delivery_settlement, a_delivery_whose_order_update_failed_stays_delivered_and_the_job_retries) {
    auto v = verdict(kind::delivered, "delivery_created");
    v.doc_entry = 7;
    v.doc_num = 107;
    v.order_update = links::order_update::pending;
    v.order_update_error = "updating the sales order: unavailable";
    v.after.emplace_back(side_step::order_update_failed,
                         boost::json::object{{"error", "updating the sales order: unavailable"}});
    auto link = a_link();
    auto p = plan_settlement(v, a_job(), &link, nullptr, milliseconds(10));
    EXPECT_EQ(p.job, end::retry);
    EXPECT_EQ(p.retry_delay, milliseconds(10));
    EXPECT_FALSE(p.dead_if_out_of_attempts);  // out of attempts, the link still names its delivery
    EXPECT_EQ(p.link->state, links::link_state::delivered);
    EXPECT_EQ(p.link->update, links::order_update::pending);
    EXPECT_EQ(p.rows.back().result, db::audit_log::outcome::failed);
    EXPECT_EQ(p.rows.back().error, "updating the sales order: unavailable");
}

TEST(delivery_settlement, a_refused_order_update_is_kept_and_the_job_ends) {
    auto v = verdict(kind::order_updated, "");
    v.order_update = links::order_update::refused;
    v.order_update_error = "closed";
    v.after.emplace_back(side_step::order_update_refused, boost::json::object{{"error", "closed"}});
    auto link = a_link(true);
    auto p = plan_settlement(v, a_job(), &link, nullptr, milliseconds(10));
    EXPECT_EQ(p.job, end::complete);
    EXPECT_FALSE(p.link->state);  // still delivered
    EXPECT_EQ(p.link->update, links::order_update::refused);
    EXPECT_EQ(p.link->update_error, "closed");
    EXPECT_EQ(actions(p), (std::vector<std::string>{"order_update_refused"}));
}

TEST(delivery_settlement, a_post_in_doubt_keeps_its_mark_and_may_die_out_of_attempts) {
    auto v = verdict(kind::failed, "failed", "posting the delivery: in doubt");
    v.keep_in_doubt = true;
    auto link = a_link();
    auto p = plan_settlement(v, a_job(), &link, nullptr, milliseconds(20));
    EXPECT_EQ(p.job, end::retry);
    EXPECT_EQ(p.error, "posting the delivery: in doubt");
    EXPECT_TRUE(p.dead_if_out_of_attempts);
    EXPECT_EQ(p.link->state, links::link_state::failed);
    EXPECT_TRUE(p.link->keep_in_doubt);
    EXPECT_EQ(p.rows[p.outcome_row].action, "failed");
}

TEST(delivery_settlement, a_draft_waiting_for_approval_is_a_dead_letter_that_keeps_its_mark) {
    auto v = verdict(kind::dead, "dead_lettered", "waiting for approval in SAP: draft 3");
    v.keep_in_doubt = true;
    auto link = a_link();
    auto p = plan_settlement(v, a_job(), &link, nullptr, milliseconds(20));
    EXPECT_EQ(p.job, end::bury);
    EXPECT_EQ(p.link->state, links::link_state::dead);
    EXPECT_EQ(p.link->reason, "waiting for approval in SAP: draft 3");
    EXPECT_TRUE(p.link->keep_in_doubt);
    EXPECT_EQ(p.rows[p.outcome_row].result, db::audit_log::outcome::dead_letter);
}

TEST(delivery_settlement, a_postponed_job_gives_its_attempt_back_and_touches_nothing_else) {
    auto v = verdict(kind::postponed, "");
    v.retry_after = milliseconds(45000);
    auto link = a_link();
    auto p = plan_settlement(v, a_job(), &link, nullptr, milliseconds(20));
    EXPECT_EQ(p.job, end::postpone);
    EXPECT_EQ(p.retry_delay, milliseconds(45000));
    EXPECT_FALSE(p.link);
    EXPECT_TRUE(p.rows.empty());
}

TEST(delivery_settlement, a_job_taken_over_by_another_worker_is_left_alone) {
    auto link = a_link();
    auto p = plan_settlement(verdict(kind::lost, ""), a_job(), &link, nullptr, milliseconds(20));
    EXPECT_EQ(p.job, end::leave);
    EXPECT_FALSE(p.link);
    EXPECT_TRUE(p.rows.empty());
}

TEST(delivery_settlement, a_void_before_the_delivery_skips_the_link_and_a_void_after_it_keeps_it_delivered) {
    auto link = a_link();
    auto before =
        plan_settlement(verdict(kind::skipped, "skipped", "voided before"), a_job(), &link, nullptr, {});
    EXPECT_EQ(before.link->state, links::link_state::skipped);
    EXPECT_EQ(before.rows[0].result, db::audit_log::outcome::skipped);
    auto delivered = a_link(true);
    auto v = verdict(kind::void_noted, "void_noted", "the delivery stays");
    v.order_update = links::order_update::done;
    auto after = plan_settlement(v, a_job(), &delivered, nullptr, {});
    EXPECT_EQ(after.job, end::complete);
    EXPECT_EQ(after.link->state, links::link_state::delivered);
}

TEST(delivery_settlement, a_delivery_found_while_handling_a_void_is_recorded_as_cancelled) {
    auto v = verdict(kind::cancelled, "delivery_cancelled");
    v.doc_entry = 9;
    v.doc_num = 109;
    v.order_update = links::order_update::done;
    auto link = a_link();
    auto p = plan_settlement(v, a_job(), &link, nullptr, {});
    EXPECT_EQ(p.link->state, links::link_state::cancelled);
    EXPECT_EQ(p.link->delivery, (std::pair{9, 109}));
    EXPECT_FALSE(p.link->keep_in_doubt);
}

}  // namespace
}  // namespace mlc::flows::shipments
