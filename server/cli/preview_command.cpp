// `ml-connector preview`: one database connection and one SAP session, the service's own previews, JSON out.
#include "server/cli/preview_command.hpp"

#include "clients/sap/client.hpp"
#include "clients/sap/options.hpp"
#include "common/config_loader.hpp"
#include "common/logger.hpp"
#include "common/run_blocking.hpp"
#include "db/database.hpp"
#include "server/app/previews.hpp"
#include "server/cli/pretty_json.hpp"

#include <boost/asio/io_context.hpp>

#include <charconv>
#include <cstdint>
#include <optional>
#include <ostream>

namespace mlc::server {

namespace {

constexpr int exit_usage = 2;

std::optional<std::int64_t> positive(const std::string& text) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
    return n;
}

// What the command line asks for, or nullopt when it does not parse.
struct preview_request {
    bool order = true;
    std::int64_t number = 0;
    std::optional<int> doc_entry;
};

std::optional<preview_request> request_of(const std::vector<std::string>& arguments,
                                          const std::string& doc_entry) {
    if (arguments.size() != 2 || (arguments[0] != "order" && arguments[0] != "delivery")) return std::nullopt;
    preview_request r;
    r.order = arguments[0] == "order";
    auto number = positive(arguments[1]);
    if (!number || (r.order && *number > 2147483647)) return std::nullopt;
    r.number = *number;
    if (!doc_entry.empty()) {
        auto entry = positive(doc_entry);
        if (!r.order || !entry || *entry > 2147483647) return std::nullopt;
        r.doc_entry = static_cast<int>(*entry);
    }
    return r;
}

boost::asio::awaitable<app::preview_answer> run_preview(app::previews& p, const preview_request& r,
                                                        clients::sap::client& sap) {
    app::preview_answer answer;
    if (r.order)
        answer = co_await p.order(static_cast<int>(r.number), r.doc_entry);
    else
        answer = co_await p.delivery(r.number);
    co_await sap.shutdown();
    co_return answer;
}

}  // namespace

int preview_command(const loaded_config& loaded, const std::vector<std::string>& arguments,
                    const std::string& doc_entry, const logger& log, std::ostream& out, std::ostream& err) {
    const auto request = request_of(arguments, doc_entry);
    if (!request) {
        err << "usage: ml-connector preview order <DocNum> [--doc-entry N]\n"
               "       ml-connector preview delivery <shipmentId>\n";
        return exit_usage;
    }
    const auto& cfg = loaded.config;
    if (cfg.sap.url.empty()) {
        err << "ml-connector: preview needs SAP (MLC_SAP_URL is not set)\n";
        return exit_usage;
    }
    boost::asio::io_context ioc;
    auto db_cfg = cfg.database;
    db_cfg.pool_size = 1;  // a preview reads a few rows: one connection
    db::database database(db_cfg, log);
    clients::sap::client sap(cfg.sap, clients::sap::options_for(cfg.sap), log, ioc.get_executor());
    app::previews previews(cfg, database, sap);
    const auto answer = run_blocking(ioc, run_preview(previews, *request, sap));
    if (answer.failed || !answer.found) {
        if (answer.failed)
            err << "ml-connector: " << answer.json.at("error").as_string().c_str() << '\n';
        else if (request->order)
            err << "ml-connector: SAP has no order numbered " << request->number << '\n';
        else
            err << "ml-connector: shipment " << request->number
                << " is not recorded: its SHIP_NOTIFY has not been received and fetched (yet)\n";
        return 1;
    }
    print_pretty_json(answer.json, out);
    return 0;
}

}  // namespace mlc::server
