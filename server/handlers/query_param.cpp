// Reading one parameter of a request's raw query string.
#include "server/handlers/query_param.hpp"

#include <boost/url/parse.hpp>

namespace mlc::server::handlers {

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
    const std::string text = "?" + std::string(query);  // the parsed view refers to this text
    auto ref = boost::urls::parse_relative_ref(text);
    if (!ref) return std::nullopt;
    for (auto p : ref->params()) {
        if (p.key != name) continue;
        return p.has_value ? p.value : std::string();
    }
    return std::nullopt;
}

std::optional<std::string> single_query_param(std::string_view query, std::string_view name) {
    const std::string text = "?" + std::string(query);
    auto ref = boost::urls::parse_relative_ref(text);
    if (!ref) return std::nullopt;
    std::optional<std::string> found;
    for (auto p : ref->params()) {
        if (p.key != name) continue;
        if (found) return std::nullopt;
        found = p.has_value ? p.value : std::string();
    }
    return found;
}

}  // namespace mlc::server::handlers
