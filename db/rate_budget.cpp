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

// A PostgreSQL array literal ("{1,2}") of what `field` picks from each earlier send; nullopt (NULL) when
// there is none.
template <class Field>
std::optional<std::string> array_param(const std::vector<earlier_send>& earlier, Field field) {
    if (earlier.empty()) return std::nullopt;
    std::string out = "{";
    for (const auto& e : earlier) {
        if (out.size() > 1) out += ',';
        out += std::to_string(field(e));
    }
    return out + "}";
}

}  // namespace

std::string bucket_for(std::string_view api_version, std::string_view key) {
    return std::string(api_version) + ":" + sha256_hex(key).substr(0, 16);
}

take_result take(pqxx::work& work, const budget_params& params, int prio, std::optional<int> still_waiting,
                 const std::vector<earlier_send>& earlier) {
    auto behind = number_param(still_waiting);
    auto ages = array_param(earlier, [](const earlier_send& e) { return static_cast<long>(e.age.count()); });
    auto prios = array_param(earlier, [](const earlier_send& e) { return e.prio; });
    auto row = work.exec_params1(
        "SELECT granted, coalesce(send_id, 0), retry_ms, live_replicas, expected_remaining"
        " FROM rate_budget_take($1, $2, $3::smallint, $4::integer, $5::integer, $6::double precision,"
        " $7::smallint, $8::integer[], $9::smallint[])",
        params.bucket, params.replica, prio, params.ceiling, static_cast<long>(params.span.count()),
        params.background_share, detail::nullable(behind), detail::nullable(ages), detail::nullable(prios));
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

budget_view view(pqxx::work& work, const std::string& bucket) {
    auto row = work.exec_params1(
        "SELECT coalesce(has_function_privilege(to_regprocedure('rate_budget_take(text, text, smallint,"
        " integer, integer, double precision, smallint, integer[], smallint[])'), 'EXECUTE'), false),"
        " (SELECT count(DISTINCT r.replica) FROM ("
        "   SELECT d.replica FROM rate_budget_sends d"
        "   WHERE d.bucket = $1 AND d.sent_at > clock_timestamp() - interval '1 minute'"
        "   UNION SELECT w.replica FROM rate_budget_waiters w"
        "   WHERE w.bucket = $1 AND w.seen_at > clock_timestamp() - interval '1 minute') r),"
        " (SELECT count(DISTINCT coalesce(host(a.client_addr), 'local')) FROM pg_stat_activity a"
        "  WHERE a.application_name = 'ml-connector' AND a.datname = current_database()"
        "    AND a.pid <> pg_backend_pid())",
        bucket);
    return {row[0].as<bool>(), row[1].as<unsigned>(), row[2].as<unsigned>()};
}

}  // namespace mlc::db::rate_budget
