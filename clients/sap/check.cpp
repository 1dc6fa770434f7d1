// `ml-connector check` for SAP: the login and one order read, then the parts that depend on the
// configuration.
#include "clients/sap/check.hpp"

#include "clients/sap/check_fields.hpp"
#include "clients/sap/check_queries.hpp"
#include "clients/sap/check_setup.hpp"
#include "clients/sap/client.hpp"
#include "clients/sap/odata_query.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json/parse.hpp>

#include <memory>
#include <stdexcept>

namespace mlc::clients::sap {

namespace {

const std::string connection_name = "sap";

std::string session_text(const std::optional<login_info>& info) {
    if (!info) return "session timeout unknown";
    return "session timeout " + std::to_string(info->session_timeout.count()) + " min" +
           (info->timeout_reported ? "" : " (assumed)");
}

// Reads the newest order: the login, the company and the read right in one request.
boost::asio::awaitable<check_finding> check_connection(client& c, const sap_config& cfg) {
    odata_query q;
    q.select({"DocEntry", "DocNum"}).orderby("DocEntry desc").top(1);
    sap_request req;
    req.target = "/Orders" + q.to_string();
    auto res = co_await c.execute("check", std::move(req));
    if (!res)
        co_return fail_finding(
            connection_name, res.error().describe(),
            "check MLC_SAP_URL, MLC_SAP_COMPANY_DB, MLC_SAP_USERNAME and MLC_SAP_PASSWORD");
    auto info = c.last_login();
    std::string line =
        "Service Layer " + (info && !info->version.empty() ? info->version : "(version unknown)") + " (API " +
        std::string(to_string(c.version())) + "), company " + cfg.company_db + ", " + session_text(info);
    boost::system::error_code ec;
    auto body = boost::json::parse(res->body(), ec);
    const boost::json::array* rows = nullptr;
    if (!ec && body.is_object())
        if (const auto* v = body.get_object().if_contains("value")) rows = v->if_array();
    if (!rows)
        co_return fail_finding(connection_name, "/Orders answered without a collection",
                               "check that MLC_SAP_URL ends with /b1s/v1 or /b1s/v2");
    co_return ok_finding(connection_name, line + (rows->empty() ? ", no orders yet" : ", orders readable"));
}

}  // namespace

boost::asio::awaitable<check_findings> check_sap(const app_config& cfg, options opts, const logger& log) {
    std::unique_ptr<client> c;
    try {
        c = std::make_unique<client>(cfg.sap, std::move(opts), log,
                                     co_await boost::asio::this_coro::executor);
    } catch (const std::invalid_argument& e) {
        co_return check_findings{fail_finding(connection_name, std::string("bad MLC_SAP_URL: ") + e.what(),
                                              "set MLC_SAP_URL to https://<host>:50000/b1s/v1 or /b1s/v2")};
    } catch (const std::runtime_error& e) {
        co_return check_findings{
            fail_finding(connection_name, e.what(), "check MLC_SAP_URL and MLC_SAP_CA_FILE")};
    }
    check_findings out;
    out.push_back(co_await check_connection(*c, cfg.sap));
    if (out.front().state == check_state::ok) {
        for (auto& f : co_await check_fields(*c, cfg)) out.push_back(std::move(f));
        out.push_back(co_await check_carriers(*c, cfg.shipments));
        out.push_back(co_await check_warehouses(*c, cfg));
        out.push_back(co_await check_queries(*c, cfg));
        out.push_back(co_await check_approvals(*c));
        out.push_back(check_session(*c));
    }
    co_await c->shutdown();
    co_return out;
}

}  // namespace mlc::clients::sap
