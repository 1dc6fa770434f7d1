// What the flows' loops share: a wait that a wake-up (timer cancel) ends early, and a name for a worker's
// job leases.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace mlc::flows {

// Waits on `timer` for `d`, or until the timer is cancelled (a wake-up). Never throws except bad_alloc.
boost::asio::awaitable<void> wait_or_wake(boost::asio::steady_timer& timer,
                                          boost::asio::steady_timer::duration d);

// The delay before attempt `attempt + 1` after `attempt` failed ones (1-based): base * 2^(attempt-1), at
// most `max`. Never throws.
std::chrono::milliseconds retry_delay_after(int attempt, std::chrono::milliseconds base,
                                            std::chrono::milliseconds max) noexcept;

// "<host>:<pid>:<role>-<index>": unique per worker of a replica, readable in job_queue.lease_owner. Throws
// std::bad_alloc only.
std::string worker_owner(std::string_view role, std::size_t index);

}  // namespace mlc::flows
