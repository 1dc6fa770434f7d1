// The one-shot commands: migrate, check, config, version.
#include "server/cli/commands.hpp"

#include "clients/sap/check.hpp"
#include "clients/shipstation/check.hpp"
#include "common/build_info.hpp"
#include "common/config_loader.hpp"
#include "common/logger.hpp"
#include "common/run_blocking.hpp"
#include "db/database.hpp"
#include "db/migration.hpp"
#include "db/migrator.hpp"
#include "server/app/migrations.hpp"

#include <boost/asio/io_context.hpp>

#include <exception>
#include <ostream>
#include <string>
#include <vector>

namespace mlc::server {

namespace {

struct check_result {
    std::string name;
    bool ok = false;
    std::string detail;
    bool skipped = false;  // not configured: reported, not counted as a failure
    bool warn = false;     // ok, with something to act on
};

// One connection is enough for a check; it must not open a whole pool against a struggling server.
database_config single_connection(database_config cfg) {
    cfg.pool_size = 1;
    return cfg;
}

check_result check_database(const app_config& cfg, const logger& log) {
    check_result r{"database", false, {}};
    try {
        boost::asio::io_context ioc;
        db::database database(single_connection(cfg.database), log);
        auto version = run_blocking(ioc, database.run([](pqxx::work& w) {
            return w.exec1("SELECT current_setting('server_version')")[0].as<std::string>();
        }));
        auto status = run_blocking(ioc, db::check_migrations(database, db::embedded_migrations()));
        r.ok = status.current;
        r.detail =
            "PostgreSQL " + version + ", " +
            (status.current ? "migrations current (" + std::to_string(db::embedded_migrations().size()) + ")"
                            : status.reason);
    } catch (const std::exception& e) {
        r.detail = e.what();
    }
    return r;
}

check_result check_sap(const app_config& cfg, const logger& log) {
    if (cfg.sap.url.empty()) return {"sap", true, "not configured (MLC_SAP_URL is not set)", true};
    boost::asio::io_context ioc;
    auto report =
        run_blocking(ioc, clients::sap::check_sap(cfg.sap, clients::sap::options_for(cfg.sap), log));
    return {"sap", report.ok, report.line};
}

check_result check_shipstation(const app_config& cfg, const logger& log) {
    if (cfg.shipstation.api_key.empty())
        return {"shipstation", true, "not configured (MLC_SHIPSTATION_API_KEY is not set)", true};
    boost::asio::io_context ioc;
    auto report =
        run_blocking(ioc, clients::shipstation::check_shipstation(cfg.shipstation, ioc.get_executor(), log));
    return {"shipstation", report.ok, report.report};
}

// Only with a V2 key: the journal matters for stock, not for orders.
check_result check_journal(const app_config& cfg, const logger& log) {
    if (cfg.inventory.v2_api_key.empty() || cfg.sap.url.empty())
        return {"sap journal", true, "not needed (stock is not sent to ShipStation)", true};
    boost::asio::io_context ioc;
    auto report =
        run_blocking(ioc, clients::sap::check_journal(cfg.sap, clients::sap::options_for(cfg.sap), log));
    return {"sap journal", report.ok, report.line, false, report.warn};
}

check_result check_inventory(const app_config& cfg, const logger& log) {
    if (cfg.inventory.v2_api_key.empty())
        return {"inventory", true,
                "not configured (MLC_SHIPSTATION_V2_API_KEY is not set: stock is not sent)", true};
    boost::asio::io_context ioc;
    auto report =
        run_blocking(ioc, clients::shipstation::check_inventory(cfg.inventory, ioc.get_executor(), log));
    return {"inventory", report.ok, report.report};
}

}  // namespace

int migrate_command(const loaded_config& loaded, const logger& log) {
    try {
        boost::asio::io_context ioc;
        db::database database(single_connection(loaded.config.database), log);
        run_blocking(ioc, app::apply_and_log_migrations(database, log));
        return 0;
    } catch (const std::exception& e) {
        log.error("migrate.failed", {{"error", e.what()}});
        return 1;
    }
}

int check_command(const loaded_config& loaded, const logger& log, std::ostream& out) {
    std::vector<check_result> results{check_database(loaded.config, log), check_sap(loaded.config, log),
                                      check_shipstation(loaded.config, log),
                                      check_inventory(loaded.config, log), check_journal(loaded.config, log)};
    bool all_ok = true;
    for (const auto& r : results) {
        std::string name = r.name;
        name.resize(std::max<std::size_t>(name.size(), 12), ' ');
        out << name
            << (r.skipped ? "SKIP  "
                : !r.ok   ? "FAIL  "
                : r.warn  ? "WARN  "
                          : "OK    ")
            << r.detail << '\n';
        all_ok = all_ok && r.ok;
    }
    return all_ok ? 0 : 1;
}

int config_command(const loaded_config& loaded, std::ostream& out) {
    out << describe_config(loaded);
    return 0;
}

int version_command(std::ostream& out) {
    out << "ml-connector " << build_version() << " (commit " << build_commit() << ")\n";
    return 0;
}

}  // namespace mlc::server
