// The append-only audit log: inserts and the two lookups its indexes are built for.
#include "db/audit_log.hpp"

#include "db/pg_values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <stdexcept>

namespace mlc::db::audit_log {

namespace {

constexpr const char* append_sql = R"sql(
INSERT INTO audit_log (direction, entity_type, entity_key, action, outcome, request_summary, response_summary,
                       error, correlation_id, job_id)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10)
RETURNING id
)sql";

#define MLC_AUDIT_COLUMNS                                                                                   \
    "id, (extract(epoch FROM occurred_at) * 1000000)::bigint, direction, entity_type, entity_key, action, " \
    "outcome, request_summary::text, response_summary::text, error, correlation_id, job_id"

constexpr const char* by_entity_sql =
    "SELECT " MLC_AUDIT_COLUMNS
    " FROM audit_log WHERE entity_type = $1 AND entity_key IN (SELECT jsonb_array_elements_text($2::jsonb))"
    " ORDER BY occurred_at DESC, id DESC LIMIT $3";

constexpr const char* by_correlation_sql = "SELECT " MLC_AUDIT_COLUMNS
                                           " FROM audit_log WHERE correlation_id = $1"
                                           " ORDER BY occurred_at, id LIMIT $2";

#undef MLC_AUDIT_COLUMNS

direction parse_direction(std::string_view s) {
    for (auto d : {direction::inbound, direction::outbound, direction::internal}) {
        if (to_string(d) == s) return d;
    }
    throw std::invalid_argument("unknown audit direction: " + std::string(s));
}

outcome parse_outcome(std::string_view s) {
    for (auto o : {outcome::ok, outcome::skipped, outcome::failed, outcome::dead_letter, outcome::info}) {
        if (to_string(o) == s) return o;
    }
    throw std::invalid_argument("unknown audit outcome: " + std::string(s));
}

record to_record(const pqxx::row& r) {
    record rec;
    rec.id = r[0].as<std::int64_t>();
    rec.occurred_at = detail::time_field(r[1]);
    rec.dir = parse_direction(r[2].as<std::string>());
    rec.entity_type = r[3].as<std::string>();
    rec.entity_key = r[4].as<std::string>();
    rec.action = r[5].as<std::string>();
    rec.result = parse_outcome(r[6].as<std::string>());
    rec.request_summary = detail::optional_json_field(r[7]);
    rec.response_summary = detail::optional_json_field(r[8]);
    rec.error = detail::optional_text(r[9]);
    rec.correlation_id = detail::optional_text(r[10]);
    if (!r[11].is_null()) rec.job_id = r[11].as<std::int64_t>();
    return rec;
}

std::vector<record> to_records(const pqxx::result& result) {
    std::vector<record> out;
    out.reserve(result.size());
    for (const auto& row : result) out.push_back(to_record(row));
    return out;
}

}  // namespace

std::string_view to_string(direction d) noexcept {
    switch (d) {
        case direction::inbound:
            return "inbound";
        case direction::outbound:
            return "outbound";
        case direction::internal:
            return "internal";
    }
    return "internal";
}

std::string_view to_string(outcome o) noexcept {
    switch (o) {
        case outcome::ok:
            return "ok";
        case outcome::skipped:
            return "skipped";
        case outcome::failed:
            return "failed";
        case outcome::dead_letter:
            return "dead_letter";
        case outcome::info:
            return "info";
    }
    return "info";
}

std::int64_t append(pqxx::work& work, const entry& e) {
    const auto request = detail::json_text(e.request_summary);
    const auto response = detail::json_text(e.response_summary);
    const std::optional<std::string> job_id =
        e.job_id ? std::optional<std::string>(std::to_string(*e.job_id)) : std::nullopt;
    return work
        .exec_params1(append_sql, std::string(to_string(e.dir)), e.entity_type, e.entity_key, e.action,
                      std::string(to_string(e.result)), detail::nullable(request), detail::nullable(response),
                      detail::nullable(e.error), detail::nullable(e.correlation_id),
                      detail::nullable(job_id))[0]
        .as<std::int64_t>();
}

void append_all(pqxx::work& work, const std::vector<entry>& entries) {
    if (entries.empty()) return;
    boost::json::array rows;
    rows.reserve(entries.size());
    for (const auto& e : entries) {
        auto or_null = [](const auto& v) { return v ? boost::json::value(*v) : boost::json::value(nullptr); };
        rows.push_back(boost::json::object{{"direction", to_string(e.dir)},
                                           {"entity_type", e.entity_type},
                                           {"entity_key", e.entity_key},
                                           {"action", e.action},
                                           {"outcome", to_string(e.result)},
                                           {"request_summary", or_null(e.request_summary)},
                                           {"response_summary", or_null(e.response_summary)},
                                           {"error", or_null(e.error)},
                                           {"correlation_id", or_null(e.correlation_id)},
                                           {"job_id", or_null(e.job_id)}});
    }
    // One statement for many rows; ORDER BY keeps the ids in the order of `entries`.
    work.exec_params0(R"sql(
INSERT INTO audit_log (direction, entity_type, entity_key, action, outcome, request_summary, response_summary,
                       error, correlation_id, job_id)
SELECT v->>'direction', v->>'entity_type', v->>'entity_key', v->>'action', v->>'outcome',
       nullif(v->'request_summary', 'null'::jsonb), nullif(v->'response_summary', 'null'::jsonb),
       v->>'error', v->>'correlation_id', (v->>'job_id')::bigint
FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, n)
ORDER BY n
)sql",
                      detail::json_text(boost::json::value(std::move(rows))));
}

std::vector<record> find_by_entity(pqxx::work& work, std::string_view entity_type,
                                   std::string_view entity_key, std::size_t limit) {
    return find_by_entities(work, entity_type, {std::string(entity_key)}, limit);
}

std::vector<record> find_by_entities(pqxx::work& work, std::string_view entity_type,
                                     const std::vector<std::string>& entity_keys, std::size_t limit) {
    const boost::json::value keys = boost::json::array(entity_keys.begin(), entity_keys.end());
    return to_records(work.exec_params(by_entity_sql, std::string(entity_type), detail::json_text(keys),
                                       static_cast<std::int64_t>(limit)));
}

std::vector<record> find_by_correlation(pqxx::work& work, std::string_view correlation_id,
                                        std::size_t limit) {
    return to_records(
        work.exec_params(by_correlation_sql, std::string(correlation_id), static_cast<std::int64_t>(limit)));
}

payloads_cleared clear_payloads(pqxx::work& work, std::chrono::milliseconds age, std::size_t limit) {
    auto row = work.exec_params1(
        "SELECT audit_log_clear_payloads(cutoff, $2::integer), (extract(epoch FROM cutoff) * 1000000)::bigint"
        " FROM (SELECT now() - $1::bigint * interval '1 millisecond' AS cutoff) c",
        static_cast<std::int64_t>(age.count()), static_cast<std::int64_t>(limit));
    return {static_cast<std::size_t>(row[0].as<std::int64_t>()), detail::time_field(row[1])};
}

}  // namespace mlc::db::audit_log
