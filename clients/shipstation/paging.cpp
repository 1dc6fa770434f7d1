// Shared pieces of the V1 operations: query strings, JSON field access, Pacific timestamps, paged reads.
#include "clients/shipstation/paging.hpp"

#include <boost/url/url.hpp>

#include <algorithm>
#include <stdexcept>

namespace mlc::clients::shipstation {

namespace {
constexpr unsigned max_pages = 10'000;
}

std::string with_query(std::string_view path, const query& params) {
    boost::urls::url u;
    u.set_encoded_path(path);  // our paths are plain; a resource_url's is already encoded
    for (const auto& [k, v] : params) u.params().append({k, v});
    return std::string(u.buffer());
}

void add_time(query& params, std::string_view name, const std::optional<utc_time>& t, range_edge edge) {
    if (t) params.emplace_back(std::string(name), format_pacific_filter(*t, edge));
}

std::string string_field(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_string()) return {};
    return std::string(it->value().get_string());
}

std::optional<std::int64_t> int_field(const boost::json::object& o, std::string_view key) noexcept {
    auto it = o.find(key);
    if (it == o.end()) return std::nullopt;
    if (it->value().is_int64()) return it->value().get_int64();
    if (it->value().is_uint64() && it->value().get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<std::int64_t>(it->value().get_uint64());
    }
    return std::nullopt;
}

bool bool_field(const boost::json::object& o, std::string_view key) noexcept {
    auto it = o.find(key);
    return it != o.end() && it->value().is_bool() && it->value().get_bool();
}

std::optional<utc_time> time_field(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_string()) return std::nullopt;
    return parse_pacific(std::string_view(it->value().get_string()));
}

std::vector<boost::json::object> objects_of(const boost::json::value& v) {
    std::vector<boost::json::object> out;
    if (!v.is_array()) return out;
    for (const auto& e : v.get_array()) {
        if (e.is_object()) out.push_back(e.get_object());
    }
    return out;
}

boost::asio::awaitable<outcome<paged_items>> read_pages(client& c, paged_read read) {
    if (read.page_size == 0 || read.page_size > 500)
        throw std::invalid_argument("ShipStation: pageSize must be 1..500");
    paged_items out;
    out.complete = false;
    for (unsigned page = 1; page <= read.max_pages; ++page) {
        auto params = read.params;
        params.emplace_back("page", std::to_string(page));
        params.emplace_back("pageSize", std::to_string(read.page_size));
        api_request req{
            boost::beast::http::verb::get, with_query(read.path, params), {}, read.prio, true, read.endpoint};
        auto body = co_await c.call(std::move(req));
        if (!body) co_return body.error();
        const auto* obj = body->if_object();
        const auto* it = obj ? obj->if_contains(read.collection) : nullptr;
        if (!it || !it->is_array()) {
            co_return unreadable_answer("ShipStation " + read.path + ": the answer has no \"" +
                                        read.collection + "\" array");
        }
        auto items = objects_of(*it);
        auto n = it->get_array().size();
        const bool more = n >= read.page_size && (!read.more || read.more(items));
        for (auto& i : items) out.items.push_back(std::move(i));
        out.pages = page;
        if (!more) {
            out.complete = true;
            break;
        }
    }
    co_return std::move(out);
}

boost::asio::awaitable<outcome<std::vector<boost::json::object>>> read_all_pages(client& c, paged_read read) {
    read.max_pages = std::min(read.max_pages, max_pages);
    auto pages = co_await read_pages(c, std::move(read));
    if (!pages) co_return pages.error();
    co_return std::move(pages->items);
}

}  // namespace mlc::clients::shipstation
