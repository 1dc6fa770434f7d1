// The one-shot commands: migrate, check, config, version.
#pragma once

#include <iosfwd>

namespace mlc {
class logger;
struct loaded_config;
}  // namespace mlc

namespace mlc::server {

// `ml-connector migrate`: applies pending migrations. Returns 0 on success, 1 on failure (logged).
int migrate_command(const loaded_config& loaded, const logger& log);

// `ml-connector check`: one finding per thing the configuration relies on (OK, WARN, FAIL or SKIP, with
// what to do), as text or, with `json`, one JSON document, on `out`. Returns 0 only without a FAIL.
int check_command(const loaded_config& loaded, bool json, const logger& log, std::ostream& out);

// `ml-connector config`: the effective configuration with secrets redacted. Returns 0.
int config_command(const loaded_config& loaded, std::ostream& out);

// `ml-connector version`. Returns 0.
int version_command(std::ostream& out);

}  // namespace mlc::server
