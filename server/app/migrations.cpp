// Applying the embedded migrations with one log line per applied migration (run and migrate share it).
#include "server/app/migrations.hpp"

#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/migration.hpp"
#include "db/migrator.hpp"

#include <boost/json/array.hpp>

namespace mlc::server::app {

database_config migration_connection(const database_config& config) {
    database_config out = config;
    out.pool_size = 1;
    if (!config.migrate_url.empty()) out.url = config.migrate_url;
    return out;
}

boost::asio::awaitable<std::size_t> apply_and_log_migrations(db::database& database, const logger& log) {
    const auto& migrations = db::embedded_migrations();
    auto report = co_await db::apply_migrations(database, migrations);
    for (int version : report.applied) {
        for (const auto& m : migrations)
            if (m.version == version)
                log.info("migration.applied", {{"version", version}, {"file", m.file_name()}});
    }
    if (!report.unknown_applied.empty()) {
        boost::json::array unknown(report.unknown_applied.begin(), report.unknown_applied.end());
        // A newer binary migrated this database (a rolling upgrade in progress); this one can still run.
        log.warn("migration.unknown_versions", {{"versions", unknown}});
    }
    log.info("migration.done", {{"applied", report.applied.size()},
                                {"already_applied", report.already_applied.size()},
                                {"known", migrations.size()}});
    co_return report.applied.size();
}

}  // namespace mlc::server::app
