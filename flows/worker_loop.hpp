// What the flows' loops share: a wait that a wake-up (timer cancel) ends early, and a name for a worker's
// job leases.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace mlc::flows {

// Waits on `timer` for `d`, or until the timer is cancelled (a wake-up). Never throws except bad_alloc.
boost::asio::awaitable<void> wait_or_wake(boost::asio::steady_timer& timer, boost::asio::steady_timer::duration d);

// "<host>:<pid>:<role>-<index>": unique per worker of a replica, readable in job_queue.lease_owner. Throws
// std::bad_alloc only.
std::string worker_owner(std::string_view role, std::size_t index);

}  // namespace mlc::flows
