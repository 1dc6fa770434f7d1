// The stored-query finding of `ml-connector check`: each query is created and run once, as the flows will.
#include "clients/sap/check_queries.hpp"

#include "clients/sap/batch_stock.hpp"
#include "clients/sap/warehouse_journal.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mlc::clients::sap {

namespace {

// One query's result: OK text, or its error and what the refusal costs.
struct query_result {
    std::string ok;                // what works, when it does
    std::optional<error> failure;  // the error otherwise
    std::string consequence;       // what a refusal means for the flows
};

query_result ran(std::string what) {
    return {std::move(what), std::nullopt, {}};
}

bool refused(const error& e) {
    return e.kind == error_kind::refused;
}

// With parameters that match no row: the point is that Service Layer creates and runs it.
boost::asio::awaitable<query_result> run_batch_stock(client& c) {
    auto rows = co_await available_batches(c, "", "");
    if (rows) co_return ran(std::string(batch_stock_query_code) + " runs (batch stock for deliveries)");
    co_return query_result{
        {}, rows.error(), "deliveries of batch-managed items fail (dead letters) until it runs"};
}

boost::asio::awaitable<query_result> run_journal(client& c) {
    const std::string consequence =
        "stock changes made in SAP are found by a full scan every MLC_INVENTORY_INTERVAL";
    auto head = co_await journal_head(c);
    if (!head) co_return query_result{{}, head.error(), consequence};
    auto page = co_await warehouse_journal(c, *head);
    if (!page) co_return query_result{{}, page.error(), consequence};
    co_return ran("warehouse journal (OINM) readable, TransNum " + std::to_string(*head) +
                  ": stock changes made in SAP are read every MLC_POLL_INTERVAL");
}

}  // namespace

boost::asio::awaitable<check_finding> check_queries(client& c, const app_config& cfg) {
    const std::string name = "sap queries";
    std::vector<query_result> results;
    if (cfg.shipments.batches != batch_rule::fail) results.push_back(co_await run_batch_stock(c));
    if (!cfg.inventory.v2_api_key.empty()) results.push_back(co_await run_journal(c));
    if (results.empty())
        co_return skip_finding(name,
                               "not needed (MLC_BATCH_RULE is fail and stock is not sent to ShipStation)");
    std::string ok, refusals;
    for (const auto& r : results) {
        if (!r.failure) {
            ok += (ok.empty() ? "" : "; ") + r.ok;
        } else if (!refused(*r.failure)) {
            co_return fail_finding(name, "stored SQL query failed: " + r.failure->describe(),
                                   "see the sap line");
        } else {
            refusals += (refusals.empty() ? "" : "; ") + r.failure->describe() + ": " + r.consequence;
        }
    }
    if (refusals.empty()) co_return ok_finding(name, ok);
    co_return warn_finding(name, "stored SQL query refused: " + refusals + (ok.empty() ? "" : "; " + ok),
                           "the SAP administrator lets MLC_SAP_USERNAME use SQL queries: a superuser creates "
                           "them (the connector "
                           "does so on first use when it is one), the user holds the \"Service Layer SQL "
                           "Query\" authorisation, and "
                           "the tables the queries read (OBTQ and OBTN; OINM for the warehouse journal, "
                           "which is not in the default "
                           "list) are in Service Layer's b1s_sqltable.conf, then Service Layer is restarted");
}

}  // namespace mlc::clients::sap
