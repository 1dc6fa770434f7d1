// Request flow of the Service Layer roots: count, fault, version, Login, session check, dispatch.
#include "tests/simulators/sap_b1/service_layer.hpp"

#include "tests/simulators/sap_b1/entity_handlers.hpp"
#include "tests/simulators/sap_b1/metadata.hpp"
#include "tests/simulators/sap_b1/odata_query.hpp"
#include "tests/simulators/sap_b1/resource_path.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace mlc::sim::sap {

namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using status = bhttp::status;

response not_found_page() {
    response res{status::not_found, 11};
    res.set(bhttp::field::content_type, "text/html; charset=iso-8859-1");
    res.body() =
        "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n"
        "</head><body>\n<h1>Not Found</h1>\n</body></html>\n";
    res.prepare_payload();
    return res;
}

// `target` without its $skip parameter (written `$skip` or `%24skip`): the collection's first page.
std::string first_page_of(std::string_view target) {
    auto q = target.find('?');
    if (q == std::string_view::npos) return std::string(target);
    std::string out(target.substr(0, q));
    char sep = '?';
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        auto amp = rest.find('&');
        std::string_view param = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (param.starts_with("$skip=") || param.starts_with("%24skip=")) continue;
        out += sep;
        out += param;
        sep = '&';
    }
    return out;
}

// A collection answer whose next link, if it has one, names the request's own target (or, rewinding,
// the collection's first page): a Service Layer paging in a circle. v1 links are absolute paths, v2 ones
// relative to the service root.
response with_repeated_link(response res, std::string_view request_target, bool rewind) {
    const std::string target = rewind ? first_page_of(request_target) : std::string(request_target);
    boost::system::error_code ec;
    auto body = boost::json::parse(res.body(), ec);
    auto* o = ec ? nullptr : body.if_object();
    if (!o) return res;
    for (std::string_view key : {"odata.nextLink", "@odata.nextLink"}) {
        auto* link = o->if_contains(boost::json::string_view(key.data(), key.size()));
        if (!link) continue;
        std::string_view own = target;
        if (key.front() == '@' && own.starts_with("/b1s/v2/")) own.remove_prefix(8);
        link->emplace_string() = boost::json::string_view(own.data(), own.size());
        res.body() = boost::json::serialize(body);
        res.prepare_payload();
    }
    return res;
}

// Minutes, as Login reports them; a timeout under a minute still reads 1.
long timeout_minutes(std::chrono::milliseconds t) {
    auto minutes = (t.count() + 59999) / 60000;
    return minutes < 1 ? 1 : static_cast<long>(minutes);
}

response login(sim_state& state, const request& req, api_version version) {
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(req.body(), ec);
    auto field = [&](std::string_view key) -> std::string {
        if (ec || !body.is_object()) return {};
        const auto* v = body.get_object().if_contains(key);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    auto id = state.login(field("CompanyDB"), field("UserName"), field("Password"));
    if (!id) {
        return sl_error_response({status::unauthorized, -304, "Fail to get DB Credentials from SLD server"},
                                 version);
    }
    boost::json::object answer;
    if (version == api_version::v1)
        answer["odata.metadata"] = metadata_url(req, version, "B1Sessions/@Element");
    else
        answer["@odata.context"] = metadata_url(req, version, "B1Sessions/$entity");
    answer["SessionId"] = *id;
    answer["Version"] = state.config().sl_version;
    answer["SessionTimeout"] = timeout_minutes(state.session_timeout());
    response res = sl_json(status::ok, std::move(answer), version);
    // Exactly as Service Layer and its Apache set them: B1SESSION without Path, ROUTEID for /b1s.
    res.insert(bhttp::field::set_cookie, "B1SESSION=" + *id + ";HttpOnly;");
    res.insert(bhttp::field::set_cookie, "ROUTEID=" + state.config().route_id + "; path=/b1s");
    return res;
}

asio::awaitable<void> pause(asio::any_io_executor ex, std::chrono::milliseconds how_long) {
    asio::steady_timer timer(ex);
    timer.expires_after(how_long);
    co_await timer.async_wait(asio::use_awaitable);
}

response session_error(const sim_quirks& quirks, api_version version, std::string_view method) {
    if (quirks.session_error_as_5002 && method != "GET")
        return sl_error_response(business_error(-5002, "Internal error (-5002) occurred"), version);
    if (quirks.v1_string_session_error && version == api_version::v1)
        return sl_error_response(invalid_session(), api_version::v2);  // the v2 shape on a v1 URL
    return sl_error_response(invalid_session(), version);
}

response serve(sim_state& state, const server::http::request_context& ctx, const std::string& path,
               std::string_view method) {
    auto parsed = parse_resource_path(path);
    api_version version = path.starts_with("/b1s/v2/") ? api_version::v2 : api_version::v1;
    bool served = (version == api_version::v1 && path.starts_with("/b1s/v1/") && state.config().serve_v1) ||
                  (version == api_version::v2 && state.config().serve_v2);
    if (!served) return not_found_page();
    // Routes are case-sensitive: only "/Login" logs in; "/login" falls through to the session check (401).
    if (parsed && parsed->resource == "Login" && !parsed->key && method == "POST")
        return login(state, ctx.req, version);
    auto session = session_cookie(ctx.req);
    if (!session || !state.authenticate(*session)) return session_error(state.quirks(), version, method);
    if (!parsed) return sl_error_response({status::not_found, -1000, "Unrecognized resource path."}, version);
    if (parsed->resource == "Logout" && !parsed->key && method == "POST") {
        state.logout(*session);
        response res{status::no_content, 11};
        res.insert(bhttp::field::set_cookie, "B1SESSION=; expires=Thu, 01 Jan 1970 00:00:00 GMT;HttpOnly;");
        return res;
    }
    if (parsed->resource == "$metadata" && !parsed->key && method == "GET")
        return state.with_store(
            [&](const store& s, const sim_time&) { return metadata_response(s, version); });
    return handle_entity_request(state, ctx, *parsed, method);
}

}  // namespace

server::http::handler_fn make_service_layer_handler(std::shared_ptr<sim_state> state) {
    return [state](const server::http::request_context& ctx) -> asio::awaitable<response> {
        std::string method(ctx.req.method_string());
        std::string_view override_method(ctx.req["X-HTTP-Method-Override"].data(),
                                         ctx.req["X-HTTP-Method-Override"].size());
        if (method == "POST" && !override_method.empty()) method = std::string(override_method);
        std::string path;
        try {
            path = percent_decode(ctx.path);
        } catch (const odata_syntax_error&) {
            co_return not_found_page();
        }
        fault_decision fault = state->begin_request(method, path);
        if (fault.latency.count() > 0) co_await pause(ctx.executor, fault.latency);
        if (fault.kind == fault_kind::fail_before) co_return proxy_error_page(fault.status, method, ctx.path);
        if (fault.kind == fault_kind::refuse)
            co_return sl_error_response(business_error(fault.code, fault.message),
                                        path.starts_with("/b1s/v2/") ? api_version::v2 : api_version::v1);
        response res = serve(*state, ctx, path, method);
        // The work is done and committed; the client only sees the proxy's error, or nothing in time.
        if (fault.kind == fault_kind::fail_after_commit && res.result_int() < 300)
            co_return proxy_error_page(fault.status, method, ctx.path);
        if (fault.kind == fault_kind::hold_after_commit) co_await pause(ctx.executor, fault.hold);
        if (fault.repeat_link && res.result_int() == 200)
            co_return with_repeated_link(std::move(res),
                                         std::string_view(ctx.req.target().data(), ctx.req.target().size()),
                                         fault.rewind_link);
        co_return res;
    };
}

}  // namespace mlc::sim::sap
