// The one-shot commands: migrate, check, config, version.
#include "server/cli/commands.hpp"

#include "clients/sap/check.hpp"
#include "clients/shipstation/check.hpp"
#include "common/build_info.hpp"
#include "common/check_finding.hpp"
#include "common/config_loader.hpp"
#include "common/logger.hpp"
#include "common/run_blocking.hpp"
#include "db/conninfo.hpp"
#include "db/database.hpp"
#include "db/migration.hpp"
#include "db/migrator.hpp"
#include "flows/shipments/webhook_subscription.hpp"
#include "server/app/migrations.hpp"
#include "server/cli/check_output.hpp"
#include "server/cli/public_url_check.hpp"
#include "server/cli/rate_budget_check.hpp"

#include <boost/asio/io_context.hpp>

#include <exception>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::server {

namespace {

// One connection is enough for a check; it must not open a whole pool against a struggling server.
database_config single_connection(database_config cfg) {
    cfg.pool_size = 1;
    return cfg;
}

constexpr const char* write_target_action =
    "list every server in MLC_DATABASE_URL with target_session_attrs=read-write, so that only the primary "
    "is used (and the new one after a fail-over)";

check_finding check_database(const app_config& cfg, const logger& log) {
    const std::string name = "database";
    try {
        boost::asio::io_context ioc;
        db::database database(single_connection(cfg.database), log);
        auto [version, read_only] = run_blocking(ioc, database.run([](pqxx::work& w) {
            auto row =
                w.exec1("SELECT current_setting('server_version'), current_setting('transaction_read_only')");
            return std::pair{row[0].as<std::string>(), row[1].as<std::string>() == "on"};
        }));
        if (read_only)
            return fail_finding(
                name, "PostgreSQL " + version + " is read-only (a standby, or default_transaction_read_only)",
                write_target_action);
        auto status = run_blocking(ioc, db::check_migrations(database, db::embedded_migrations()));
        if (!status.current)
            return fail_finding(name, "PostgreSQL " + version + ", " + status.reason,
                                "run `ml-connector migrate` (or start `run` without --no-migrate)");
        std::string detail = "PostgreSQL " + version + ", migrations current (" +
                             std::to_string(db::embedded_migrations().size()) + ")";
        if (db::may_land_on_standby(cfg.database.url.reveal()))
            return warn_finding(name, detail + "; several hosts without target_session_attrs=read-write",
                                write_target_action);
        return ok_finding(name, detail);
    } catch (const std::exception& e) {
        // libpq names each host it tried and why it refused it ("session is read-only": a standby).
        bool only_standbys = std::string_view(e.what()).find("read-only") != std::string_view::npos;
        return fail_finding(name, e.what(),
                            only_standbys
                                ? "no primary answered: wait for the fail-over or promote the standby"
                                : "check MLC_DATABASE_URL and that PostgreSQL accepts connections");
    }
}

check_findings check_sap(const app_config& cfg, const logger& log) {
    if (cfg.sap.url.empty()) return {skip_finding("sap", "not configured (MLC_SAP_URL is not set)")};
    boost::asio::io_context ioc;
    return run_blocking(ioc, clients::sap::check_sap(cfg, clients::sap::options_for(cfg.sap), log));
}

check_findings check_shipstation(const app_config& cfg, const logger& log) {
    if (cfg.shipstation.api_key.empty())
        return {skip_finding("shipstation", "not configured (MLC_SHIPSTATION_API_KEY is not set)")};
    // The subscription the service makes at start (none without MLC_PUBLIC_URL), to compare with
    // ShipStation's.
    std::string target =
        cfg.flow.public_url.empty()
            ? std::string()
            : flows::shipments::ship_notify_target(cfg.flow.public_url, cfg.security.webhook_token.reveal());
    boost::asio::io_context ioc;
    return run_blocking(
        ioc, clients::shipstation::check_shipstation(cfg, std::move(target), ioc.get_executor(), log));
}

check_finding check_inventory(const app_config& cfg, const logger& log) {
    if (cfg.inventory.v2_api_key.empty())
        return skip_finding("inventory",
                            "not configured (MLC_SHIPSTATION_V2_API_KEY is not set: stock is not sent)");
    boost::asio::io_context ioc;
    return run_blocking(ioc, clients::shipstation::check_inventory(cfg.inventory, ioc.get_executor(), log));
}

void append(check_findings& to, check_findings from) {
    for (auto& f : from) to.push_back(std::move(f));
}

}  // namespace

int migrate_command(const loaded_config& loaded, const logger& log) {
    try {
        boost::asio::io_context ioc;
        db::database database(app::migration_connection(loaded.config.database), log);
        run_blocking(ioc, app::apply_and_log_migrations(database, log));
        return 0;
    } catch (const std::exception& e) {
        log.error("migrate.failed", {{"error", e.what()}});
        return 1;
    }
}

int check_command(const loaded_config& loaded, bool json, const logger& log, std::ostream& out) {
    const auto& cfg = loaded.config;
    check_findings findings{check_database(cfg, log), check_public_url(cfg)};
    append(findings, check_sap(cfg, log));
    append(findings, check_shipstation(cfg, log));
    findings.push_back(check_rate_budget(cfg, log));
    findings.push_back(check_inventory(cfg, log));
    if (json)
        print_check_json(findings, out);
    else
        print_check_text(findings, out);
    return check_passed(findings) ? 0 : 1;
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
