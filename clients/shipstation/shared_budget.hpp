// The rate budget shared by every process using one ShipStation key (kept elsewhere, e.g. in PostgreSQL): the
// interface limiter_driver asks before each send, so that clients never depend on where it is kept.
#pragma once

#include "clients/shipstation/rate_limiter.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace mlc::clients::shipstation {

// The answer to one take().
struct budget_answer {
    bool granted = false;
    std::int64_t send_id = 0;              // the recorded send (granted only): name it in feedback()
    std::chrono::milliseconds retry_in{};  // not granted: ask again after this long
    unsigned live_replicas = 1;  // replicas sending or waiting on this budget now (this one included)
    // Granted: what the server should still allow after this send; an answer showing less is news.
    std::optional<long> expected_remaining;
};

// A send made from the local share while the budget could not be reached, `age` before the take carrying it.
struct earlier_send {
    std::chrono::milliseconds age{};
    priority prio = priority::bulk;
};

// Implementations are safe to call from several threads and coroutines.
class shared_budget {
public:
    virtual ~shared_budget() = default;

    // Asks for one send of `prio`; `still_waiting` is the best priority queued behind it in this process
    // (kept as this process's claim after a grant). `earlier`: sends this process made while the budget was
    // away, recorded with the take (all of them once it returns, none when it throws). Returns the grant or
    // when to ask again. Throws when the budget cannot be reached (the caller falls back to its local share),
    // and operation_aborted when the coroutine is cancelled.
    virtual boost::asio::awaitable<budget_answer> take(priority prio, std::optional<priority> still_waiting,
                                                       std::vector<earlier_send> earlier) = 0;

    // Reports an answer carrying news for everyone (a 429, or a Remaining below expected_remaining) to the
    // send `send_id`; `jitter` is added to a 429's wait (drawn by the caller, so that one source serves every
    // back-off). Fire and forget: returns at once, failures are logged. Never throws.
    virtual void feedback(std::int64_t send_id, unsigned status, const rate_limit_headers& headers,
                          std::chrono::milliseconds jitter) noexcept = 0;
};

}  // namespace mlc::clients::shipstation
