// ShipStation's customerId recorded beside each business partner.
#include "flows/items/customer_recorder.hpp"

#include "clients/shipstation/catalog.hpp"
#include "db/customer_links.hpp"
#include "db/watermarks.hpp"

#include <boost/json/object.hpp>

#include <algorithm>

namespace mlc::flows::items {

namespace {

namespace ss = clients::shipstation;

std::optional<ss::utc_time> stored_time(const std::optional<boost::json::value>& v) {
    if (!v || !v->is_object()) return std::nullopt;
    const auto* s = v->as_object().if_contains("modified_unix_ms");
    if (!s || !s->is_int64()) return std::nullopt;
    return ss::utc_time(std::chrono::milliseconds(s->get_int64()));
}

}  // namespace

customer_recorder::customer_recorder(db::database& database, clients::shipstation::client& shipstation,
                                     const items_settings& settings, const logger& log)
    : db_(database), ss_(shipstation), settings_(settings), log_(log) {}

std::string customer_recorder::watermark_name() const {
    return "customers:" + settings_.company_db;
}

boost::asio::awaitable<customers_report> customer_recorder::record_once() {
    customers_report report;
    const auto name = watermark_name();
    auto since = stored_time(co_await db_.run([&](pqxx::work& w) { return db::watermarks::get(w, name); }));
    auto customers = co_await ss::customers_changed_since(ss_, since, ss::priority::background);
    if (!customers) {
        report.error = customers.error().describe();
        log_.warn("items.customers_failed", {{"error", *report.error}});
        co_return report;
    }
    report.read = customers->size();
    std::vector<db::customer_links::seen_customer> seen;
    auto newest = since;
    for (const auto& c : *customers) {
        for (const auto& username : c.usernames)
            seen.push_back(db::customer_links::seen_customer{username, c.customer_id});
        if (c.modify_date && (!newest || *c.modify_date > *newest)) newest = c.modify_date;
    }
    report.recorded = co_await db_.run([&](pqxx::work& w) {
        auto n = db::customer_links::record(w, settings_.company_db, seen);
        if (newest) {
            auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(newest->time_since_epoch()).count();
            db::watermarks::set(w, name, boost::json::object{{"modified_unix_ms", ms}});
        }
        return n;
    });
    if (report.recorded > 0)
        log_.info("items.customers_recorded", {{"read", report.read}, {"recorded", report.recorded}});
    co_return report;
}

}  // namespace mlc::flows::items
