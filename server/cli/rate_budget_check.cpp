// The "shipstation rate budget" finding: the shared budget's function, its replicas, and a process scope
// that several replicas would each spend in full.
#include "server/cli/rate_budget_check.hpp"

#include "common/run_blocking.hpp"
#include "db/database.hpp"
#include "db/rate_budget.hpp"

#include <boost/asio/io_context.hpp>

#include <exception>
#include <string>

namespace mlc::server {

namespace {

const std::string finding_name = "shipstation rate budget";

std::string replicas_seen(unsigned n) {
    return std::to_string(n) + (n == 1 ? " replica" : " replicas") + " seen on it in the last minute";
}

check_finding judge_cluster(const db::rate_budget::budget_view& v, unsigned limit) {
    if (!v.may_take)
        return fail_finding(finding_name, "rate_budget_take cannot be called by this database role",
                            "run `ml-connector migrate`; if it has run, grant EXECUTE on the rate_budget "
                            "functions to the runtime role");
    return ok_finding(finding_name, "shared in PostgreSQL by every replica (" + std::to_string(limit) +
                                        " a minute in all), " + replicas_seen(v.live_replicas));
}

check_finding judge_process(const db::rate_budget::budget_view& v, unsigned limit) {
    if (v.live_replicas == 0 && v.hosts < 2)
        return ok_finding(finding_name, "this process's own (MLC_SHIPSTATION_RATE_SCOPE=process), " +
                                            std::to_string(limit) + " a minute; no other replica seen");
    std::string seen = v.live_replicas > 0
                           ? replicas_seen(v.live_replicas) + " of the shared budget"
                           : "ml-connector sessions from " + std::to_string(v.hosts) + " hosts";
    return warn_finding(finding_name,
                        "MLC_SHIPSTATION_RATE_SCOPE=process while other replicas use this database (" + seen +
                            "): each spends up to " + std::to_string(limit) + " a minute of the same key",
                        "set MLC_SHIPSTATION_RATE_SCOPE=cluster (the default) on every replica");
}

}  // namespace

check_finding check_rate_budget(const app_config& cfg, const logger& log) {
    const auto& ss = cfg.shipstation;
    if (ss.api_key.empty())
        return skip_finding(finding_name, "not configured (MLC_SHIPSTATION_API_KEY is not set)");
    try {
        database_config one = cfg.database;
        one.pool_size = 1;  // a check must not open a whole pool against a struggling server
        boost::asio::io_context ioc;
        db::database database(one, log);
        auto view =
            run_blocking(ioc, database.run([bucket = db::rate_budget::bucket_for("v1", ss.api_key)](
                                               pqxx::work& w) { return db::rate_budget::view(w, bucket); }));
        return ss.scope == rate_scope::cluster ? judge_cluster(view, ss.rate_limit)
                                               : judge_process(view, ss.rate_limit);
    } catch (const std::exception& e) {
        return fail_finding(finding_name, std::string("cannot read the budget: ") + e.what(),
                            "check MLC_DATABASE_URL and run `ml-connector migrate` (see the database line)");
    }
}

}  // namespace mlc::server
