// Query-string decoding for the simulator.
#include "tests/simulators/shipstation/query_params.hpp"

#include <charconv>
#include <stdexcept>

namespace mlc::sim::shipstation {
namespace {

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

query_params::query_params(std::string_view raw) {
    while (!raw.empty()) {
        auto amp = raw.find('&');
        auto part = raw.substr(0, amp);
        raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
        if (part.empty()) continue;
        auto eq = part.find('=');
        if (eq == std::string_view::npos) {
            items_.emplace_back(decode(part), std::string());
        } else {
            items_.emplace_back(decode(part.substr(0, eq)), decode(part.substr(eq + 1)));
        }
    }
}

std::optional<std::string> query_params::get(std::string_view name) const {
    for (const auto& [k, v] : items_) {
        if (iequals(k, name)) return v;
    }
    return std::nullopt;
}

std::optional<std::int64_t> query_params::get_int(std::string_view name) const {
    auto v = get(name);
    if (!v || v->empty()) return std::nullopt;
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size()) {
        throw std::invalid_argument("The value '" + *v + "' is not valid for " + std::string(name) + ".");
    }
    return n;
}

bool query_params::get_bool(std::string_view name, bool fallback) const {
    auto v = get(name);
    if (!v) return fallback;
    if (iequals(*v, "true")) return true;
    if (iequals(*v, "false")) return false;
    return fallback;
}

}  // namespace mlc::sim::shipstation
