// The durable job queue: enqueue (upsert per entity), claim with leases, complete, fail/retry, replay.
#pragma once

#include <boost/json/value.hpp>

#include <pqxx/transaction>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::db::job_queue {

enum class job_state { queued, running, succeeded, failed, dead };

// "queued", "running", ... as stored. Never throws.
std::string_view to_string(job_state state) noexcept;
// The state stored as `text`. Throws std::invalid_argument for anything else.
job_state parse_job_state(std::string_view text);

struct job_spec {
    std::string kind;        // the worker that handles it
    std::string dedupe_key;  // the entity; (kind, dedupe_key) identifies the job
    boost::json::value payload = boost::json::object();
    std::int16_t priority = 0;               // higher runs first
    int max_attempts = 10;                   // at least 1
    std::chrono::milliseconds run_after{0};  // delay from the database's now()
    std::optional<std::string> correlation_id;
};

struct enqueue_result {
    std::int64_t id = 0;
    bool created = false;          // a new row; false: an existing job took the new payload
    bool rerun_requested = false;  // the job was running: it runs again after the current run
};

struct job {
    std::int64_t id = 0;
    std::string kind;
    std::string dedupe_key;
    boost::json::value payload;
    job_state state = job_state::queued;
    std::int16_t priority = 0;
    int attempts = 0;  // including the current run
    int max_attempts = 0;
    std::optional<std::string> last_error;
    std::optional<std::string> lease_owner;
    std::optional<std::chrono::system_clock::time_point> lease_expires_at;
    std::chrono::system_clock::time_point next_attempt_at;
    std::optional<std::string> correlation_id;
    bool rerun_requested = false;
};

// Inserts the job, or updates the existing (kind, dedupe_key) one: a queued/failed/succeeded/dead job takes
// the new payload and is queued again with attempts reset; a running one takes the new payload and gets
// rerun_requested (it is not handed to a second worker). Throws pqxx exceptions (e.g. check_violation for
// max_attempts < 1).
enqueue_result enqueue(pqxx::work& work, const job_spec& spec);

// Leases up to `limit` jobs of `kinds` to `owner` for `lease` (from the database's now()): ready jobs
// (queued, or failed whose retry time passed) and abandoned running jobs (reclaimed): their lease expired,
// or their owner named a liveness lock that no session holds any more (its process died). Each gets
// attempts + 1. Highest priority first, then earliest next_attempt_at. Rows locked by concurrent claimers
// are skipped, so two claimers never get the same job. An abandoned job already at max_attempts goes dead
// instead of running again. `owner` must be unique per worker. `owner_lock`: the key of a session advisory
// lock (pg_advisory_lock(bigint)) the owner holds for as long as its process lives (see db::lock_session);
// nullopt: only the lease tells. Empty `kinds` claims nothing. Throws pqxx exceptions.
std::vector<job> claim(pqxx::work& work, const std::vector<std::string>& kinds, std::string_view owner,
                       std::chrono::milliseconds lease, std::size_t limit,
                       std::optional<std::int64_t> owner_lock = std::nullopt);

// Waits until no other transaction of this schema is between its own take_claim_turn(kind) and its commit:
// a transaction-scoped advisory lock keyed by the schema and `kind`. For claims that must take turns (one
// full createorders call rather than two half ones from concurrent claimers). Throws pqxx exceptions.
void take_claim_turn(pqxx::work& work, std::string_view kind);

// Marks the job succeeded, or queued again (attempts reset) if a rerun was requested meanwhile.
// Returns false, changing nothing, when `owner` does not hold the job (its lease was reclaimed or it is not
// running). Throws pqxx exceptions.
bool complete(pqxx::work& work, std::int64_t id, std::string_view owner);

// Records a failed run: failed with next_attempt_at = now() + retry_delay, or dead once attempts reached
// max_attempts. A job with a rerun requested is queued at now() + retry_delay with attempts reset (it has a
// new payload). Returns the new state, or nullopt (nothing changed) when `owner` does not hold the job.
// Throws pqxx exceptions.
std::optional<job_state> fail(pqxx::work& work, std::int64_t id, std::string_view owner,
                              std::string_view error, std::chrono::milliseconds retry_delay);

// Ends a run as a dead letter at once, whatever attempts are left: for failures a retry cannot fix (a
// business error that needs a person). Returns false, changing nothing, when `owner` does not hold the job.
// Throws pqxx exceptions.
bool bury(pqxx::work& work, std::int64_t id, std::string_view owner, std::string_view error);

// Moves the lease to now() + lease. Returns false when `owner` does not hold the job. Throws pqxx exceptions.
bool extend_lease(pqxx::work& work, std::int64_t id, std::string_view owner, std::chrono::milliseconds lease);

// Hands a claimed job back without counting the attempt (what it needed was busy, e.g. another worker holds
// its order): queued again after `delay`. Returns false when `owner` does not hold the job. Throws pqxx
// exceptions.
bool postpone(pqxx::work& work, std::int64_t id, std::string_view owner, std::chrono::milliseconds delay);

// Queues a dead job again with attempts reset. Returns false when the job does not exist or is not dead.
// Throws pqxx exceptions.
bool replay(pqxx::work& work, std::int64_t id);

// An operator's replay: a failed or dead job is queued again to run now, attempts reset. Returns false for a
// job in another state (queued, running, succeeded). Throws pqxx exceptions.
bool requeue_now(pqxx::work& work, const job& j);

// The job, or nullopt. Throws pqxx exceptions.
std::optional<job> find(pqxx::work& work, std::int64_t id);

// The job of (kind, dedupe_key), or nullopt. Throws pqxx exceptions.
std::optional<job> find_by_key(pqxx::work& work, std::string_view kind, std::string_view dedupe_key);

struct ready_summary {
    std::size_t count = 0;                     // ready jobs, at most the `limit` asked for
    std::chrono::milliseconds oldest_wait{0};  // how long the longest-ready one has been ready
};

// How many jobs of `kind` a claim could take now (counting at most `limit`; reclaimable ones with an expired
// lease included), and how long the oldest has waited: lets a batching worker wait for a full batch without
// letting one order wait long. Throws pqxx exceptions.
ready_summary ready(pqxx::work& work, std::string_view kind, std::size_t limit);

// Deletes up to `limit` succeeded jobs that finished more than `age` before the database's now(), oldest
// first, and returns how many; their audit rows stay (audit_log.job_id has no foreign key). A later enqueue
// of the same (kind, dedupe_key) creates a new job, as it would have re-queued the old one. Rows locked by a
// concurrent pruner are skipped. Throws pqxx exceptions.
std::size_t delete_succeeded(pqxx::work& work, std::chrono::milliseconds age, std::size_t limit);

// Jobs per state, every state present (0 when none), for metrics. Throws pqxx exceptions.
std::map<job_state, std::int64_t> count_by_state(pqxx::work& work);

}  // namespace mlc::db::job_queue
