// Date/time normalization and the per-version wire formats of Service Layer values.
#include "tests/simulators/sap_b1/sap_values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace mlc::sim::sap {

namespace {

constexpr std::array<std::string_view, 17> date_fields{
    "DocDate",       "DocDueDate", "TaxDate",  "CreationDate",       "UpdateDate",     "CreateDate",
    "ClosingDate",   "CancelDate", "ShipDate", "ActualDeliveryDate", "ExpirationDate", "ManufacturingDate",
    "AdmissionDate", "ValidFrom",  "ValidTo",  "FrozenFrom",         "FrozenTo"};

constexpr std::array<std::string_view, 4> time_fields{"DocTime", "UpdateTime", "CreateTime", "CreationTime"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> enum_values{{
    {"tYES", "Y"},
    {"tNO", "N"},
    {"bost_Open", "O"},
    {"bost_Close", "C"},
    {"cCustomer", "C"},
    {"cSupplier", "S"},
    {"cLid", "L"},
    {"bo_ShipTo", "S"},
    {"bo_BillTo", "B"},
}};

bool digits(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_date(std::string_view y, std::string_view m, std::string_view d) noexcept {
    if (!digits(y) || !digits(m) || !digits(d)) return false;
    int month = (m[0] - '0') * 10 + (m[1] - '0');
    int day = (d[0] - '0') * 10 + (d[1] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool valid_time(std::string_view h, std::string_view m, std::string_view s) noexcept {
    if (!digits(h) || !digits(m) || !digits(s)) return false;
    return (h[0] - '0') * 10 + (h[1] - '0') < 24 && (m[0] - '0') * 10 + (m[1] - '0') < 60 &&
           (s[0] - '0') * 10 + (s[1] - '0') < 60;
}

void rewrite_dates(boost::json::value& v, bool to_v2) {
    if (auto* arr = v.if_array()) {
        for (auto& e : *arr) rewrite_dates(e, to_v2);
        return;
    }
    auto* obj = v.if_object();
    if (!obj) return;
    for (auto& [key, value] : *obj) {
        if (value.is_string() && kind_of(key) == field_kind::date) {
            std::string_view text = value.get_string();
            auto date = normalize_date(text);
            if (!date) continue;
            value = to_v2 ? *date + "T00:00:00Z" : *date;
        } else if (value.is_structured()) {
            rewrite_dates(value, to_v2);
        }
    }
}

}  // namespace

std::string_view to_string(api_version v) noexcept {
    return v == api_version::v1 ? "v1" : "v2";
}

field_kind kind_of(std::string_view field) noexcept {
    if (std::find(date_fields.begin(), date_fields.end(), field) != date_fields.end())
        return field_kind::date;
    if (std::find(time_fields.begin(), time_fields.end(), field) != time_fields.end())
        return field_kind::time;
    return field_kind::other;
}

std::optional<std::string> normalize_date(std::string_view t) {
    if (t.size() >= 10 && t[4] == '-' && t[7] == '-') {
        if (!valid_date(t.substr(0, 4), t.substr(5, 2), t.substr(8, 2))) return std::nullopt;
        if (t.size() > 10 && t[10] != 'T' && t[10] != ' ') return std::nullopt;
        return std::string(t.substr(0, 10));
    }
    if ((t.size() == 8 || t.size() == 14) && digits(t) &&
        valid_date(t.substr(0, 4), t.substr(4, 2), t.substr(6, 2)))
        return std::string(t.substr(0, 4)) + "-" + std::string(t.substr(4, 2)) + "-" +
               std::string(t.substr(6, 2));
    return std::nullopt;
}

std::optional<std::string> normalize_time(std::string_view t) {
    if (auto pos = t.find('T'); pos != std::string_view::npos) t = t.substr(pos + 1);
    if (!t.empty() && (t.back() == 'Z')) t.remove_suffix(1);
    if (auto dot = t.find('.'); dot != std::string_view::npos) t = t.substr(0, dot);
    std::string_view h, m, s = "00";
    if (t.size() >= 5 && t[2] == ':') {
        h = t.substr(0, 2);
        m = t.substr(3, 2);
        if (t.size() == 8 && t[5] == ':')
            s = t.substr(6, 2);
        else if (t.size() != 5)
            return std::nullopt;
    } else if ((t.size() == 4 || t.size() == 6) && digits(t)) {
        h = t.substr(0, 2);
        m = t.substr(2, 2);
        if (t.size() == 6) s = t.substr(4, 2);
    } else {
        return std::nullopt;
    }
    if (!valid_time(h, m, s)) return std::nullopt;
    return std::string(h) + ":" + std::string(m) + ":" + std::string(s);
}

void to_wire(boost::json::value& v, api_version version) {
    if (version == api_version::v2) rewrite_dates(v, true);
}

void from_wire(boost::json::value& v) {
    rewrite_dates(v, false);
}

std::optional<std::string_view> enum_db_value(std::string_view name) noexcept {
    for (const auto& [value_name, db] : enum_values)
        if (value_name == name) return db;
    return std::nullopt;
}

}  // namespace mlc::sim::sap
