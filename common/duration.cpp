// Durations as people write them in configuration: parsing and the shortest exact formatting.
#include "common/duration.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>

namespace mlc {

namespace {

struct duration_unit {
    std::string_view suffix;
    std::int64_t millis;
};

// Largest first: parse_duration requires this order and format_duration relies on it.
constexpr std::array<duration_unit, 5> units{
    {{"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};

constexpr std::string_view unit_hint = "use whole numbers with ms, s, m, h or d, e.g. 500ms, 30s, 1m30s, 7d";

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

boost::system::result<std::chrono::milliseconds, std::string> parse_duration(std::string_view text) {
    if (text.empty()) return std::string("empty duration: ") + std::string(unit_hint);
    if (text.front() == '-') return std::string("a duration cannot be negative");

    constexpr std::int64_t max_total = std::numeric_limits<std::chrono::milliseconds::rep>::max();
    std::int64_t total = 0;
    std::size_t next_unit = 0;  // index into `units` of the smallest unit still allowed
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t number_end = pos;
        while (number_end < text.size() && is_digit(text[number_end])) ++number_end;
        if (number_end == pos) return std::string("not a duration: ") + std::string(unit_hint);
        std::size_t unit_end = number_end;
        while (unit_end < text.size() && is_letter(text[unit_end])) ++unit_end;

        std::string_view number = text.substr(pos, number_end - pos);
        std::string_view suffix = text.substr(number_end, unit_end - number_end);
        if (number_end < text.size() && text[number_end] == '.') {
            return std::string("fractions are not accepted: ") + std::string(unit_hint);
        }
        if (suffix.empty()) {
            if (number_end == text.size()) {
                return "missing unit after " + std::string(number) + ": " + std::string(unit_hint);
            }
            return std::string("not a duration: ") + std::string(unit_hint);
        }

        std::size_t unit_index = 0;
        while (unit_index < units.size() && units[unit_index].suffix != suffix) ++unit_index;
        if (unit_index == units.size()) {
            return "unknown unit \"" + std::string(suffix) + "\": " + std::string(unit_hint);
        }
        if (unit_index < next_unit) {
            return std::string("units must go from largest to smallest, each at most once, e.g. 1h30m");
        }
        next_unit = unit_index + 1;

        std::int64_t count = 0;
        auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), count);
        std::int64_t millis = units[unit_index].millis;
        if (ec != std::errc{} || count > (max_total - total) / millis) {
            return std::string("duration too large");
        }
        total += count * millis;
        pos = unit_end;
    }
    return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds d) {
    std::int64_t count = d.count();
    // Unsigned, so that the most negative value still has a magnitude.
    std::uint64_t rest =
        count < 0 ? 0 - static_cast<std::uint64_t>(count) : static_cast<std::uint64_t>(count);
    std::string text = count < 0 ? "-" : "";
    if (rest == 0) return "0s";
    for (const auto& unit : units) {
        auto unit_millis = static_cast<std::uint64_t>(unit.millis);
        if (rest >= unit_millis) {
            text += std::to_string(rest / unit_millis);
            text += unit.suffix;
            rest %= unit_millis;
        }
    }
    return text;
}

}  // namespace mlc
