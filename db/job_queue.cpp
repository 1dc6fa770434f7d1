// The durable job queue: enqueue (upsert per entity), claim with leases, complete, fail/retry, replay.
// Every time comes from the database's now(), so workers on hosts with skewed clocks agree on leases.
#include "db/job_queue.hpp"

#include "db/pg_values.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <stdexcept>

namespace mlc::db::job_queue {

namespace {

// The columns read into `job`, in to_job()'s order.
#define MLC_JOB_COLUMNS                                                                          \
    "id, kind, dedupe_key, payload::text, state, priority, attempts, max_attempts, last_error, " \
    "lease_owner, "                                                                              \
    "(extract(epoch FROM lease_expires_at) * 1000000)::bigint, "                                 \
    "(extract(epoch FROM next_attempt_at) * 1000000)::bigint, correlation_id, rerun_requested"

constexpr const char* enqueue_sql = R"sql(
INSERT INTO job_queue AS j (kind, dedupe_key, payload, priority, max_attempts, next_attempt_at, correlation_id)
VALUES ($1, $2, $3::jsonb, $4, $5, now() + $6::bigint * interval '1 millisecond', $7)
ON CONFLICT (kind, dedupe_key) DO UPDATE SET
    payload = EXCLUDED.payload,
    priority = EXCLUDED.priority,
    max_attempts = EXCLUDED.max_attempts,
    correlation_id = EXCLUDED.correlation_id,
    next_attempt_at = EXCLUDED.next_attempt_at,
    -- A running job keeps its worker and lease; it runs again once that run ends (see complete/fail).
    rerun_requested = (j.state = 'running'),
    state = CASE WHEN j.state = 'running' THEN 'running' ELSE 'queued' END,
    attempts = CASE WHEN j.state = 'running' THEN j.attempts ELSE 0 END,
    last_error = CASE WHEN j.state = 'running' THEN j.last_error END,
    finished_at = NULL,
    updated_at = now()
RETURNING id, (xmax = 0), rerun_requested
)sql";

// A running job is abandoned when its lease expired, or at once when its owner named a liveness lock
// (lease_lock, a session advisory lock on a bigint key: classid holds the high half, objid the low half,
// objsubid 1) and no session of this database holds that lock any more: the owner's process is gone.
#define MLC_ABANDONED                                                                         \
    "(lease_expires_at <= now() OR (lease_lock IS NOT NULL AND NOT EXISTS ("                  \
    "SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1" \
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"      \
    " AND l.classid = ((lease_lock >> 32) & 4294967295)::oid AND l.objid = (lease_lock & "    \
    "4294967295)::oid)))"

// A job whose worker vanished during its last allowed attempt would otherwise run forever: it goes dead.
constexpr const char* bury_expired_sql = R"sql(
UPDATE job_queue SET state = 'dead', lease_owner = NULL, lease_expires_at = NULL, lease_lock = NULL,
    finished_at = now(), updated_at = now(),
    last_error = coalesce(last_error || '; ', '') || 'its worker was lost on the last attempt'
WHERE id IN (
    SELECT id FROM job_queue
    WHERE state = 'running' AND attempts >= max_attempts AND )sql" MLC_ABANDONED R"sql(
      AND kind IN (SELECT jsonb_array_elements_text($1::jsonb))
    FOR UPDATE SKIP LOCKED)
)sql";

// SKIP LOCKED: concurrent claimers pass over each other's rows instead of waiting or double-claiming.
constexpr const char* claim_sql = R"sql(
WITH candidates AS (
    SELECT id AS claim_id FROM job_queue
    WHERE kind IN (SELECT jsonb_array_elements_text($1::jsonb))
      AND ((state IN ('queued', 'failed') AND next_attempt_at <= now())
           OR (state = 'running' AND )sql" MLC_ABANDONED R"sql())
    ORDER BY priority DESC, next_attempt_at, id
    LIMIT $4
    FOR UPDATE SKIP LOCKED)
UPDATE job_queue SET state = 'running', lease_owner = $2,
    lease_expires_at = now() + $3::bigint * interval '1 millisecond', lease_lock = $5::bigint,
    attempts = attempts + 1, rerun_requested = false, updated_at = now()
FROM candidates WHERE id = claim_id
RETURNING )sql" MLC_JOB_COLUMNS;

constexpr const char* complete_sql = R"sql(
UPDATE job_queue SET
    state = CASE WHEN rerun_requested THEN 'queued' ELSE 'succeeded' END,
    attempts = CASE WHEN rerun_requested THEN 0 ELSE attempts END,
    next_attempt_at = CASE WHEN rerun_requested THEN greatest(next_attempt_at, now()) ELSE next_attempt_at END,
    finished_at = CASE WHEN rerun_requested THEN NULL ELSE now() END,
    last_error = NULL, rerun_requested = false, lease_owner = NULL, lease_expires_at = NULL, lease_lock = NULL,
    updated_at = now()
WHERE id = $1 AND state = 'running' AND lease_owner = $2
)sql";

constexpr const char* fail_sql = R"sql(
UPDATE job_queue SET
    state = CASE WHEN rerun_requested THEN 'queued'
                 WHEN attempts >= max_attempts THEN 'dead'
                 ELSE 'failed' END,
    attempts = CASE WHEN rerun_requested THEN 0 ELSE attempts END,
    next_attempt_at = now() + $4::bigint * interval '1 millisecond',
    finished_at = CASE WHEN NOT rerun_requested AND attempts >= max_attempts THEN now() END,
    last_error = $3, rerun_requested = false, lease_owner = NULL, lease_expires_at = NULL, lease_lock = NULL,
    updated_at = now()
WHERE id = $1 AND state = 'running' AND lease_owner = $2
RETURNING state
)sql";

// The attempt did not start (what it needed was busy): the claim's attempt is given back.
constexpr const char* postpone_sql = R"sql(
UPDATE job_queue SET state = 'queued', attempts = greatest(attempts - 1, 0),
    next_attempt_at = now() + $3::bigint * interval '1 millisecond',
    rerun_requested = false, lease_owner = NULL, lease_expires_at = NULL, lease_lock = NULL, updated_at = now()
WHERE id = $1 AND state = 'running' AND lease_owner = $2
)sql";

constexpr const char* extend_sql = R"sql(
UPDATE job_queue SET lease_expires_at = now() + $3::bigint * interval '1 millisecond', updated_at = now()
WHERE id = $1 AND state = 'running' AND lease_owner = $2
)sql";

constexpr const char* replay_sql = R"sql(
UPDATE job_queue SET state = 'queued', attempts = 0, next_attempt_at = now(), finished_at = NULL,
    updated_at = now()
WHERE id = $1 AND state = 'dead'
)sql";

constexpr const char* find_sql = "SELECT " MLC_JOB_COLUMNS " FROM job_queue WHERE id = $1";
constexpr const char* find_by_key_sql =
    "SELECT " MLC_JOB_COLUMNS " FROM job_queue WHERE kind = $1 AND dedupe_key = $2";

#undef MLC_JOB_COLUMNS
#undef MLC_ABANDONED

std::int64_t non_negative_ms(std::chrono::milliseconds d) {
    return std::max<std::int64_t>(d.count(), 0);
}

std::string kinds_json(const std::vector<std::string>& kinds) {
    boost::json::array a;
    for (const auto& k : kinds) a.emplace_back(k);
    return detail::json_text(boost::json::value(std::move(a)));
}

job to_job(const pqxx::row& r) {
    job j;
    j.id = r[0].as<std::int64_t>();
    j.kind = r[1].as<std::string>();
    j.dedupe_key = r[2].as<std::string>();
    j.payload = detail::json_field(r[3]);
    j.state = parse_job_state(r[4].as<std::string>());
    j.priority = r[5].as<std::int16_t>();
    j.attempts = r[6].as<int>();
    j.max_attempts = r[7].as<int>();
    j.last_error = detail::optional_text(r[8]);
    j.lease_owner = detail::optional_text(r[9]);
    j.lease_expires_at = detail::optional_time_field(r[10]);
    j.next_attempt_at = detail::time_field(r[11]);
    j.correlation_id = detail::optional_text(r[12]);
    j.rerun_requested = r[13].as<bool>();
    return j;
}

}  // namespace

std::string_view to_string(job_state state) noexcept {
    switch (state) {
        case job_state::queued:
            return "queued";
        case job_state::running:
            return "running";
        case job_state::succeeded:
            return "succeeded";
        case job_state::failed:
            return "failed";
        case job_state::dead:
            return "dead";
    }
    return "queued";
}

job_state parse_job_state(std::string_view text) {
    for (auto s :
         {job_state::queued, job_state::running, job_state::succeeded, job_state::failed, job_state::dead}) {
        if (to_string(s) == text) return s;
    }
    throw std::invalid_argument("unknown job state: " + std::string(text));
}

enqueue_result enqueue(pqxx::work& work, const job_spec& spec) {
    auto row = work.exec_params1(enqueue_sql, spec.kind, spec.dedupe_key, detail::json_text(spec.payload),
                                 spec.priority, spec.max_attempts, non_negative_ms(spec.run_after),
                                 detail::nullable(spec.correlation_id));
    return {row[0].as<std::int64_t>(), row[1].as<bool>(), row[2].as<bool>()};
}

std::vector<job> claim(pqxx::work& work, const std::vector<std::string>& kinds, std::string_view owner,
                       std::chrono::milliseconds lease, std::size_t limit,
                       std::optional<std::int64_t> owner_lock) {
    std::vector<job> jobs;
    if (kinds.empty() || limit == 0) return jobs;
    const std::string kinds_param = kinds_json(kinds);
    work.exec_params0(bury_expired_sql, kinds_param);
    const std::optional<std::string> lock_text =
        owner_lock ? std::optional<std::string>(std::to_string(*owner_lock)) : std::nullopt;
    auto result = work.exec_params(claim_sql, kinds_param, std::string(owner), non_negative_ms(lease),
                                   static_cast<std::int64_t>(limit), detail::nullable(lock_text));
    jobs.reserve(result.size());
    for (const auto& row : result) jobs.push_back(to_job(row));
    // RETURNING has no order of its own.
    std::sort(jobs.begin(), jobs.end(), [](const job& a, const job& b) {
        if (a.priority != b.priority) return a.priority > b.priority;
        return a.id < b.id;
    });
    return jobs;
}

void take_claim_turn(pqxx::work& work, std::string_view kind) {
    // Keyed by the schema too: replicas of another deployment in the same database do not wait for these.
    work.exec_params1(
        "SELECT pg_advisory_xact_lock(hashtextextended('mlc.claim.' || current_schema() || '.' || $1, 0))",
        std::string(kind));
}

bool complete(pqxx::work& work, std::int64_t id, std::string_view owner) {
    return work.exec_params0(complete_sql, id, std::string(owner)).affected_rows() == 1;
}

std::optional<job_state> fail(pqxx::work& work, std::int64_t id, std::string_view owner,
                              std::string_view error, std::chrono::milliseconds retry_delay) {
    auto result =
        work.exec_params(fail_sql, id, std::string(owner), std::string(error), non_negative_ms(retry_delay));
    if (result.empty()) return std::nullopt;
    return parse_job_state(result[0][0].as<std::string>());
}

bool bury(pqxx::work& work, std::int64_t id, std::string_view owner, std::string_view error) {
    return work.exec_params0(
                   "UPDATE job_queue SET state = 'dead', finished_at = now(), last_error = $3, "
                   "rerun_requested = false,"
                   " lease_owner = NULL, lease_expires_at = NULL, lease_lock = NULL, updated_at = now()"
                   " WHERE id = $1 AND state = 'running' AND lease_owner = $2",
                   id, std::string(owner), std::string(error))
               .affected_rows() == 1;
}

bool extend_lease(pqxx::work& work, std::int64_t id, std::string_view owner,
                  std::chrono::milliseconds lease) {
    return work.exec_params0(extend_sql, id, std::string(owner), non_negative_ms(lease)).affected_rows() == 1;
}

bool postpone(pqxx::work& work, std::int64_t id, std::string_view owner, std::chrono::milliseconds delay) {
    return work.exec_params0(postpone_sql, id, std::string(owner), non_negative_ms(delay)).affected_rows() ==
           1;
}

bool replay(pqxx::work& work, std::int64_t id) {
    return work.exec_params0(replay_sql, id).affected_rows() == 1;
}

bool requeue_now(pqxx::work& work, const job& j) {
    if (j.state == job_state::dead) return replay(work, j.id);
    if (j.state != job_state::failed) return false;
    job_spec spec;  // the same job again: enqueue re-arms a failed one at once
    spec.kind = j.kind;
    spec.dedupe_key = j.dedupe_key;
    spec.payload = j.payload;
    spec.priority = j.priority;
    spec.max_attempts = j.max_attempts;
    spec.correlation_id = j.correlation_id;
    enqueue(work, spec);
    return true;
}

std::optional<job> find(pqxx::work& work, std::int64_t id) {
    auto result = work.exec_params(find_sql, id);
    if (result.empty()) return std::nullopt;
    return to_job(result[0]);
}

std::optional<job> find_by_key(pqxx::work& work, std::string_view kind, std::string_view dedupe_key) {
    auto result = work.exec_params(find_by_key_sql, std::string(kind), std::string(dedupe_key));
    if (result.empty()) return std::nullopt;
    return to_job(result[0]);
}

ready_summary ready(pqxx::work& work, std::string_view kind, std::size_t limit) {
    // The LIMIT keeps the count cheap under a large backlog: callers only ask "is a full batch ready?".
    auto row = work.exec_params1(
        "SELECT count(*), coalesce((extract(epoch FROM now() - min(ready_at)) * 1000)::bigint, 0) FROM ("
        "  SELECT CASE WHEN state = 'running' THEN lease_expires_at ELSE next_attempt_at END AS ready_at"
        "  FROM job_queue WHERE kind = $1"
        "    AND ((state IN ('queued', 'failed') AND next_attempt_at <= now())"
        "         OR (state = 'running' AND lease_expires_at <= now()))"
        "  LIMIT $2) ready",
        std::string(kind), static_cast<std::int64_t>(limit));
    return {static_cast<std::size_t>(row[0].as<std::int64_t>()),
            std::chrono::milliseconds(row[1].as<std::int64_t>())};
}

std::size_t delete_succeeded(pqxx::work& work, std::chrono::milliseconds age, std::size_t limit) {
    // A bounded batch per statement keeps each transaction short on a big backlog (as the inbox's pruning).
    auto r = work.exec_params0(
        "DELETE FROM job_queue WHERE id IN (SELECT id FROM job_queue"
        " WHERE state = 'succeeded' AND finished_at < now() - $1::bigint * interval '1 millisecond'"
        " ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED)",
        static_cast<std::int64_t>(age.count()), static_cast<std::int64_t>(limit));
    return static_cast<std::size_t>(r.affected_rows());
}

std::map<job_state, std::int64_t> count_by_state(pqxx::work& work) {
    std::map<job_state, std::int64_t> counts;
    for (auto s :
         {job_state::queued, job_state::running, job_state::succeeded, job_state::failed, job_state::dead}) {
        counts[s] = 0;
    }
    for (const auto& row : work.exec("SELECT state, count(*) FROM job_queue GROUP BY state")) {
        counts[parse_job_state(row[0].as<std::string>())] = row[1].as<std::int64_t>();
    }
    return counts;
}

}  // namespace mlc::db::job_queue
