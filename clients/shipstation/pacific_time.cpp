// Pacific-time parsing and formatting through the OS tz database (Howard Hinnant's date/tz).
#include "clients/shipstation/pacific_time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cstdint>

namespace mlc::clients::shipstation {
namespace {

using std::chrono::nanoseconds;
using std::chrono::seconds;
using local_ns = date::local_time<nanoseconds>;

const date::time_zone& pacific_zone() {
    // locate_zone throws std::runtime_error when the zone is missing; the pointer lives as long as the db.
    static const date::time_zone* const zone = date::locate_zone("America/Los_Angeles");
    return *zone;
}

// Reads exactly `width` decimal digits at `pos`; advances it. Returns -1 on a non-digit or short text.
int digits(std::string_view text, std::size_t& pos, std::size_t width) {
    if (pos + width > text.size()) return -1;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        char c = text[pos + i];
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
    }
    pos += width;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

// The Pacific local time the text names, or nullopt if it is not a V1 timestamp form.
std::optional<local_ns> parse_local(std::string_view text) {
    std::size_t pos = 0;
    int y = digits(text, pos, 4);
    if (y < 0 || !expect(text, pos, '-')) return std::nullopt;
    int mo = digits(text, pos, 2);
    if (mo < 0 || !expect(text, pos, '-')) return std::nullopt;
    int d = digits(text, pos, 2);
    if (d < 0) return std::nullopt;
    date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                             date::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    local_ns result{date::local_days{ymd}};
    if (pos == text.size()) return result;

    if (text[pos] != 'T' && text[pos] != ' ') return std::nullopt;
    ++pos;
    int h = digits(text, pos, 2);
    if (h < 0 || !expect(text, pos, ':')) return std::nullopt;
    int mi = digits(text, pos, 2);
    if (mi < 0 || !expect(text, pos, ':')) return std::nullopt;
    int s = digits(text, pos, 2);
    if (s < 0 || h > 23 || mi > 59 || s > 59) return std::nullopt;
    result += std::chrono::hours(h) + std::chrono::minutes(mi) + seconds(s);
    if (pos == text.size()) return result;

    if (!expect(text, pos, '.')) return std::nullopt;
    std::size_t fraction_digits = text.size() - pos;
    if (fraction_digits == 0 || fraction_digits > 7) return std::nullopt;
    int fraction = digits(text, pos, fraction_digits);
    if (fraction < 0) return std::nullopt;
    std::int64_t ns = fraction;
    for (std::size_t i = fraction_digits; i < 9; ++i) ns *= 10;
    return result + nanoseconds(ns);
}

// Both readings of a local time (equal when it is unique): the earlier and the later UTC instant.
std::pair<utc_time, utc_time> candidates(local_ns local) {
    auto info = pacific_zone().get_info(date::floor<seconds>(local));
    auto reading = [&](const date::sys_info& i) {
        return utc_time{std::chrono::duration_cast<utc_time::duration>(local.time_since_epoch() - i.offset)};
    };
    if (info.result == date::local_info::unique) return {reading(info.first), reading(info.first)};
    auto a = reading(info.first);
    auto b = reading(info.second);
    return {std::min(a, b), std::max(a, b)};
}

local_ns to_local(utc_time utc) {
    return pacific_zone().to_local(date::sys_time<nanoseconds>{utc.time_since_epoch()});
}

}  // namespace

std::optional<utc_time> parse_pacific(std::string_view text, range_edge edge) {
    auto local = parse_local(text);
    if (!local) return std::nullopt;
    auto [earlier, later] = candidates(*local);
    return edge == range_edge::start ? earlier : later;
}

std::string format_pacific(utc_time utc, pacific_style style) {
    auto local = to_local(utc);
    switch (style) {
        case pacific_style::fraction7: {
            auto ticks = date::floor<std::chrono::duration<std::int64_t, std::ratio<1, 10'000'000>>>(local);
            return date::format("%FT%T", ticks);
        }
        case pacific_style::fraction3:
            return date::format("%FT%T", date::floor<std::chrono::milliseconds>(local));
        case pacific_style::seconds:
            return date::format("%FT%T", date::floor<seconds>(local));
        case pacific_style::date_only:
            return date::format("%F", date::floor<date::days>(local));
    }
    return date::format("%FT%T", date::floor<seconds>(local));
}

std::string format_pacific_filter(utc_time utc, range_edge edge) {
    auto rounded = edge == range_edge::start ? date::floor<seconds>(utc) : date::ceil<seconds>(utc);
    utc_time target{std::chrono::duration_cast<utc_time::duration>(rounded.time_since_epoch())};
    auto [earlier, later] = candidates(to_local(target));
    // The server may read an ambiguous local time as either instant: keep both on the safe side of `utc`.
    if (edge == range_edge::start && later > target) target -= std::chrono::hours(1);
    if (edge == range_edge::end && earlier < target) target += std::chrono::hours(1);
    return date::format("%F %T", date::floor<seconds>(to_local(target)));
}

pacific_reading pacific_wall_clock(utc_time utc) {
    return to_local(utc).time_since_epoch();
}

std::optional<pacific_reading> pacific_wall_clock(std::string_view text) {
    auto local = parse_local(text);
    if (!local) return std::nullopt;
    return local->time_since_epoch();
}

}  // namespace mlc::clients::shipstation
