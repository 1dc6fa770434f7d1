// Handlers of the /_control/ interface that tests, the demo and the benchmarks drive the simulator with.
#include "tests/simulators/sap_b1/control_routes.hpp"

#include "server/http/responses.hpp"
#include "tests/simulators/sap_b1/batches.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/drafts.hpp"
#include "tests/simulators/sap_b1/orders.hpp"
#include "tests/simulators/sap_b1/stock_journal.hpp"
#include "tests/simulators/sap_b1/user_fields.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <cstdio>
#include <functional>
#include <stdexcept>

namespace mlc::sim::sap {

namespace {

namespace asio = boost::asio;
namespace http = server::http;
using http::response;
using status = boost::beast::http::status;
using verb = boost::beast::http::verb;
using body_fn = std::function<response(sim_state&, const boost::json::object&)>;

response ok(boost::json::object body = {{"status", "ok"}}) {
    return http::json_response(status::ok, boost::json::value(std::move(body)));
}

response bad_request(std::string_view message) {
    return http::error_response(status::bad_request, message);
}

std::int64_t int_or(const boost::json::object& o, std::string_view key, std::int64_t fallback) {
    return integer_of(o, key).value_or(fallback);
}

std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    std::string t(text);
    if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return std::nullopt;
    using namespace std::chrono;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
}

response to_response(const std::optional<sl_error>& e) {
    if (!e) return ok();
    return http::json_response(e->status, boost::json::value(error_body(*e, api_version::v2)));
}

response change_order(sim_state& st, const boost::json::object& body, std::optional<order_action> action) {
    auto entry = integer_of(body, "DocEntry");
    if (!entry) return bad_request("DocEntry is required");
    return to_response(st.with_store([&](store& s, const sim_time& now) -> std::optional<sl_error> {
        if (action) return apply_order_action(s, static_cast<int>(*entry), *action, now);
        const auto* changes = body.if_contains("changes");
        if (!changes || !changes->is_object()) return business_error(-1000, "changes must be an object");
        return patch_order(s, static_cast<int>(*entry), changes->get_object(), false, now);
    }));
}

response set_faults(sim_state& st, const boost::json::object& b) {
    fault_plan plan;
    plan.latency = std::chrono::milliseconds(int_or(b, "latency_ms", 0));
    plan.latency_path = string_or(b, "latency_path");
    plan.latency_method = string_or(b, "latency_method");
    plan.fail_count = static_cast<int>(int_or(b, "fail_count", 0));
    plan.fail_status = static_cast<int>(int_or(b, "fail_status", 503));
    plan.fail_path = string_or(b, "fail_path");
    plan.fail_method = string_or(b, "fail_method");
    plan.commit_then_fail_count = static_cast<int>(int_or(b, "commit_then_fail_count", 0));
    plan.commit_then_fail_status = static_cast<int>(int_or(b, "commit_then_fail_status", 502));
    plan.commit_then_fail_path = string_or(b, "commit_then_fail_path");
    plan.commit_then_hold_count = static_cast<int>(int_or(b, "commit_then_hold_count", 0));
    plan.commit_then_hold = std::chrono::milliseconds(int_or(b, "commit_then_hold_ms", 0));
    plan.commit_then_hold_path = string_or(b, "commit_then_hold_path");
    plan.refuse_count = static_cast<int>(int_or(b, "refuse_count", 0));
    plan.refuse_code = static_cast<int>(int_or(b, "refuse_code", -5002));
    if (auto message = string_or(b, "refuse_message"); !message.empty()) plan.refuse_message = message;
    plan.refuse_path = string_or(b, "refuse_path");
    plan.refuse_method = string_or(b, "refuse_method", "POST");
    plan.repeat_link_count = static_cast<int>(int_or(b, "repeat_link_count", 0));
    plan.repeat_link_path = string_or(b, "repeat_link_path");
    plan.repeat_link_after = static_cast<int>(int_or(b, "repeat_link_after", 0));
    if (const auto* v = b.if_contains("repeat_link_rewinds"); v && v->is_bool())
        plan.repeat_link_rewinds = v->get_bool();
    if (plan.refuse_method != "POST" && plan.refuse_method != "PATCH")
        return bad_request("refuse_method must be POST or PATCH");
    for (int code : {plan.fail_status, plan.commit_then_fail_status})
        if (code < 400 || code > 599) return bad_request("fault statuses must be 4xx or 5xx");
    st.set_faults(std::move(plan));
    return ok();
}

response get_faults(sim_state& st) {
    fault_plan p = st.faults();
    return ok({{"latency_ms", p.latency.count()},
               {"latency_path", p.latency_path},
               {"latency_method", p.latency_method},
               {"fail_count", p.fail_count},
               {"fail_status", p.fail_status},
               {"fail_path", p.fail_path},
               {"fail_method", p.fail_method},
               {"commit_then_fail_count", p.commit_then_fail_count},
               {"commit_then_fail_status", p.commit_then_fail_status},
               {"commit_then_fail_path", p.commit_then_fail_path},
               {"commit_then_hold_count", p.commit_then_hold_count},
               {"commit_then_hold_ms", p.commit_then_hold.count()},
               {"commit_then_hold_path", p.commit_then_hold_path},
               {"refuse_count", p.refuse_count},
               {"refuse_code", p.refuse_code},
               {"refuse_message", p.refuse_message},
               {"refuse_path", p.refuse_path},
               {"refuse_method", p.refuse_method},
               {"repeat_link_count", p.repeat_link_count},
               {"repeat_link_path", p.repeat_link_path},
               {"repeat_link_after", p.repeat_link_after},
               {"repeat_link_rewinds", p.repeat_link_rewinds}});
}

response set_clock(sim_state& st, const boost::json::object& b) {
    if (b.contains("set")) {
        auto tp = parse_utc(string_or(b, "set"));
        if (!tp) return bad_request("set must look like 2025-08-20T09:14:02Z");
        st.set_clock(*tp);
    } else if (auto by = integer_of(b, "advance_seconds")) {
        st.advance_clock(std::chrono::seconds(*by));
    } else if (b.contains("real")) {
        st.set_clock(std::nullopt);
    } else {
        return bad_request("expected set, advance_seconds or real");
    }
    return ok();
}

// How the company is set up (store::rules); fields left out keep their value.
response set_company_rules(sim_state& st, const boost::json::object& b) {
    auto flag = [&](std::string_view key, bool& target) {
        if (const auto* v = b.if_contains(key); v && v->is_bool()) target = v->get_bool();
    };
    const auto approval_status = int_or(b, "approval_status", 0);
    if (approval_status != 0 && approval_status != 400 && approval_status != 404)
        return bad_request("approval_status must be 400 or 404");
    st.with_store([&](store& s, const sim_time&) {
        flag("deliveries_need_approval", s.rules.deliveries_need_approval);
        flag("closed_documents_read_only", s.rules.closed_documents_read_only);
        flag("journal_accessible", s.rules.journal_accessible);
        flag("sql_queries_authorized", s.rules.sql_queries_authorized);
        flag("v2_iso_date_literal", s.rules.v2_iso_date_literal);
        flag("batch_number_property", s.rules.batch_number_property);
        if (approval_status != 0) s.rules.approval_status = static_cast<int>(approval_status);
        return 0;
    });
    return ok();
}

// A user-defined field created ({"TableName","Name","Type"[,"Size"]}, Name without U_) or removed.
response change_user_field(sim_state& st, const boost::json::object& b, bool remove) {
    std::string table = string_or(b, "TableName"), name = string_or(b, "Name");
    if (remove) {
        bool removed =
            st.with_store([&](store& s, const sim_time&) { return remove_user_field(s, table, name); });
        return removed ? ok() : http::error_response(status::not_found, "no such user field");
    }
    auto row = st.with_store([&](store& s, const sim_time&) {
        return add_user_field(s, table, name, string_or(b, "Type"), static_cast<int>(int_or(b, "Size", 50)));
    });
    if (!row) return to_response(row.error());
    return ok(*row);
}

response state_snapshot(sim_state& st) {
    return st.with_store([](const store& s, const sim_time& now) {
        boost::json::array orders, deliveries, drafts, items, batches, journal;
        for (const auto& [k, v] : s.orders) orders.push_back(v);
        for (const auto& [k, v] : s.deliveries) deliveries.push_back(v);
        for (const auto& [k, v] : s.drafts) drafts.push_back(v);
        for (const auto& [k, v] : s.items) items.push_back(v);
        for (const auto& [key, quantity] : s.batch_stock)
            batches.push_back({{"ItemCode", std::get<0>(key)},
                               {"Batch", std::get<1>(key)},
                               {"WarehouseCode", std::get<2>(key)},
                               {"Quantity", quantity}});
        for (auto& row : journal_rows_after(s, 0)) journal.push_back(std::move(row));
        return ok({{"now", now.date + "T" + now.time + "Z"},
                   {"orders", std::move(orders)},
                   {"deliveries", std::move(deliveries)},
                   {"drafts", std::move(drafts)},
                   {"items", std::move(items)},
                   {"batches", std::move(batches)},
                   {"journal", std::move(journal)}});
    });
}

void add(http::router& routes, verb method, std::string path, std::shared_ptr<sim_state> state, body_fn fn) {
    std::string name = "control" + path.substr(9);
    routes.add({method,
                std::move(path),
                std::move(name),
                [state, fn = std::move(fn)](const http::request_context& ctx) -> asio::awaitable<response> {
                    boost::json::object body;
                    if (!ctx.req.body().empty()) {
                        boost::system::error_code ec;
                        auto v = boost::json::parse(ctx.req.body(), ec);
                        if (ec || !v.is_object()) co_return bad_request("the body must be a JSON object");
                        body = std::move(v.get_object());
                    }
                    co_return fn(*state, body);
                },
                {}});
}

}  // namespace

void add_control_routes(http::router& routes, std::shared_ptr<sim_state> state) {
    using B = const boost::json::object&;
    add(routes, verb::get, "/_control/health", state, [](sim_state&, B) { return ok(); });
    add(routes, verb::post, "/_control/seed", state, [](sim_state& st, B b) {
        seed_options o;
        o.seed = static_cast<std::uint64_t>(int_or(b, "seed", 1));
        o.orders = static_cast<int>(int_or(b, "orders", o.orders));
        o.items = static_cast<int>(int_or(b, "items", o.items));
        o.partners = static_cast<int>(int_or(b, "partners", o.partners));
        try {
            st.reseed(o);
        } catch (const std::invalid_argument& e) {
            return bad_request(e.what());
        }
        return ok();
    });
    add(routes, verb::post, "/_control/orders", state, [](sim_state& st, B b) {
        auto entry = st.with_store([&](store& s, const sim_time& now) { return create_order(s, b, now); });
        if (!entry) return to_response(entry.error());
        return ok({{"DocEntry", *entry}});
    });
    add(routes, verb::post, "/_control/series", state, [](sim_state& st, B b) {
        auto series = integer_of(b, "Series");
        auto next = integer_of(b, "NextNumber");
        if (!series || !next) return bad_request("Series and NextNumber are required");
        return to_response(st.with_store(
            [&](store& s, const sim_time&) { return set_next_order_number(s, *series, *next); }));
    });
    add(routes, verb::post, "/_control/orders/change", state,
        [](sim_state& st, B b) { return change_order(st, b, std::nullopt); });
    add(routes, verb::post, "/_control/orders/cancel", state,
        [](sim_state& st, B b) { return change_order(st, b, order_action::cancel); });
    add(routes, verb::post, "/_control/orders/close", state,
        [](sim_state& st, B b) { return change_order(st, b, order_action::close); });
    add(routes, verb::post, "/_control/batches", state, [](sim_state& st, B b) {
        return to_response(
            st.with_store([&](store& s, const sim_time& now) { return put_batch(s, b, now); }));
    });
    add(routes, verb::post, "/_control/stock", state, [](sim_state& st, B b) {
        return to_response(
            st.with_store([&](store& s, const sim_time& now) { return book_stock_by_hand(s, b, now); }));
    });
    add(routes, verb::get, "/_control/state", state, [](sim_state& st, B) { return state_snapshot(st); });
    add(routes, verb::post, "/_control/sessions/expire", state, [](sim_state& st, B) {
        st.expire_sessions();
        return ok();
    });
    add(routes, verb::post, "/_control/sessions/timeout", state, [](sim_state& st, B b) {
        auto ms = integer_of(b, "milliseconds");
        if (auto s = integer_of(b, "seconds")) ms = *s * 1000;
        if (!ms || *ms <= 0) return bad_request("seconds or milliseconds must be a positive integer");
        st.set_session_timeout(std::chrono::milliseconds(*ms));
        return ok();
    });
    add(routes, verb::get, "/_control/counters", state,
        [](sim_state& st, B) { return ok(st.counters_json()); });
    add(routes, verb::post, "/_control/counters/reset", state, [](sim_state& st, B) {
        st.reset_counters();
        return ok();
    });
    add(routes, verb::get, "/_control/faults", state, [](sim_state& st, B) { return get_faults(st); });
    add(routes, verb::post, "/_control/faults", state, [](sim_state& st, B b) { return set_faults(st, b); });
    add(routes, verb::post, "/_control/faults/clear", state, [](sim_state& st, B) {
        st.set_faults({});
        return ok();
    });
    add(routes, verb::post, "/_control/quirks", state, [](sim_state& st, B b) {
        sim_quirks q;
        if (const auto* v = b.if_contains("v1_string_session_error"))
            q.v1_string_session_error = v->is_bool() && v->get_bool();
        if (const auto* v = b.if_contains("session_error_as_5002"))
            q.session_error_as_5002 = v->is_bool() && v->get_bool();
        st.set_quirks(q);
        return ok();
    });
    add(routes, verb::post, "/_control/clock", state, [](sim_state& st, B b) { return set_clock(st, b); });
    add(routes, verb::post, "/_control/user-fields", state,
        [](sim_state& st, B b) { return change_user_field(st, b, false); });
    add(routes, verb::post, "/_control/user-fields/remove", state,
        [](sim_state& st, B b) { return change_user_field(st, b, true); });
    add(routes, verb::post, "/_control/company", state,
        [](sim_state& st, B b) { return set_company_rules(st, b); });
    add(routes, verb::post, "/_control/drafts/approve", state, [](sim_state& st, B b) {
        auto entry = integer_of(b, "DocEntry");
        if (!entry) return bad_request("DocEntry is required");
        auto posted = st.with_store(
            [&](store& s, const sim_time& now) { return approve_draft(s, static_cast<int>(*entry), now); });
        if (!posted) return to_response(posted.error());
        return ok({{"DeliveryDocEntry", *posted}});
    });
    add(routes, verb::post, "/_control/drafts/reject", state, [](sim_state& st, B b) {
        auto entry = integer_of(b, "DocEntry");
        if (!entry) return bad_request("DocEntry is required");
        return to_response(st.with_store(
            [&](store& s, const sim_time&) { return reject_draft(s, static_cast<int>(*entry)); }));
    });
}

}  // namespace mlc::sim::sap
