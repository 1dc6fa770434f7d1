// /admin/sku-map: list, show, put, delete and import the SKU map, auditing each change.
#include "server/handlers/sku_map_handlers.hpp"

#include "common/clock.hpp"
#include "common/config.hpp"
#include "db/audit_log.hpp"
#include "db/database.hpp"
#include "db/sku_map.hpp"
#include "server/handlers/admin_handlers.hpp"
#include "server/handlers/query_param.hpp"
#include "server/handlers/sku_map_csv.hpp"
#include "server/http/responses.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/pct_string_view.hpp>

#include <charconv>
#include <map>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

namespace {

namespace sku_map = db::sku_map;
namespace audit = db::audit_log;

constexpr std::string_view item_prefix = "/admin/sku-map/";
constexpr std::size_t default_page = 100;
constexpr std::size_t max_page = 1000;

boost::json::object values_of(const sku_map::sku_mapping& m) {
    return {{"item_code", m.item_code}, {"preferred", m.preferred}, {"note", m.note}};
}

boost::json::object json_of(const sku_map::sku_mapping& m) {
    auto o = values_of(m);
    o.emplace("sku", m.sku);
    o.emplace("updated_at", format_utc_iso8601(m.updated_at));
    return o;
}

// An audit row of a change to `sku` made by this request.
audit::entry change_row(const http::request_context& ctx, const std::string& sku, std::string action) {
    audit::entry e;
    e.dir = audit::direction::internal;
    e.entity_type = "sku_map";
    e.entity_key = sku;
    e.action = std::move(action);
    e.result = audit::outcome::ok;
    e.correlation_id = std::string(ctx.request_id);
    return e;
}

boost::json::value before_of(const std::optional<sku_map::sku_mapping>& before) {
    return before ? boost::json::value(json_of(*before)) : boost::json::value(nullptr);
}

std::optional<std::size_t> page_size(const std::optional<std::string>& text) {
    if (!text) return default_page;
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size() || n < 1 || n > max_page) return std::nullopt;
    return n;
}

// What is wrong, as the error of a result whose value could be made from a bare string too.
template <class T>
boost::system::result<T, std::string> refusal(std::string why) {
    return boost::system::result<T, std::string>(boost::system::in_place_error, std::move(why));
}

// The SKU a path segment names (percent-decoded), or why it names none.
boost::system::result<std::string, std::string> sku_of_path(std::string_view segment) {
    auto encoded = boost::urls::make_pct_string_view(segment);
    if (!encoded) return refusal<std::string>("the SKU in the path is not validly percent-encoded");
    std::string sku = encoded->decode();
    if (auto bad = invalid_code("SKU", sku, max_sku_length)) return refusal<std::string>(std::move(*bad));
    return boost::system::result<std::string, std::string>(boost::system::in_place_value, std::move(sku));
}

// Reads one field of a PUT body into `m`; returns what is wrong with it.
std::optional<std::string> read_field(sku_map::sku_mapping& m, std::string_view key,
                                      const boost::json::value& v) {
    if (key == "item_code") {
        if (!v.is_string()) return "item_code must be a string";
        m.item_code = v.get_string();
    } else if (key == "preferred") {
        if (!v.is_bool() && !v.is_null()) return "preferred must be true or false";
        m.preferred = v.is_bool() && v.get_bool();
    } else if (key == "note") {
        if (!v.is_string() && !v.is_null()) return "note must be a string";
        m.note = v.is_string() ? std::string(v.get_string()) : std::string();
        if (m.note.find('\0') != std::string::npos) return "note must not hold a NUL character";
    } else {
        return "unknown field '" + std::string(key) + "' (expected item_code, preferred, note)";
    }
    return std::nullopt;
}

boost::system::result<sku_map::sku_mapping, std::string> mapping_of_body(std::string_view body,
                                                                         std::string sku) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(body, ec);
    using mapping = sku_map::sku_mapping;
    if (ec || !parsed.is_object())
        return refusal<mapping>(
            R"(the body must be a JSON object {"item_code": "...", "preferred": false, "note": ""})");
    mapping m;
    m.sku = std::move(sku);
    for (const auto& [key, value] : parsed.get_object())
        if (auto bad = read_field(m, key, value)) return refusal<mapping>(std::move(*bad));
    if (!parsed.get_object().contains("item_code")) return refusal<mapping>("item_code is required");
    if (auto bad = invalid_code("ItemCode", m.item_code, max_item_code_length))
        return refusal<mapping>(std::move(*bad));
    return boost::system::result<mapping, std::string>(boost::system::in_place_value, std::move(m));
}

boost::asio::awaitable<http::response> show(db::database& database, const std::string& sku) {
    auto found = co_await database.run([&](pqxx::work& w) { return sku_map::find(w, sku); });
    if (!found) co_return http::error_response(bhttp::status::not_found, "SKU '" + sku + "' is not mapped");
    co_return http::json_response(bhttp::status::ok, json_of(*found));
}

boost::asio::awaitable<http::response> put(const http::request_context& ctx, db::database& database,
                                           std::string sku) {
    auto mapping = mapping_of_body(ctx.req.body(), std::move(sku));
    if (!mapping) co_return http::error_response(bhttp::status::bad_request, mapping.error());
    auto stored = co_await database.run([&](pqxx::work& w) {
        auto before = sku_map::find(w, mapping->sku);
        auto after = sku_map::put(w, *mapping);
        audit::append(w, change_row(ctx, after.sku, "put")
                             .with_request(values_of(*mapping))
                             .with_response(boost::json::object{{"before", before_of(before)}}));
        return after;
    });
    co_return http::json_response(bhttp::status::ok, json_of(stored));
}

boost::asio::awaitable<http::response> remove(const http::request_context& ctx, db::database& database,
                                              const std::string& sku) {
    const bool removed = co_await database.run([&](pqxx::work& w) {
        auto before = sku_map::find(w, sku);
        if (!before || !sku_map::remove(w, sku)) return false;
        audit::append(
            w,
            change_row(ctx, sku, "delete").with_response(boost::json::object{{"before", before_of(before)}}));
        return true;
    });
    if (!removed) co_return http::error_response(bhttp::status::not_found, "SKU '" + sku + "' is not mapped");
    http::response res{bhttp::status::no_content, 11};
    co_return res;
}

// One audit row per mapping the import wrote or removed.
std::vector<audit::entry> import_rows(const http::request_context& ctx, const std::string& mode,
                                      const std::vector<sku_map::sku_mapping>& imported,
                                      const sku_map::import_result& result) {
    std::map<std::string_view, const sku_map::sku_mapping*> by_sku;
    for (const auto& m : imported) by_sku.emplace(m.sku, &m);
    std::vector<audit::entry> rows;
    for (const auto& sku : result.changed_skus) {
        auto it = by_sku.find(sku);
        // A mapping the file does not name changed only by losing its preferred mark to one that it does.
        boost::json::object values =
            it != by_sku.end() ? values_of(*it->second) : boost::json::object{{"preferred", false}};
        values["mode"] = mode;
        rows.push_back(change_row(ctx, sku, "import").with_request(std::move(values)));
    }
    for (const auto& sku : result.removed_skus)
        rows.push_back(change_row(ctx, sku, "import")
                           .with_request(boost::json::object{{"mode", mode}, {"removed", true}}));
    return rows;
}

bool is_csv(std::string_view content_type) {
    auto media = content_type.substr(0, content_type.find(';'));
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    return boost::beast::iequals(media, "text/csv");
}

boost::asio::awaitable<http::response> import_csv(const http::request_context& ctx, db::database& database) {
    const std::string mode = query_param(ctx.query, "mode").value_or("merge");
    if (mode != "merge" && mode != "replace")
        co_return http::error_response(bhttp::status::bad_request, "mode is merge (the default) or replace");
    if (!is_csv(ctx.req[bhttp::field::content_type]))
        co_return http::error_response(bhttp::status::unsupported_media_type,
                                       "send the file with Content-Type: text/csv");
    auto rows = read_sku_map_csv(ctx.req.body());
    if (!rows) co_return http::error_response(bhttp::status::bad_request, rows.error());
    std::vector<sku_map::sku_mapping> mappings;
    mappings.reserve(rows->size());
    for (auto& r : *rows)
        mappings.push_back({std::move(r.sku), std::move(r.item_code), r.preferred, std::move(r.note), {}});
    auto result = co_await database.run([&](pqxx::work& w) {
        auto r = sku_map::import(w, mappings, mode == "replace");
        audit::append_all(w, import_rows(ctx, mode, mappings, r));
        return r;
    });
    co_return http::json_response(
        bhttp::status::ok, boost::json::value(boost::json::object{{"imported", result.imported},
                                                                  {"removed", result.removed},
                                                                  {"changed", result.changed_skus.size()}}));
}

}  // namespace

boost::asio::awaitable<http::response> admin_sku_map_list(const http::request_context& ctx,
                                                          const security_config& sec,
                                                          db::database& database) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    const auto limit = page_size(query_param(ctx.query, "limit"));
    if (!limit)
        co_return http::error_response(bhttp::status::bad_request,
                                       "limit is a number from 1 to " + std::to_string(max_page));
    const std::string after = query_param(ctx.query, "after").value_or("");
    auto item_code = query_param(ctx.query, "item_code");
    if (item_code && item_code->empty()) item_code.reset();
    auto page =
        co_await database.run([&](pqxx::work& w) { return sku_map::list(w, after, *limit, item_code); });
    boost::json::array mappings;
    for (const auto& m : page) mappings.push_back(json_of(m));
    boost::json::value next = nullptr;
    if (page.size() == *limit) next = boost::json::string(page.back().sku);
    co_return http::json_response(
        bhttp::status::ok,
        boost::json::value(boost::json::object{{"mappings", std::move(mappings)}, {"next_after", next}}));
}

boost::asio::awaitable<http::response> admin_sku_map(const http::request_context& ctx,
                                                     const security_config& sec, db::database& database) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    const std::string_view segment = ctx.path.substr(item_prefix.size());
    const auto method = ctx.req.method();
    if (method == bhttp::verb::post) {
        if (segment != "import")
            co_return http::error_response(
                bhttp::status::not_found,
                "POST imports a CSV file: POST /admin/sku-map/import?mode=merge|replace");
        co_return co_await import_csv(ctx, database);
    }
    auto sku = sku_of_path(segment);
    if (!sku) co_return http::error_response(bhttp::status::bad_request, sku.error());
    if (method == bhttp::verb::get) co_return co_await show(database, *sku);
    if (method == bhttp::verb::put) co_return co_await put(ctx, database, std::move(*sku));
    co_return co_await remove(ctx, database, *sku);
}

}  // namespace mlc::server::handlers
