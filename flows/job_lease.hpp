// A claimed job's lease while its worker handles it: renewed in the background every third of the lease, and
// on demand before each external step, which also tells the worker whether the job is still its own.
#pragma once

#include "db/database.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace mlc::flows {

// Short leases stay safe for long steps (a multi-page read, a slow SAP POST), and a dead worker's job is
// taken over within one lease. Use from one coroutine; the background renewal runs on that coroutine's
// executor.
class job_lease {
public:
    // `db` must outlive the lease. Never throws except std::bad_alloc.
    job_lease(db::database& db, std::int64_t job_id, std::string owner, std::chrono::milliseconds lease);
    ~job_lease();
    job_lease(const job_lease&) = delete;
    job_lease& operator=(const job_lease&) = delete;

    // Starts renewing in the background on the caller's executor. Never throws except std::bad_alloc.
    boost::asio::awaitable<void> start();

    // Renews the lease now. Returns false once the job is no longer this owner's (the lease ran out and
    // another worker took the job): the caller must take no further external step and leave the job alone.
    // Throws database errors (the lease may still hold: the caller treats the step as not taken).
    boost::asio::awaitable<bool> renew();

    // True once a renewal found the job taken over. Never throws.
    bool lost() const noexcept;

    // Ends the background renewal and waits for it to finish. Never throws except std::bad_alloc.
    boost::asio::awaitable<void> stop();

private:
    struct state;
    // The background renewal; holds the state, so it may outlive the lease object by one tick.
    static boost::asio::awaitable<void> keep(std::shared_ptr<state> s);
    std::shared_ptr<state> state_;
};

}  // namespace mlc::flows
