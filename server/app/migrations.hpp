// Applying the embedded migrations with one log line per applied migration (run and migrate share it).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>

namespace mlc {
class logger;
}
namespace mlc::db {
class database;
}

namespace mlc::server::app {

// Applies every pending migration; returns how many were applied. Throws db::migration_error on a
// checksum mismatch and the database's exceptions when it cannot be reached.
boost::asio::awaitable<std::size_t> apply_and_log_migrations(db::database& database, const logger& log);

}  // namespace mlc::server::app
