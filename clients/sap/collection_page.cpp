// Reading one page of an OData collection and the target of the next one.
#include "clients/sap/collection_page.hpp"

#include <boost/json/parse.hpp>

namespace mlc::clients::sap {

namespace json = boost::json;

std::optional<std::string> next_link(const json::object& body) {
    for (const char* key : {"@odata.nextLink", "odata.nextLink"}) {
        if (const json::value* v = body.if_contains(key); v && v->is_string() && !v->get_string().empty())
            return std::string(v->get_string());
    }
    return std::nullopt;
}

std::optional<std::string> next_target(std::string_view link, std::string_view base_path) {
    for (std::string_view scheme : {"http://", "https://"}) {
        if (link.substr(0, scheme.size()) == scheme) {
            auto path = link.find('/', scheme.size());
            if (path == std::string_view::npos) return std::nullopt;
            link = link.substr(path);
            break;
        }
    }
    if (link.empty()) return std::nullopt;
    if (link.front() != '/') return "/" + std::string(link);
    if (link.substr(0, base_path.size()) == base_path && link.size() > base_path.size() &&
        link[base_path.size()] == '/')
        return std::string(link.substr(base_path.size()));
    return std::nullopt;
}

std::optional<collection_page> parse_collection_page(std::string_view body, std::string_view base_path) {
    boost::system::error_code ec;
    json::value v = json::parse(json::string_view(body.data(), body.size()), ec);
    if (ec || !v.is_object()) return std::nullopt;
    json::object& o = v.as_object();
    json::value* rows = o.if_contains("value");
    if (!rows || !rows->is_array()) return std::nullopt;
    collection_page page;
    if (auto link = next_link(o)) {
        page.next_target = next_target(*link, base_path);
        if (!page.next_target) return std::nullopt;
    }
    page.rows = std::move(rows->as_array());
    return page;
}

}  // namespace mlc::clients::sap
