// Entity-set operations: OData queries with paging, single reads, creates, updates, actions and deletes.
#include "tests/simulators/sap_b1/entity_handlers.hpp"

#include "tests/simulators/sap_b1/batch_property.hpp"
#include "tests/simulators/sap_b1/date_literals.hpp"
#include "tests/simulators/sap_b1/deliveries.hpp"
#include "tests/simulators/sap_b1/document_model.hpp"
#include "tests/simulators/sap_b1/drafts.hpp"
#include "tests/simulators/sap_b1/odata_query.hpp"
#include "tests/simulators/sap_b1/orders.hpp"
#include "tests/simulators/sap_b1/paged_collection.hpp"
#include "tests/simulators/sap_b1/schema.hpp"
#include "tests/simulators/sap_b1/sql_queries.hpp"
#include "tests/simulators/sap_b1/user_fields.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>

#include <charconv>
#include <string>

namespace mlc::sim::sap {

namespace {

namespace bhttp = boost::beast::http;
using status = bhttp::status;

sl_error unsupported() {
    return business_error(-5006, "The requested action is not supported for this object.");
}

sl_error unknown_segment(std::string_view segment) {
    return {status::not_found, -1000, "Resource not found for the segment '" + std::string(segment) + "'."};
}

bool header_true(const request& req, std::string_view name) {
    std::string_view v(req[name].data(), req[name].size());
    return v == "true" || v == "True" || v == "TRUE";
}

// Whether documents of `set` name their lines' batches BatchNumberProperty on the wire (WCFCompatible).
bool wcf_batches(sim_state& state, std::string_view set) {
    if (set != "Orders" && set != "DeliveryNotes" && set != "Drafts") return false;
    return state.with_store([](const store& s, const sim_time&) { return s.rules.batch_number_property; });
}

sl_result<boost::json::object> parse_body(const request& req) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(req.body(), ec);
    if (ec || !v.is_object()) return business_error(-1000, "Invalid JSON in the request body");
    from_wire(v);
    return std::move(v.get_object());
}

std::string entity_url(const request& req, const resource_path& p, const entity_set_info& set,
                       std::string_view key) {
    std::string host(req[bhttp::field::host]);
    std::string k = set.string_key ? "'" + std::string(key) + "'" : std::string(key);
    return "http://" + host + "/b1s/" + std::string(to_string(p.version)) + "/" + std::string(set.name) +
           "(" + k + ")";
}

response entity_response(const request& req, const resource_path& p, const entity_set_info& set,
                         const boost::json::object& entity, status code) {
    boost::json::object body;
    if (p.version == api_version::v1)
        body["odata.metadata"] = metadata_url(req, p.version, std::string(set.name) + "/@Element");
    else
        body["@odata.context"] = metadata_url(req, p.version, std::string(set.name) + "/$entity");
    for (const auto& [k, v] : entity) body[k] = v;
    return sl_json(code, std::move(body), p.version);
}

// Why SL refuses the query's properties (a standard one the type lacks, a U_ field its table lacks) or its
// date literals (date_literals.hpp); nullopt when it runs.
std::optional<sl_error> refused_query(sim_state& state, const entity_set_info& set, const query_options& q,
                                      api_version version) {
    return state.with_store([&](const store& s, const sim_time&) -> std::optional<sl_error> {
        for (const auto& name : referenced_properties(q))
            if (!defined_property(s, set.name, name)) return invalid_property(name, set.type);
        if (q.filter) return refused_date_literal(*q.filter, version, s.rules.v2_iso_date_literal);
        return std::nullopt;
    });
}

response get_collection(sim_state& state, const server::http::request_context& ctx, const resource_path& p,
                        const entity_set_info& set) {
    query_options q;
    try {
        q = parse_query(ctx.query);
    } catch (const odata_syntax_error& e) {
        return sl_error_response(business_error(-1000, e.what()), p.version);
    }
    if (auto refused = refused_query(state, set, q, p.version)) return sl_error_response(*refused, p.version);
    auto rows = state.with_store([&](const store& s, const sim_time&) { return entity_rows(s, set.name); });
    const bool wcf = wcf_batches(state, set.name);
    for (auto& row : rows) batches_to_wire(row, wcf);
    filter_options options{header_true(ctx.req, "B1S-CaseInsensitive")};
    if (p.count) {
        q.top.reset();
        q.skip = 0;
        auto all = run_query(rows, q, 0, options);
        response res{status::ok, 11};
        res.set(bhttp::field::content_type, "text/plain;charset=utf-8");
        res.body() = std::to_string(all.count);
        res.prepare_payload();
        return res;
    }
    return paged_collection(ctx.req, p.version, state.config().default_page_size, set.name, set.name, rows, q,
                            {}, options);
}

response get_entity(sim_state& state, const server::http::request_context& ctx, const resource_path& p,
                    const entity_set_info& set) {
    query_options q;
    try {
        q = parse_query(ctx.query);
    } catch (const odata_syntax_error& e) {
        return sl_error_response(business_error(-1000, e.what()), p.version);
    }
    auto unknown = state.with_store([&](const store& s, const sim_time&) -> std::optional<std::string> {
        for (const auto& name : q.select)
            if (name != "*" && !defined_property(s, set.name, name)) return name;
        return std::nullopt;
    });
    if (unknown) return sl_error_response(invalid_property(*unknown, set.type), p.version);
    auto found = state.with_store([&](store& s, const sim_time&) -> std::optional<boost::json::object> {
        if (auto* e = find_entity(s, set.name, *p.key)) return *e;
        return std::nullopt;
    });
    if (!found) return sl_error_response(no_matching_records(), p.version);
    batches_to_wire(*found, wcf_batches(state, set.name));
    return entity_response(ctx.req, p, set, select_properties(*found, q.select), status::ok);
}

// The key of the entity a POST to `set` created, or why it was refused.
sl_result<std::string> create_entity(store& s, std::string_view set, const boost::json::object& body,
                                     const sim_time& now) {
    if (set == "SQLQueries") return create_sql_query(s, body, now);
    auto entry = set == "Orders" ? create_order(s, body, now) : create_delivery(s, body, now);
    if (!entry) return entry.error();
    return std::to_string(*entry);
}

response post(sim_state& state, const server::http::request_context& ctx, const resource_path& p,
              const entity_set_info& set) {
    if (p.key) {
        auto error = state.with_store([&](store& s, const sim_time& now) -> std::optional<sl_error> {
            if (!find_entity(s, set.name, *p.key)) return no_matching_records();
            int entry = std::stoi(*p.key);
            if (set.name == "Orders") {
                if (p.action == "Close") return apply_order_action(s, entry, order_action::close, now);
                if (p.action == "Cancel") return apply_order_action(s, entry, order_action::cancel, now);
                if (p.action == "Reopen") return apply_order_action(s, entry, order_action::reopen, now);
            } else if (set.name == "DeliveryNotes" && p.action == "Cancel") {
                return cancel_delivery(s, entry, now);
            }
            return unknown_segment(p.action);
        });
        if (error) return sl_error_response(*error, p.version);
        return response{status::no_content, 11};
    }
    if (set.name != "Orders" && set.name != "DeliveryNotes" && set.name != "SQLQueries")
        return sl_error_response(unsupported(), p.version);
    auto body = parse_body(ctx.req);
    if (!body) return sl_error_response(body.error(), p.version);
    const bool wcf = wcf_batches(state, set.name);
    if (auto refused = batches_from_wire(*body, wcf)) return sl_error_response(*refused, p.version);
    std::string_view prefer(ctx.req["Prefer"].data(), ctx.req["Prefer"].size());
    const bool no_content = prefer.find("return-no-content") != std::string_view::npos;
    if (set.name == "DeliveryNotes") {
        // An approval procedure: the delivery is saved as a draft, and SL reports it as -2028 unless the
        // client asked for no content.
        auto drafted = state.with_store([&](store& s, const sim_time& now) -> std::optional<sl_result<int>> {
            if (!s.rules.deliveries_need_approval) return std::nullopt;
            return create_delivery_draft(s, *body, now);
        });
        if (drafted && !*drafted) return sl_error_response(drafted->error(), p.version);
        if (drafted) {
            if (!no_content) {
                const auto approval_status =
                    state.with_store([](store& s, const sim_time&) { return s.rules.approval_status; });
                return sl_error_response({static_cast<bhttp::status>(approval_status), -2028,
                                          "No matching records found (ODBC -2028)"},
                                         p.version);
            }
            response res{status::no_content, 11};
            res.set("Preference-Applied", "return-no-content");
            res.set(bhttp::field::location,
                    entity_url(ctx.req, p, *find_entity_set("Drafts"), std::to_string(**drafted)));
            return res;
        }
    }
    std::string key;
    auto created = state.with_store([&](store& s, const sim_time& now) -> sl_result<boost::json::object> {
        auto made = create_entity(s, set.name, *body, now);
        if (!made) return made.error();
        key = *made;
        return *find_entity(s, set.name, key);
    });
    if (!created) return sl_error_response(created.error(), p.version);
    batches_to_wire(*created, wcf);
    std::string location = entity_url(ctx.req, p, set, key);
    response res;
    if (no_content) {
        res = response{status::no_content, 11};
        res.set("Preference-Applied", "return-no-content");
    } else {
        res = entity_response(ctx.req, p, set, *created, status::created);
    }
    res.set(bhttp::field::location, location);
    return res;
}

response patch(sim_state& state, const server::http::request_context& ctx, const resource_path& p,
               const entity_set_info& set) {
    // ApprovalTemplates mirrors the company rules (approval_templates.hpp): change those instead.
    if (!p.key || !p.action.empty() || set.name == "ApprovalTemplates")
        return sl_error_response(unsupported(), p.version);
    auto body = parse_body(ctx.req);
    if (!body) return sl_error_response(body.error(), p.version);
    if (auto refused = batches_from_wire(*body, wcf_batches(state, set.name)))
        return sl_error_response(*refused, p.version);
    bool replace = header_true(ctx.req, "B1S-ReplaceCollectionsOnPatch");
    auto error = state.with_store([&](store& s, const sim_time& now) -> std::optional<sl_error> {
        boost::json::object* entity = find_entity(s, set.name, *p.key);
        if (!entity) return no_matching_records();
        if (set.name == "Orders") {
            const bool closed = string_or(*entity, "DocumentStatus") != open_status ||
                                string_or(*entity, "Cancelled") == "tYES";
            if (closed && s.rules.closed_documents_read_only)
                return business_error(-5002,
                                      "Document is already closed or cancelled and cannot be changed [ORDR]");
            return patch_order(s, std::stoi(*p.key), *body, replace, now);
        }
        if (set.name == "DeliveryNotes") return patch_delivery(s, std::stoi(*p.key), *body, now);
        for (const auto& [name, value] : *body)
            if (!defined_property(s, set.name, name)) return invalid_property(name, set.type);
        // Stock moves only through postings (deliveries, receipts, issues), which write the warehouse
        // journal.
        merge_options options{
            replace,
            {std::string(set.key), "UpdateDate", "UpdateTime", "CreateDate", "QuantityOnStock",
             "QuantityOrderedByCustomers", "InStock", "Committed", "Ordered"}};
        merge_patch(*entity, *body, options);
        if (entity->contains("UpdateDate")) touch(*entity, now);
        return std::nullopt;
    });
    if (error) return sl_error_response(*error, p.version);
    return response{status::no_content, 11};
}

}  // namespace

response handle_entity_request(sim_state& state, const server::http::request_context& ctx,
                               const resource_path& p, std::string_view method) {
    auto set = find_entity_set(p.resource);
    if (!set) return sl_error_response(unknown_segment(p.resource), p.version);
    if (p.key && set->string_key && !p.key_quoted) return sl_error_response(no_matching_records(), p.version);
    if (p.key && !set->string_key) {
        int v = 0;
        auto [ptr, ec] = std::from_chars(p.key->data(), p.key->data() + p.key->size(), v);
        if (ec != std::errc() || ptr != p.key->data() + p.key->size())
            return sl_error_response(business_error(-1000, "Invalid key '" + *p.key + "'"), p.version);
    }
    if (set->name == "SQLQueries" && p.key && !p.action.empty()) {
        if (p.action == "List" && (method == "GET" || method == "POST"))
            return list_sql_query(state, ctx, p, method);
        return sl_error_response(unknown_segment(p.action), p.version);
    }
    if (method == "GET") {
        if (!p.action.empty()) return sl_error_response(unknown_segment(p.action), p.version);
        return p.key ? get_entity(state, ctx, p, *set) : get_collection(state, ctx, p, *set);
    }
    if (p.count) return sl_error_response(unsupported(), p.version);
    if (method == "POST") return post(state, ctx, p, *set);
    if (method == "PATCH" || method == "MERGE") return patch(state, ctx, p, *set);
    return sl_error_response(unsupported(), p.version);  // DELETE /Orders(n) and the rest: -5006
}

}  // namespace mlc::sim::sap
