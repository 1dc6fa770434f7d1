// `ml-connector check` for SAP.
#include "clients/sap/check.hpp"

#include "clients/sap/client.hpp"
#include "clients/sap/odata_query.hpp"
#include "clients/sap/warehouse_journal.hpp"

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

boost::asio::awaitable<check_report> check_journal(const sap_config& cfg, options opts, const logger& log) {
    std::unique_ptr<client> c;
    try {
        c = std::make_unique<client>(cfg, std::move(opts), log, co_await boost::asio::this_coro::executor);
    } catch (const std::exception& e) {
        co_return check_report{false, e.what()};
    }
    auto head = co_await journal_head(*c);
    check_report report;
    if (head) {
        report.ok = true;
        report.line = "warehouse journal (OINM) readable, TransNum " + std::to_string(*head) +
                      ": stock changes made in SAP are read every MLC_POLL_INTERVAL";
    } else if (head.error().kind == error_kind::refused) {
        report.ok = true;
        report.warn = true;
        report.line =
            "warehouse journal not readable (" + head.error().describe() +
            "): stock changes made in SAP are found by a full scan every MLC_INVENTORY_INTERVAL; to read "
            "them sooner, the SAP administrator adds OINM to Service Layer's b1s_sqltable.conf and "
            "restarts it (the stored queries MLC_WHS_JOURNAL and MLC_WHS_JOURNAL_HEAD need a superuser "
            "once)";
    } else {
        report.line = head.error().describe();
    }
    co_await c->shutdown();
    co_return report;
}

}  // namespace mlc::clients::sap
