// The routing table: exact path lookup (else the longest prefix route), then the method among its routes.
#include "server/http/router.hpp"

#include <stdexcept>

namespace mlc::server::http {

target_parts split_target(std::string_view target) noexcept {
    auto q = target.find('?');
    if (q == std::string_view::npos) return {target, {}};
    return {target.substr(0, q), target.substr(q + 1)};
}

namespace {

using route_table = std::map<std::string, std::vector<route>, std::less<>>;

void insert(route_table& table, route r) {
    if (r.path.empty() || r.path.front() != '/' || r.path.find('?') != std::string::npos)
        throw std::invalid_argument("route path must start with '/' and hold no query: " + r.path);
    if (!r.handler) throw std::invalid_argument("route has no handler: " + r.path);
    if (r.name.empty()) throw std::invalid_argument("route has no name: " + r.path);
    auto& same_path = table[r.path];
    for (const auto& existing : same_path) {
        if (existing.method == r.method) {
            throw std::invalid_argument("duplicate route: " + std::string(beast::http::to_string(r.method)) +
                                        " " + r.path);
        }
    }
    same_path.push_back(std::move(r));
}

// The longest prefix of `path` that has routes; prefixes are few, so a scan is fine.
const std::vector<route>* longest_prefix(const route_table& prefixes, std::string_view path) {
    const std::vector<route>* best = nullptr;
    std::size_t best_length = 0;
    for (const auto& [prefix, routes] : prefixes) {
        if (path.starts_with(prefix) && prefix.size() > best_length) {
            best = &routes;
            best_length = prefix.size();
        }
    }
    return best;
}

}  // namespace

void router::add(route r) {
    insert(by_path_, std::move(r));
    ++size_;
}

void router::add_prefix(route r) {
    if (r.path.empty() || r.path.back() != '/')
        throw std::invalid_argument("prefix route path must end with '/': " + r.path);
    insert(by_prefix_, std::move(r));
    ++size_;
}

route_match router::match(beast::http::verb method, std::string_view target) const {
    std::string_view path = split_target(target).path;
    const std::vector<route>* routes = nullptr;
    if (auto it = by_path_.find(path); it != by_path_.end()) routes = &it->second;
    if (!routes) routes = longest_prefix(by_prefix_, path);
    if (!routes) return {};
    route_match m;
    for (const auto& r : *routes) {
        if (r.method == method) {
            m.status = match_status::found;
            m.found = &r;
            return m;
        }
    }
    m.status = match_status::method_not_allowed;
    for (const auto& r : *routes) {
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += beast::http::to_string(r.method);
    }
    return m;
}

std::size_t router::size() const noexcept {
    return size_;
}

}  // namespace mlc::server::http
