// `ml-connector run`: wires the components together and serves until SIGTERM or SIGINT.
#pragma once

namespace mlc {
class logger;
struct loaded_config;
}  // namespace mlc

namespace mlc::server::app {

// Migrates (when `migrate_first`), starts the HTTP server and blocks until a signal has been handled and
// everything has shut down within the configured grace. Returns the process exit code: 0 after a clean
// shutdown, 1 when start-up failed (the reason is logged).
int run_service(const loaded_config& loaded, const logger& log, bool migrate_first);

}  // namespace mlc::server::app
