// The date-literal forms of $filter per version: v1's documented quoted forms, v2's one form.
#include "tests/simulators/sap_b1/date_literals.hpp"

#include <cctype>
#include <string>

namespace mlc::sim::sap {

namespace {

// `text` matches `pattern`, where 'd' is a digit and every other character stands for itself.
bool shaped(std::string_view text, std::string_view pattern) noexcept {
    if (text.size() != pattern.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (pattern[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(text[i])) : text[i] != pattern[i])
            return false;
    }
    return true;
}

// "'x'" -> "x"; nullopt when not single-quoted.
std::optional<std::string_view> unquote(std::string_view literal) noexcept {
    if (literal.size() < 2 || literal.front() != '\'' || literal.back() != '\'') return std::nullopt;
    return literal.substr(1, literal.size() - 2);
}

bool iso_date_time(std::string_view text) noexcept {
    if (shaped(text, "dddd-dd-dd")) return true;
    if (!shaped(text.substr(0, 19), "dddd-dd-ddTdd:dd:dd")) return false;
    std::string_view rest = text.substr(19);
    if (rest.starts_with('.')) {
        std::size_t digits = 1;
        while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
        if (digits == 1) return false;
        rest.remove_prefix(digits);
    }
    return rest == "Z" || shaped(rest, "+dd:dd") || shaped(rest, "-dd:dd");
}

bool v1_form(std::string_view literal) noexcept {
    if (literal.starts_with("datetime'")) literal.remove_prefix(8);
    auto inner = unquote(literal);
    if (!inner) return false;
    return shaped(*inner, "dddd-dd-dd") || shaped(*inner, "dddddddd") ||
           shaped(*inner, "dddd-dd-ddTdd:dd:dd") || shaped(*inner, "dddddddddddddd");
}

}  // namespace

bool accepted_date_literal(std::string_view literal, api_version version, bool v2_iso) noexcept {
    if (version == api_version::v1) return v1_form(literal);
    if (v2_iso) return iso_date_time(literal);
    auto inner = unquote(literal);
    return inner && shaped(*inner, "dddd-dd-dd");
}

std::optional<sl_error> refused_date_literal(const odata_filter& filter, api_version version, bool v2_iso) {
    for (const auto& [property, literal] : filter.compared_literals()) {
        if (!property.ends_with("Date") || accepted_date_literal(literal, version, v2_iso)) continue;
        return business_error(
            -1000, "Invalid value " + literal + " for the date property '" + property + "' in $filter");
    }
    return std::nullopt;
}

}  // namespace mlc::sim::sap
