// Applying the embedded migrations with one log line per applied migration (run and migrate share it).
#pragma once

#include "common/config.hpp"

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

// The single connection migrations run on: MLC_MIGRATE_DATABASE_URL's (the schema owner) when set, else
// MLC_DATABASE_URL's, with the other database settings unchanged. Throws only std::bad_alloc.
database_config migration_connection(const database_config& config);

}  // namespace mlc::server::app
