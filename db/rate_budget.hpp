// The ShipStation rate budget shared by every replica (migrations 0013, 0014): one statement per take, one
// per report.
#pragma once

#include <pqxx/transaction>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::db::rate_budget {

// Which budget and how large it is; the same numbers as the local limiter's.
struct budget_params {
    std::string bucket;                        // bucket_for(): API version and a key digest, never the key
    std::string replica;                       // this process ("host-pid-suffix")
    unsigned ceiling = 40;                     // sends in any `span`
    std::chrono::milliseconds span{60'500};    // the window plus its safety margin
    double background_share = 0.25;            // 0..1 of the ceiling for priority 3 (background)
    std::chrono::milliseconds window{60'000};  // the server's window when a Remaining has no Reset
    std::chrono::milliseconds reset_slack{1'000};  // added to the server's Reset and to a 429's wait
    std::chrono::seconds default_backoff{60};      // a 429 with neither Reset nor Retry-After
};

struct take_result {
    bool granted = false;
    std::int64_t send_id = 0;                // granted: the recorded send
    std::chrono::milliseconds retry_in{};    // denied: when to ask again, by the database clock
    unsigned live_replicas = 1;              // replicas with a send in the window or a live claim
    std::optional<long> expected_remaining;  // granted: what the server should still allow after it
};

// A send this replica made while the database was away, to be recorded `age` before the take that carries it.
struct earlier_send {
    std::chrono::milliseconds age{};
    int prio = 2;  // 0 tracking .. 3 background
};

// One answer worth telling the other replicas about.
struct report {
    std::int64_t send_id = 0;
    unsigned status = 0;
    std::optional<unsigned> limit, remaining;                // X-Rate-Limit-Limit, X-Rate-Limit-Remaining
    std::optional<std::chrono::seconds> reset, retry_after;  // X-Rate-Limit-Reset, Retry-After
    std::chrono::milliseconds jitter{};                      // added to a 429's wait
};

// "v1:" + the first 16 hex digits of SHA-256(key): the bucket of one key and API version, naming neither
// the key nor anything that helps guess it. Throws std::runtime_error if OpenSSL fails.
std::string bucket_for(std::string_view api_version, std::string_view key);

// Asks for one send of `prio` (0 tracking .. 3 background); `still_waiting` is the best priority queued
// behind it. `earlier` (those older than the span are dropped) is recorded first, in the same statement.
// Returns the grant or when to ask again. Throws pqxx exceptions.
take_result take(pqxx::work& work, const budget_params& params, int prio, std::optional<int> still_waiting,
                 const std::vector<earlier_send>& earlier = {});

// What `check` reads of a budget without spending a send.
struct budget_view {
    bool may_take = false;       // this role may EXECUTE rate_budget_take (false: the function is missing)
    unsigned live_replicas = 0;  // replicas that sent or waited on the bucket in the last minute
    unsigned hosts = 0;          // client addresses of ml-connector sessions on this database
};

// Reads `bucket`'s replicas, this role's right to take, and the hosts of the other ml-connector sessions
// (application_name 'ml-connector', this one left out; Unix sockets count as one host). Read-only. Throws
// pqxx exceptions.
budget_view view(pqxx::work& work, const std::string& bucket);

// Records a 429 (every replica waits) or a Remaining below the shared estimate. Throws pqxx exceptions.
void feedback(pqxx::work& work, const budget_params& params, const report& r);

}  // namespace mlc::db::rate_budget
