// Lenient readers of JSON entity fields.
#include "common/json_fields.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace mlc::json_fields {

std::string text(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) return {};
    return std::string(v->get_string());
}

double number(const boost::json::object& o, std::string_view key, double fallback) noexcept {
    const auto* v = o.if_contains(key);
    if (!v) return fallback;
    if (v->is_double()) return v->get_double();
    if (v->is_int64()) return static_cast<double>(v->get_int64());
    if (v->is_uint64()) return static_cast<double>(v->get_uint64());
    if (v->is_string()) {
        // Some Edm.Decimal values arrive as strings.
        std::string_view s = v->get_string();
        double d = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (ec == std::errc() && p == s.data() + s.size()) return d;
    }
    return fallback;
}

std::optional<int> integer(const boost::json::object& o, std::string_view key) noexcept {
    const auto* v = o.if_contains(key);
    if (!v) return std::nullopt;
    auto in_range = [](auto n) -> std::optional<int> {
        if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) return std::nullopt;
        return static_cast<int>(n);
    };
    if (v->is_int64()) return in_range(v->get_int64());
    if (v->is_uint64())
        return v->get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<int>::max())
                   ? std::nullopt
                   : std::optional<int>(static_cast<int>(v->get_uint64()));
    if (v->is_double() && std::trunc(v->get_double()) == v->get_double()) return in_range(v->get_double());
    if (v->is_string()) {
        std::string_view s = v->get_string();
        int n = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec == std::errc() && p == s.data() + s.size()) return n;
    }
    return std::nullopt;
}

bool yes(const boost::json::object& o, std::string_view key) noexcept {
    const auto* v = o.if_contains(key);
    return v && v->is_string() && (v->get_string() == "tYES" || v->get_string() == "Y");
}

}  // namespace mlc::json_fields
