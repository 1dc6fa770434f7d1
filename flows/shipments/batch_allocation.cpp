// FIFO and FEFO over a warehouse's batches.
#include "flows/shipments/batch_allocation.hpp"

#include "flows/reason_text.hpp"

#include <algorithm>

namespace mlc::flows::shipments {

namespace {

namespace sap = clients::sap;

// Quantities are decimals: what is left below this is nothing.
constexpr double epsilon = 1e-9;

// Unknown dates sort after known ones: an undated batch is neither the oldest nor the first to expire.
bool earlier(const std::optional<std::chrono::sys_days>& a, const std::optional<std::chrono::sys_days>& b) {
    if (a && b) return *a < *b;
    return a.has_value() && !b.has_value();
}

bool first_in(const sap::available_batch& a, const sap::available_batch& b) {
    if (earlier(a.admission_date, b.admission_date)) return true;
    if (earlier(b.admission_date, a.admission_date)) return false;
    return a.batch_number < b.batch_number;
}

bool first_expiring(const sap::available_batch& a, const sap::available_batch& b) {
    if (earlier(a.expiration_date, b.expiration_date)) return true;
    if (earlier(b.expiration_date, a.expiration_date)) return false;
    return first_in(a, b);
}

}  // namespace

boost::system::result<std::vector<sap::batch_allocation>, std::string> allocate_batches(
    batch_rule rule, const batch_need& need, std::chrono::sys_days today,
    const std::vector<sap::available_batch>& candidates) {
    if (rule == batch_rule::fail)
        return "batch-managed item " + need.item_code + " needs batches chosen by hand (MLC_BATCH_RULE=fail)";
    std::vector<const sap::available_batch*> usable;
    for (const auto& b : candidates) {
        bool expired = b.expiration_date && *b.expiration_date < today;
        if (!expired && b.status == sap::batch_status::released && b.available > epsilon)
            usable.push_back(&b);
    }
    std::sort(usable.begin(), usable.end(), [&](const auto* a, const auto* b) {
        return rule == batch_rule::fifo ? first_in(*a, *b) : first_expiring(*a, *b);
    });
    std::vector<sap::batch_allocation> out;
    double left = need.quantity, available = 0;
    for (const auto* b : usable) {
        available += b->available;
        if (left <= epsilon) continue;
        double take = std::min(left, b->available);
        out.push_back({b->batch_number, take});
        left -= take;
    }
    if (left > epsilon)
        return "batch-managed item " + need.item_code + " in warehouse " + need.warehouse_code + ": " +
               number_text(need.quantity) + " wanted, " + number_text(available) +
               " available in released batches that have not expired";
    return out;
}

}  // namespace mlc::flows::shipments
