// Cron expressions for the poll schedule: the parser and the next-run search in a time zone (date/tz).
#include "common/cron_schedule.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace mlc {
namespace {

using std::chrono::sys_seconds;

// What one of the five fields accepts.
struct field_spec {
    std::string_view name;
    int low;
    int high;       // the highest value '*' covers
    int text_high;  // the highest value the text may name (7 for Sunday in day-of-week)
    std::span<const std::string_view> names;  // value low + i is called names[i]; empty if none
    std::string_view name_kind;               // "month" or "day", for messages
};

constexpr std::array<std::string_view, 12> month_names{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> day_names{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr std::array<field_spec, 5> fields{{
    {"minute", 0, 59, 59, {}, ""},
    {"hour", 0, 23, 23, {}, ""},
    {"day-of-month", 1, 31, 31, {}, ""},
    {"month", 1, 12, 12, month_names, "month"},
    {"day-of-week", 0, 6, 7, day_names, "day"},
}};

constexpr std::string_view field_order = "minute hour day-of-month month day-of-week";

// Leap years skip at most one in a century (2100), so five years find every schedule that can run, except
// Feb 29 across such a year; the bound keeps an impossible schedule ("0 0 30 2 *") from searching forever.
constexpr date::days search_horizon{5 * 366};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// The value of a number or name at `pos` (advanced past it), or a reason. A number too long for an int
// is reported as out of range like any other.
boost::system::result<int, std::string> read_value(std::string_view item, std::size_t& pos,
                                                   const field_spec& spec) {
    std::size_t start = pos;
    if (pos < item.size() && is_digit(item[pos])) {
        int value = 0;
        while (pos < item.size() && is_digit(item[pos])) {
            // Saturate: anything this large is out of range already, and must not overflow.
            value = value > 9999 ? value : value * 10 + (item[pos] - '0');
            ++pos;
        }
        if (value < spec.low || value > spec.text_high) {
            return std::string(item.substr(start, pos - start)) + " is outside " + std::to_string(spec.low) +
                   "-" + std::to_string(spec.text_high);
        }
        return value;
    }
    if (pos < item.size() && is_letter(item[pos])) {
        while (pos < item.size() && is_letter(item[pos])) ++pos;
        std::string_view word = item.substr(start, pos - start);
        if (spec.names.empty()) return "'" + std::string(word) + "' is not a number";
        std::string name;
        for (char c : word) name += upper(c);
        for (std::size_t i = 0; i < spec.names.size(); ++i) {
            if (spec.names[i] == name) return spec.low + static_cast<int>(i);
        }
        return "unknown " + std::string(spec.name_kind) + " name '" + std::string(word) + "'";
    }
    if (pos == item.size()) return std::string("a number is missing");
    return "unexpected '" + std::string(1, item[pos]) + "'";
}

// The step after a '/' at `pos` (advanced past it): 1 up to the number of values '*' covers.
boost::system::result<int, std::string> read_step(std::string_view item, std::size_t& pos,
                                                  const field_spec& spec) {
    int most = spec.high - spec.low + 1;
    std::size_t start = pos;
    int step = 0;
    while (pos < item.size() && is_digit(item[pos])) {
        step = step > 9999 ? step : step * 10 + (item[pos] - '0');
        ++pos;
    }
    if (pos == start) return std::string("a step needs a number after '/', e.g. */5");
    if (step < 1 || step > most) {
        return "step " + std::string(item.substr(start, pos - start)) + " is outside 1-" +
               std::to_string(most);
    }
    return step;
}

// The bits (bit i = value i) of one comma-separated item: '*', a, a-b, */n or a-b/n.
boost::system::result<std::uint64_t, std::string> parse_item(std::string_view item, const field_spec& spec) {
    if (item.empty()) return std::string("an item of the list is empty");
    std::size_t pos = 0;
    int first = spec.low;
    int last = spec.high;
    bool step_allowed = true;  // after '*' or a range, not after a single value
    if (item[0] == '*') {
        pos = 1;
    } else {
        auto a = read_value(item, pos, spec);
        if (!a) return a.error();
        first = last = *a;
        step_allowed = pos < item.size() && item[pos] == '-';
        if (step_allowed) {
            ++pos;
            auto b = read_value(item, pos, spec);
            if (!b) return b.error();
            last = *b;
            if (last < first) {
                return "range " + std::string(item.substr(0, pos)) + " goes backwards (smaller value first)";
            }
        }
    }
    int step = 1;
    if (pos < item.size() && item[pos] == '/') {
        // Vixie cron reads "5/10" as an error, others as 5-max/10: refuse rather than guess.
        if (!step_allowed) return std::string("a step needs '*' or a range before it, e.g. */5 or 10-50/5");
        ++pos;
        auto n = read_step(item, pos, spec);
        if (!n) return n.error();
        step = *n;
    }
    if (pos != item.size()) return "unexpected '" + std::string(1, item[pos]) + "'";

    std::uint64_t bits = 0;
    for (int v = first; v <= last; v += step) bits |= std::uint64_t{1} << v;
    return bits;
}

// The bits of a whole field (a comma-separated list), or a message naming the field.
boost::system::result<std::uint64_t, std::string> parse_field(std::string_view text, const field_spec& spec) {
    std::uint64_t bits = 0;
    std::size_t start = 0;
    while (true) {
        std::size_t comma = text.find(',', start);
        std::string_view item = text.substr(start, comma == std::string_view::npos ? comma : comma - start);
        auto item_bits = parse_item(item, spec);
        if (!item_bits) {
            return std::string(spec.name) + " field \"" + std::string(text) + "\": " + item_bits.error();
        }
        bits |= *item_bits;
        if (comma == std::string_view::npos) return bits;
        start = comma + 1;
    }
}

// The fields of `text`, split at runs of spaces and tabs.
std::vector<std::string_view> split_fields(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    while (true) {
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
        if (pos == text.size()) return parts;
        std::size_t end = pos;
        while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
        parts.push_back(text.substr(pos, end - pos));
        pos = end;
    }
}

// Whether the schedule runs at all on local date `day`.
bool day_matches(const cron_schedule& s, date::local_days day) {
    date::year_month_day ymd{day};
    if (!s.months[static_cast<unsigned>(ymd.month())]) return false;
    bool dom = s.days_of_month[static_cast<unsigned>(ymd.day())];
    bool dow = s.days_of_week[date::weekday{day}.c_encoding()];
    // A '*' field has every bit on, so "both must match" then means "the other one decides" (Vixie cron).
    if (s.any_day_of_month || s.any_day_of_week) return dom && dow;
    return dom || dow;
}

// The instant a local time first happens in `zone`; nullopt if it never does (spring-forward gap).
std::optional<sys_seconds> first_occurrence(const date::time_zone& zone, date::local_seconds local) {
    date::local_info info = zone.get_info(local);
    if (info.result == date::local_info::nonexistent) return std::nullopt;
    // For an ambiguous time `first` is the period before the change, whose (larger) offset gives the
    // earlier of the two instants.
    return sys_seconds{local.time_since_epoch() - info.first.offset};
}

}  // namespace

boost::system::result<cron_schedule, std::string> parse_cron(std::string_view text) {
    auto parts = split_fields(text);
    if (parts.size() != fields.size()) {
        return "expected 5 fields (" + std::string(field_order) + "), found " + std::to_string(parts.size()) +
               " in \"" + std::string(text) + "\"";
    }
    std::array<std::uint64_t, 5> bits{};
    for (std::size_t i = 0; i < fields.size(); ++i) {
        auto field_bits = parse_field(parts[i], fields[i]);
        if (!field_bits) return field_bits.error();
        bits[i] = *field_bits;
    }
    // Day 7 is another name for Sunday.
    if (bits[4] & (std::uint64_t{1} << 7)) bits[4] = (bits[4] & ~(std::uint64_t{1} << 7)) | 1;

    cron_schedule s;
    s.minutes = std::bitset<60>(bits[0]);
    s.hours = std::bitset<24>(bits[1]);
    s.days_of_month = std::bitset<32>(bits[2]);
    s.months = std::bitset<13>(bits[3]);
    s.days_of_week = std::bitset<7>(bits[4]);
    s.any_day_of_month = parts[2] == "*";
    s.any_day_of_week = parts[4] == "*";
    s.text = std::string(text);
    return s;
}

std::optional<sys_seconds> next_run_after(const cron_schedule& s, sys_seconds after,
                                          const date::time_zone& zone) {
    using std::chrono::hours;
    using std::chrono::minutes;
    const sys_seconds earliest = std::chrono::floor<minutes>(after) + minutes(1);
    const date::local_days first_day = date::floor<date::days>(zone.to_local(earliest));
    for (date::local_days day = first_day; day < first_day + search_horizon; day += date::days(1)) {
        if (!day_matches(s, day)) continue;
        // In local order, first occurrences are in time order too: the first one not before `earliest`
        // is the answer. Comparing instants, not local times, handles a start inside the repeated hour.
        for (int h = 0; h < 24; ++h) {
            if (!s.hours[static_cast<std::size_t>(h)]) continue;
            for (int m = 0; m < 60; ++m) {
                if (!s.minutes[static_cast<std::size_t>(m)]) continue;
                auto run = first_occurrence(zone, date::local_seconds{day} + hours(h) + minutes(m));
                if (run && *run >= earliest) return run;
            }
        }
    }
    return std::nullopt;
}

boost::system::result<const date::time_zone*, std::string> find_time_zone(std::string_view name) {
    try {
        return date::locate_zone(name);
    } catch (const std::runtime_error&) {
        // date/tz reports an unknown name (and an unreadable tz database) only this way.
        return "unknown time zone '" + std::string(name) + "'";
    }
}

}  // namespace mlc
