// Claimed jobs a stopping worker did not start: handed back at once instead of waiting out their leases.
#pragma once

#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/job_queue.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <span>
#include <string_view>

namespace mlc::flows {

// Queues `unstarted` (jobs `owner` claimed but did not begin) again at once without counting their attempt
// (db::job_queue::postpone), so the next run, this replica's or another's, takes them without waiting for
// their leases to expire; logs "jobs.handed_back". Returns how many were handed back. Throws what
// db::database::run throws (the leases then expire as after a crash: nothing is lost).
boost::asio::awaitable<std::size_t> hand_back(db::database& database, std::string_view owner,
                                              std::span<const db::job_queue::job> unstarted,
                                              const logger& log);

}  // namespace mlc::flows
