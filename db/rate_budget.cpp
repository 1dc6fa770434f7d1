// The ShipStation rate budget shared by every replica: calls of rate_budget_take and rate_budget_feedback.
#include "db/rate_budget.hpp"

#include "db/pg_values.hpp"
#include "db/sha256.hpp"

#include <type_traits>

namespace mlc::db::rate_budget {

namespace {

template <class T>
std::optional<std::string> number_param(const std::optional<T>& value) {
    if (!value) return std::nullopt;
    if constexpr (std::is_integral_v<T>) {
        return std::to_string(*value);
    } else {
        return std::to_string(value->count());
    }
}

}  // namespace

std::string bucket_for(std::string_view api_version, std::string_view key) {
    return std::string(api_version) + ":" + sha256_hex(key).substr(0, 16);
}

take_result take(pqxx::work& work, const budget_params& params, int prio, std::optional<int> still_waiting) {
    auto behind = number_param(still_waiting);
    auto row = work.exec_params1(
        "SELECT granted, coalesce(send_id, 0), retry_ms, live_replicas, expected_remaining"
        " FROM rate_budget_take($1, $2, $3::smallint, $4::integer, $5::integer, $6::double precision,"
        " $7::smallint)",
        params.bucket, params.replica, prio, params.ceiling, static_cast<long>(params.span.count()),
        params.background_share, detail::nullable(behind));
    take_result r;
    r.granted = row[0].as<bool>();
    r.send_id = row[1].as<std::int64_t>();
    r.retry_in = std::chrono::milliseconds(row[2].as<long>());
    r.live_replicas = row[3].as<unsigned>();
    if (!row[4].is_null()) r.expected_remaining = row[4].as<long>();
    return r;
}

void feedback(pqxx::work& work, const budget_params& params, const report& r) {
    auto limit = number_param(r.limit), remaining = number_param(r.remaining);
    auto reset = number_param(r.reset), retry_after = number_param(r.retry_after);
    // The function returns void: one row holding NULL.
    work.exec_params1(
        "SELECT rate_budget_feedback($1, $2::bigint, $3::integer, $4::integer, $5::integer, $6::integer,"
        " $7::integer, $8::integer, $9::integer, $10::integer, $11::integer)",
        params.bucket, r.send_id, r.status, detail::nullable(limit), detail::nullable(remaining),
        detail::nullable(reset), detail::nullable(retry_after), static_cast<long>(params.window.count()),
        static_cast<long>(params.reset_slack.count()), static_cast<long>(params.default_backoff.count()),
        static_cast<long>(r.jitter.count()));
}

}  // namespace mlc::db::rate_budget
