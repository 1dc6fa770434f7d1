// The date-form probe and the $metadata read, each remembered on the client once it succeeds.
#include "clients/sap/discovery.hpp"

#include "clients/sap/odata_query.hpp"

#include <chrono>

namespace mlc::clients::sap {

namespace {

// Any day: the probe asks only whether the literal is understood.
constexpr std::chrono::sys_days probe_day{std::chrono::year{2000} / 1 / 1};

}  // namespace

boost::asio::awaitable<outcome<date_form>> learn_date_form(client& c) {
    if (auto known = c.learned_date_form()) co_return *known;
    std::string refusals;
    for (date_form form : date_form_candidates(c.version())) {
        odata_query q;
        q.filter("UpdateDate ge " + date_literal(form, probe_day)).select({"DocEntry"}).top(1);
        sap_request req;
        req.target = "/Orders" + q.to_string();
        auto res = co_await c.execute("probe_date_form", std::move(req));
        if (res) {
            c.remember_date_form(form);
            c.log().info("sap.date_form_chosen", {{"form", std::string(describe(form))},
                                                  {"version", std::string(to_string(c.version()))}});
            co_return form;
        }
        if (res.error().kind != error_kind::refused) co_return res.error();
        refusals += (refusals.empty() ? "" : "; ") + std::string(describe(form)) + ": " + res.error().message;
    }
    co_return error{error_kind::refused,
                    400,
                    {},
                    "Service Layer refused every UpdateDate literal form in $filter (" + refusals + ")"};
}

boost::asio::awaitable<batch_property_choice> learn_batch_property(client& c) {
    if (auto known = c.learned_batch_property()) co_return *known;
    sap_request req;
    req.target = "/$metadata";
    auto res = co_await c.execute("read_metadata", std::move(req));
    batch_property_choice choice;
    if (!res) {
        choice.why = "$metadata could not be read: " + res.error().describe();
    } else if (auto name = document_line_batch_property(res->body())) {
        choice.property = *name;
        choice.from_metadata = true;
        c.remember_batch_property(choice);
        c.log().info("sap.batch_property_chosen", {{"property", choice.property}});
        co_return choice;
    } else {
        choice.why = "$metadata names neither BatchNumbers nor BatchNumberProperty on DocumentLine";
    }
    c.log().warn("sap.batch_property_fallback", {{"property", choice.property}, {"reason", choice.why}});
    co_return choice;
}

}  // namespace mlc::clients::sap
