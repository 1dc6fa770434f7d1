// Parsing of "/b1s/{v1|v2}/Set[(key)][/Action|/$count]" paths.
#include "tests/simulators/sap_b1/resource_path.hpp"

namespace mlc::sim::sap {

namespace {

// "12", "DocEntry=12", "'A1'", "ItemCode='A1'" -> the key text; nullopt if malformed.
std::optional<std::string> parse_key(std::string_view text, bool& quoted) {
    if (auto eq = text.find('='); eq != std::string_view::npos && text.find('\'') > eq)
        text = text.substr(eq + 1);
    quoted = !text.empty() && text.front() == '\'';
    if (!quoted) {
        if (text.empty() || text.find('\'') != std::string_view::npos) return std::nullopt;
        return std::string(text);
    }
    if (text.size() < 2 || text.back() != '\'') return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\'') {
            if (i + 2 >= text.size() || text[i + 1] != '\'') return std::nullopt;  // a lone quote inside
            ++i;
        }
    }
    return out;
}

}  // namespace

std::optional<resource_path> parse_resource_path(std::string_view path) {
    resource_path r;
    if (path.starts_with("/b1s/v1/"))
        r.version = api_version::v1;
    else if (path.starts_with("/b1s/v2/"))
        r.version = api_version::v2;
    else
        return std::nullopt;
    std::string_view rest = path.substr(8);
    std::string_view head = rest, tail;
    if (auto paren = rest.find('('); paren != std::string_view::npos && paren < rest.find('/')) {
        auto close = rest.rfind(')');
        if (close == std::string_view::npos || close < paren) return std::nullopt;
        head = rest.substr(0, paren);
        bool quoted = false;
        r.key = parse_key(rest.substr(paren + 1, close - paren - 1), quoted);
        if (!r.key) return std::nullopt;
        r.key_quoted = quoted;
        tail = rest.substr(close + 1);
    } else if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        head = rest.substr(0, slash);
        tail = rest.substr(slash);
    }
    if (head.empty()) return std::nullopt;
    r.resource = std::string(head);
    if (tail.empty()) return r;
    if (tail.front() != '/' || tail.size() == 1) return std::nullopt;
    tail.remove_prefix(1);
    if (tail.find('/') != std::string_view::npos) return std::nullopt;
    if (tail == "$count") {
        if (r.key) return std::nullopt;
        r.count = true;
        return r;
    }
    if (!r.key) return std::nullopt;
    if (tail.starts_with("SAPB1.")) tail.remove_prefix(6);
    r.action = std::string(tail);
    return r;
}

}  // namespace mlc::sim::sap
