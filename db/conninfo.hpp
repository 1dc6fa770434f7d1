// Builds the libpq connection string every pooled connection uses, from the configured URL and settings.
#pragma once

#include "common/config.hpp"

#include <string>

namespace mlc::db {

// Parses `config.url` (URL or key=value form) and returns a key=value string that adds
// application_name=ml-connector, TCP keepalives (keepalives=1 keepalives_idle=10 keepalives_interval=5
// keepalives_count=3 tcp_user_timeout=30000, each unless the URL sets it), connect_timeout and, as server
// options, statement_timeout and search_path (the schema quoted as an identifier). Putting the settings in
// the connection string, rather than SET after connecting, keeps them on every reconnect, including libpqxx's
// own transparent ones. Throws std::invalid_argument when the URL cannot be parsed (the message never
// contains the URL).
std::string make_conninfo(const database_config& config);

// True when `url` names several hosts (host=a,b or postgresql://a,b/...) and leaves target_session_attrs
// unset or at a value that accepts a read-only server: after a fail-over, connections may then land on a
// standby and every write fails. Throws std::invalid_argument when the URL cannot be parsed.
bool may_land_on_standby(const std::string& url);

// `identifier` quoted for SQL: "name" with embedded quotes doubled. Never throws except std::bad_alloc.
std::string quote_identifier(const std::string& identifier);

}  // namespace mlc::db
