// JSON, paging and date-filter helpers of the simulator.
#include "tests/simulators/shipstation/sim_json.hpp"

#include <algorithm>

namespace mlc::sim::shipstation {

std::string str_of(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_string()) return {};
    return std::string(it->value().get_string());
}

std::optional<std::int64_t> int_of(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end()) return std::nullopt;
    const auto& v = it->value();
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) return static_cast<std::int64_t>(v.get_uint64());
    if (v.is_double() && v.get_double() == static_cast<double>(static_cast<std::int64_t>(v.get_double()))) {
        return static_cast<std::int64_t>(v.get_double());
    }
    return std::nullopt;
}

const boost::json::object& object_body(const boost::json::value& body, const std::string& param) {
    if (!body.is_object()) {
        throw model_error(param, "Cannot deserialize the current JSON value into type '" + param +
                                     "' because the type requires a JSON object (e.g. {\"name\":\"value\"}) "
                                     "to deserialize correctly.");
    }
    return body.get_object();
}

std::string pacific(utc_time t, pacific_style style) {
    return format_pacific(t, style);
}

bool in_date_range(const query_params& q, std::string_view name, std::optional<utc_time> t,
                   bool exclusive_start) {
    for (bool start : {true, false}) {
        std::string param = std::string(name) + (start ? "Start" : "End");
        auto text = q.get(param);
        if (!text || text->empty()) continue;
        auto bound = parse_reading(*text);
        if (!bound) throw model_error(param, "The value '" + *text + "' is not valid for " + param + ".");
        if (!t) return false;
        // V1 records Pacific wall-clock time and compares readings, not instants: in the repeated autumn
        // hour a later instant can read earlier (the reason callers widen their ranges).
        auto reading = reading_of(*t);
        if (start && (exclusive_start ? reading <= *bound : reading < *bound)) return false;
        if (!start && reading > *bound) return false;
    }
    return true;
}

boost::json::object paged(boost::json::array items, const query_params& q, std::string_view key) {
    std::int64_t page = 1;
    std::int64_t size = 100;
    try {
        page = q.get_int("page").value_or(1);
        size = q.get_int("pageSize").value_or(100);
    } catch (const std::invalid_argument& e) {
        throw model_error("page", e.what());
    }
    if (page < 1) throw model_error("page", "page must be 1 or more.");
    if (size < 1) throw model_error("pageSize", "pageSize must be 1 or more.");
    size = std::min<std::int64_t>(size, 500);  // V1's documented maximum
    auto total = static_cast<std::int64_t>(items.size());
    boost::json::array slice;
    for (std::int64_t i = (page - 1) * size; i < std::min(total, page * size); ++i) {
        slice.push_back(std::move(items[static_cast<std::size_t>(i)]));
    }
    boost::json::object out;
    out[key] = std::move(slice);
    out["total"] = total;
    out["page"] = page;
    out["pages"] = (total + size - 1) / size;
    return out;
}

api_result not_found(std::string_view what) {
    return {404, boost::json::object{{"Message", std::string(what) + " not found."}}};
}

bool starts_with_ci(std::string_view text, std::string_view prefix) noexcept {
    if (prefix.size() > text.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(text[i]) != lower(prefix[i])) return false;
    }
    return true;
}

}  // namespace mlc::sim::shipstation
