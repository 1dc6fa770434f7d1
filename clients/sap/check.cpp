// `ml-connector check` for SAP.
#include "clients/sap/check.hpp"

#include "clients/sap/client.hpp"
#include "clients/sap/odata_query.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json/parse.hpp>

#include <memory>
#include <stdexcept>

namespace mlc::clients::sap {

boost::asio::awaitable<check_report> check_sap(const sap_config& cfg, options opts, const logger& log) {
    std::unique_ptr<client> c;
    try {
        c = std::make_unique<client>(cfg, std::move(opts), log, co_await boost::asio::this_coro::executor);
    } catch (const std::invalid_argument& e) {
        co_return check_report{false, std::string("bad MLC_SAP_URL: ") + e.what()};
    } catch (const std::runtime_error& e) {
        co_return check_report{false, std::string("") + e.what()};
    }

    odata_query q;
    q.select({"DocEntry", "DocNum"}).orderby("DocEntry desc").top(1);
    sap_request req;
    req.target = "/Orders" + q.to_string();
    auto res = co_await c->execute("check", std::move(req));
    check_report report;
    if (!res) {
        report.line = "" + res.error().describe();
    } else {
        auto info = c->last_login();
        report.ok = true;
        report.line = "Service Layer " +
                      (info && !info->version.empty() ? info->version : "(version unknown)") + " (API " +
                      std::string(to_string(c->version())) + "), company " + cfg.company_db +
                      ", session timeout " +
                      (info ? std::to_string(info->session_timeout.count()) + " min" +
                                  (info->timeout_reported ? "" : " (assumed)")
                            : std::string("unknown"));
        boost::system::error_code ec;
        auto body = boost::json::parse(res->body(), ec);
        const boost::json::array* rows = nullptr;
        if (!ec && body.is_object())
            if (const auto* v = body.get_object().if_contains("value")) rows = v->if_array();
        if (!rows) {
            report.ok = false;
            report.line = "/Orders answered without a collection";
        } else if (rows->empty()) {
            report.line += ", no orders yet";
        } else {
            report.line += ", orders readable";
        }
    }
    co_await c->shutdown();
    co_return report;
}

}  // namespace mlc::clients::sap
