// OData query options and $filter literals for Service Layer collections.
#include "clients/sap/odata_query.hpp"

#include <charconv>
#include <cstdio>

namespace mlc::clients::sap {

namespace {

bool parse_int(std::string_view s, int& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

std::string string_literal(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'') out += '\'';
        out += c;
    }
    out += '\'';
    return out;
}

std::string encode_query_value(std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        auto u = static_cast<unsigned char>(c);
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    std::string_view("-._~'(),:").find(c) != std::string_view::npos;
        if (keep) {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    return out;
}

odata_query& odata_query::filter(std::string expression) {
    filter_ = std::move(expression);
    return *this;
}

odata_query& odata_query::select(std::vector<std::string> fields) {
    select_ = std::move(fields);
    return *this;
}

odata_query& odata_query::orderby(std::string expression) {
    orderby_ = std::move(expression);
    return *this;
}

odata_query& odata_query::top(unsigned n) {
    top_ = n;
    return *this;
}

std::string odata_query::to_string() const {
    std::string out;
    auto add = [&](std::string_view key, std::string_view value) {
        out += out.empty() ? '?' : '&';
        out += key;
        out += '=';
        out += encode_query_value(value);
    };
    if (!filter_.empty()) add("$filter", filter_);
    if (!select_.empty()) {
        std::string joined;
        for (const auto& f : select_) {
            if (!joined.empty()) joined += ',';
            joined += f;
        }
        add("$select", joined);
    }
    if (!orderby_.empty()) add("$orderby", orderby_);
    if (top_) add("$top", std::to_string(*top_));
    return out;
}

std::optional<std::chrono::sys_days> parse_date(std::string_view text) noexcept {
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    if (text.size() > 10 && text[10] != 'T') return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) ||
        !parse_int(text.substr(8, 2), d))
        return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                    std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days(ymd);
}

}  // namespace mlc::clients::sap
