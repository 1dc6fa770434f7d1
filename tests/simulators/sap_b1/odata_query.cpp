// Parsing of the OData query options and the filter-sort-window-page pipeline over a collection.
#include "tests/simulators/sap_b1/odata_query.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace mlc::sim::sap {

namespace {

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (;;) {
        auto pos = s.find(sep);
        out.push_back(s.substr(0, pos));
        if (pos == std::string_view::npos) return out;
        s.remove_prefix(pos + 1);
    }
}

std::size_t parse_count(std::string_view name, std::string_view text) {
    std::size_t n = 0;
    text = trim(text);
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty())
        throw odata_syntax_error("Invalid value '" + std::string(text) + "' for " + std::string(name));
    return n;
}

// Sorts null first, then numbers, then strings; other kinds compare equal.
int compare_values(const boost::json::value* a, const boost::json::value* b) {
    bool a_null = !a || a->is_null(), b_null = !b || b->is_null();
    if (a_null || b_null) return a_null == b_null ? 0 : (a_null ? -1 : 1);
    if (a->is_number() && b->is_number()) {
        double x = a->to_number<double>(), y = b->to_number<double>();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a->is_string() && b->is_string()) {
        int c = a->get_string().compare(b->get_string());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return 0;
}

}  // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
            throw odata_syntax_error("Malformed percent-encoding in the request URL");
        int v = 0;
        std::from_chars(text.data() + i + 1, text.data() + i + 3, v, 16);
        out += static_cast<char>(v);
        i += 2;
    }
    return out;
}

query_options parse_query(std::string_view raw_query) {
    query_options q;
    if (raw_query.empty()) return q;
    for (std::string_view part : split(raw_query, '&')) {
        if (part.empty()) continue;
        auto eq = part.find('=');
        std::string name = percent_decode(part.substr(0, eq));
        std::string raw_value(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1));
        std::string value = percent_decode(raw_value);
        if (name == "$filter") {
            q.filter = odata_filter::parse(value);
        } else if (name == "$select") {
            for (auto p : split(value, ',')) {
                if (trim(p).empty()) throw odata_syntax_error("Empty property name in $select");
                q.select.emplace_back(trim(p));
            }
        } else if (name == "$orderby") {
            for (auto p : split(value, ',')) {
                auto item = trim(p);
                order_key k;
                auto space = item.find(' ');
                k.property = std::string(item.substr(0, space));
                if (space != std::string_view::npos) {
                    auto dir = trim(item.substr(space + 1));
                    if (dir == "desc")
                        k.descending = true;
                    else if (dir != "asc")
                        throw odata_syntax_error("Invalid $orderby direction '" + std::string(dir) + "'");
                }
                if (k.property.empty()) throw odata_syntax_error("Empty property name in $orderby");
                q.orderby.push_back(std::move(k));
            }
        } else if (name == "$top") {
            q.top = parse_count(name, value);
        } else if (name == "$skip") {
            q.skip = parse_count(name, value);
        } else if (name == "$inlinecount") {
            if (value != "allpages" && value != "none")
                throw odata_syntax_error("Invalid value for $inlinecount");
            q.inline_count = value == "allpages";
        } else if (name == "$count") {
            if (value != "true" && value != "false") throw odata_syntax_error("Invalid value for $count");
            q.inline_count = value == "true";
        }
        q.raw.emplace_back(std::move(name), std::string(part));
    }
    return q;
}

std::set<std::string> referenced_properties(const query_options& q) {
    std::set<std::string> out;
    if (q.filter) out = q.filter->properties();
    for (const auto& s : q.select)
        if (s != "*") out.insert(s);
    for (const auto& k : q.orderby) out.insert(k.property);
    return out;
}

std::optional<std::size_t> preferred_page_size(std::string_view prefer) noexcept {
    constexpr std::string_view key = "odata.maxpagesize=";
    for (auto item : split(prefer, ',')) {
        item = trim(item);
        if (!item.starts_with(key)) continue;
        item.remove_prefix(key.size());
        std::size_t n = 0;
        auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
        if (ec == std::errc() && ptr == item.data() + item.size() && !item.empty()) return n;
        return std::nullopt;
    }
    return std::nullopt;
}

boost::json::object select_properties(const boost::json::object& entity,
                                      const std::vector<std::string>& select) {
    if (select.empty() || std::find(select.begin(), select.end(), "*") != select.end()) return entity;
    boost::json::object out;
    for (const auto& name : select)
        if (const auto* v = entity.if_contains(name)) out[name] = *v;
    return out;
}

query_result run_query(const std::vector<boost::json::object>& rows, const query_options& q,
                       std::size_t page_size, const filter_options& options) {
    std::vector<const boost::json::object*> hits;
    for (const auto& row : rows)
        if (!q.filter || q.filter->matches(row, options)) hits.push_back(&row);
    if (!q.orderby.empty()) {
        std::stable_sort(hits.begin(), hits.end(), [&](const auto* a, const auto* b) {
            for (const auto& k : q.orderby) {
                int c = compare_values(a->if_contains(k.property), b->if_contains(k.property));
                if (c != 0) return k.descending ? c > 0 : c < 0;
            }
            return false;
        });
    }
    query_result result;
    result.count = hits.size();
    // $skip first, then $top: the window; then one page of it.
    std::size_t begin = std::min(q.skip, hits.size());
    std::size_t end = q.top ? std::min(hits.size(), begin + *q.top) : hits.size();
    std::size_t page_end = page_size == 0 ? end : std::min(end, begin + page_size);
    for (std::size_t i = begin; i < page_end; ++i)
        result.value.push_back(select_properties(*hits[i], q.select));
    if (page_end < end) {
        std::string next;
        for (const auto& [name, text] : q.raw) {
            if (name == "$skip" || name == "$top") continue;
            next += text + "&";
        }
        if (q.top) next += "$top=" + std::to_string(*q.top - (page_end - begin)) + "&";
        next += "$skip=" + std::to_string(page_end);
        result.next_query = std::move(next);
    }
    return result;
}

std::string next_link(api_version version, std::string_view entity_set, std::string_view next_query) {
    std::string link = version == api_version::v1 ? "/b1s/v1/" : "";
    link += entity_set;
    link += '?';
    link += next_query;
    return link;
}

}  // namespace mlc::sim::sap
