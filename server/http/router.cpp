// The routing table: exact path lookup, then the method among that path's routes.
#include "server/http/router.hpp"

#include <stdexcept>

namespace mlc::server::http {

target_parts split_target(std::string_view target) noexcept {
    auto q = target.find('?');
    if (q == std::string_view::npos) return {target, {}};
    return {target.substr(0, q), target.substr(q + 1)};
}

void router::add(route r) {
    if (r.path.empty() || r.path.front() != '/' || r.path.find('?') != std::string::npos)
        throw std::invalid_argument("route path must start with '/' and hold no query: " + r.path);
    if (!r.handler) throw std::invalid_argument("route has no handler: " + r.path);
    if (r.name.empty()) throw std::invalid_argument("route has no name: " + r.path);
    auto& same_path = by_path_[r.path];
    for (const auto& existing : same_path) {
        if (existing.method == r.method) {
            throw std::invalid_argument("duplicate route: " + std::string(beast::http::to_string(r.method)) +
                                        " " + r.path);
        }
    }
    same_path.push_back(std::move(r));
    ++size_;
}

route_match router::match(beast::http::verb method, std::string_view target) const {
    auto it = by_path_.find(split_target(target).path);
    if (it == by_path_.end()) return {};
    route_match m;
    for (const auto& r : it->second) {
        if (r.method == method) {
            m.status = match_status::found;
            m.found = &r;
            return m;
        }
    }
    m.status = match_status::method_not_allowed;
    for (const auto& r : it->second) {
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += beast::http::to_string(r.method);
    }
    return m;
}

std::size_t router::size() const noexcept {
    return size_;
}

}  // namespace mlc::server::http
