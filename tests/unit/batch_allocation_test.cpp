// Unit tests for choosing batches: FIFO, FEFO and fail, exact fits, splits, skipped batches, shortfalls,
// ties.
#include "flows/shipments/batch_allocation.hpp"

#include <gtest/gtest.h>

namespace mlc::flows::shipments {
namespace {

namespace sap = clients::sap;
using namespace std::chrono;

constexpr sys_days today = sys_days(year(2025) / 9 / 1);

sap::available_batch batch(std::string number, double available, std::optional<sys_days> admitted,
                           std::optional<sys_days> expires,
                           sap::batch_status status = sap::batch_status::released) {
    return {std::move(number), available, admitted, expires, status};
}

// "B1:2,B2:3": the allocations in order, easy to compare.
std::string text(const std::vector<sap::batch_allocation>& allocations) {
    std::string out;
    for (const auto& a : allocations)
        out += (out.empty() ? "" : ",") + a.batch_number + ":" + std::to_string(static_cast<int>(a.quantity));
    return out;
}

std::string allocated(batch_rule rule, double quantity, const std::vector<sap::available_batch>& candidates) {
    auto r = allocate_batches(rule, {"A00004", "01", quantity}, today, candidates);
    return r ? text(*r) : "reason: " + r.error();
}

// Old but late-expiring, young but early-expiring: the rules disagree on these two.
const std::vector<sap::available_batch> two = {
    batch("OLD", 10, sys_days(year(2025) / 1 / 10), sys_days(year(2026) / 6 / 1)),
    batch("YOUNG", 10, sys_days(year(2025) / 8 / 1), sys_days(year(2025) / 12 / 1)),
};

TEST(batch_allocation, fifo_takes_the_oldest_admission_first) {
    EXPECT_EQ(allocated(batch_rule::fifo, 4, two), "OLD:4");
}

TEST(batch_allocation, fefo_takes_the_earliest_expiry_first) {
    EXPECT_EQ(allocated(batch_rule::fefo, 4, two), "YOUNG:4");
}

TEST(batch_allocation, an_exact_fit_takes_the_whole_batch_and_no_other) {
    EXPECT_EQ(allocated(batch_rule::fefo, 10, two), "YOUNG:10");
    EXPECT_EQ(allocated(batch_rule::fifo, 10, two), "OLD:10");
}

TEST(batch_allocation, a_line_larger_than_one_batch_is_split_across_batches_in_rule_order) {
    EXPECT_EQ(allocated(batch_rule::fefo, 15, two), "YOUNG:10,OLD:5");
    EXPECT_EQ(allocated(batch_rule::fifo, 15, two), "OLD:10,YOUNG:5");
    auto r = allocate_batches(
        batch_rule::fefo, {"A00004", "01", 2.5}, today,
        {batch("X", 1.25, std::nullopt, std::nullopt), batch("Y", 4, std::nullopt, std::nullopt)});
    ASSERT_TRUE(r) << r.error();
    ASSERT_EQ(r->size(), 2u);
    EXPECT_DOUBLE_EQ((*r)[0].quantity + (*r)[1].quantity, 2.5);
}

TEST(batch_allocation, fefo_puts_batches_that_never_expire_after_those_that_do) {
    std::vector<sap::available_batch> candidates = {
        batch("FOREVER", 5, sys_days(year(2024) / 1 / 1), std::nullopt),
        batch("SOON", 2, sys_days(year(2025) / 8 / 1), sys_days(year(2025) / 10 / 1)),
    };
    EXPECT_EQ(allocated(batch_rule::fefo, 4, candidates), "SOON:2,FOREVER:2");
    EXPECT_EQ(allocated(batch_rule::fifo, 4, candidates), "FOREVER:4");
}

TEST(batch_allocation, expired_unreleased_and_empty_batches_are_passed_over) {
    std::vector<sap::available_batch> candidates = {
        batch("EXPIRED", 50, sys_days(year(2024) / 1 / 1), sys_days(year(2025) / 8 / 31)),
        batch("LOCKED", 50, sys_days(year(2024) / 1 / 2), std::nullopt, sap::batch_status::locked),
        batch("BLOCKED", 50, sys_days(year(2024) / 1 / 3), std::nullopt, sap::batch_status::not_accessible),
        batch("UNKNOWN", 50, sys_days(year(2024) / 1 / 3), std::nullopt, sap::batch_status::unknown),
        batch("EMPTY", 0, sys_days(year(2024) / 1 / 4), std::nullopt),
        batch("NEGATIVE", -3, sys_days(year(2024) / 1 / 4), std::nullopt),
        batch("TODAY", 1, sys_days(year(2024) / 1 / 5), today),  // expires today: still good today
        batch("FRESH", 9, sys_days(year(2025) / 8 / 1), std::nullopt),
    };
    EXPECT_EQ(allocated(batch_rule::fifo, 3, candidates), "TODAY:1,FRESH:2");
    EXPECT_EQ(allocated(batch_rule::fefo, 3, candidates), "TODAY:1,FRESH:2");
}

TEST(batch_allocation, not_enough_names_the_item_warehouse_wanted_and_available_quantity) {
    auto r = allocate_batches(batch_rule::fefo, {"A00004", "02", 25}, today, two);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(),
              "batch-managed item A00004 in warehouse 02: 25 wanted, 20 available in released batches that "
              "have not "
              "expired");
}

TEST(batch_allocation, no_batch_at_all_is_not_enough_too) {
    auto r = allocate_batches(batch_rule::fifo, {"A00004", "01", 1}, today, {});
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("1 wanted, 0 available"), std::string::npos) << r.error();
}

TEST(batch_allocation, the_fail_rule_asks_for_batches_chosen_by_hand_whatever_the_stock) {
    auto r = allocate_batches(batch_rule::fail, {"A00004", "01", 1}, today, two);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "batch-managed item A00004 needs batches chosen by hand (MLC_BATCH_RULE=fail)");
}

TEST(batch_allocation, ties_are_broken_by_admission_then_batch_number) {
    const auto admitted = sys_days(year(2025) / 3 / 1);
    const auto expires = sys_days(year(2026) / 3 / 1);
    std::vector<sap::available_batch> candidates = {
        batch("B", 1, admitted, expires),
        batch("A", 1, admitted, expires),
        batch("C", 1, admitted - days(1), expires),
        batch("D", 1, std::nullopt, expires),
    };
    EXPECT_EQ(allocated(batch_rule::fefo, 4, candidates), "C:1,A:1,B:1,D:1");
    EXPECT_EQ(allocated(batch_rule::fifo, 4, candidates), "C:1,A:1,B:1,D:1");
}

}  // namespace
}  // namespace mlc::flows::shipments
