// US Pacific time for the simulator, from the DST rules themselves.
#include "tests/simulators/shipstation/sim_time.hpp"

#include <cstdio>

namespace mlc::sim::shipstation {
namespace {

using namespace std::chrono;

// The n-th (1-based) Sunday of a month, or its last when n is 0.
sys_days sunday(int y, unsigned m, unsigned n) {
    if (n == 0) {
        sys_days last_day{year{y} / month{m} / last};
        return last_day - (weekday{last_day} - Sunday);
    }
    sys_days first_day{year{y} / month{m} / 1};
    return first_day + (Sunday - weekday{first_day}) + weeks(n - 1);
}

// When daylight saving time starts and ends in year `y`, in UTC (02:00 PST is 10:00 UTC; 02:00 PDT 09:00).
std::pair<sys_seconds, sys_seconds> dst_span(int y) {
    bool modern = y >= 2007;
    auto start = modern ? sunday(y, 3, 2) : sunday(y, 4, 1);
    auto end = modern ? sunday(y, 11, 1) : sunday(y, 10, 0);
    return {sys_seconds{start} + hours(10), sys_seconds{end} + hours(9)};
}

// Reads exactly `width` digits at `pos`, advancing it; -1 when they are not there.
int digits(std::string_view text, std::size_t& pos, std::size_t width) noexcept {
    if (pos + width > text.size()) return -1;
    int v = 0;
    for (std::size_t i = 0; i < width; ++i) {
        char c = text[pos + i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    pos += width;
    return v;
}

bool take(std::string_view text, std::size_t& pos, char c) noexcept {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

// hh:mm:ss[.f{1,7}] at `pos` up to the end of the text, as time since midnight; nullopt otherwise.
std::optional<nanoseconds> time_of_day(std::string_view text, std::size_t pos) noexcept {
    int h = digits(text, pos, 2);
    if (h < 0 || h > 23 || !take(text, pos, ':')) return std::nullopt;
    int m = digits(text, pos, 2);
    if (m < 0 || m > 59 || !take(text, pos, ':')) return std::nullopt;
    int s = digits(text, pos, 2);
    if (s < 0 || s > 59) return std::nullopt;
    nanoseconds out = hours(h) + minutes(m) + seconds(s);
    if (pos == text.size()) return out;
    if (!take(text, pos, '.') || pos == text.size() || text.size() - pos > 7) return std::nullopt;
    std::int64_t unit = 100'000'000;  // the first fractional digit counts tenths of a second
    for (; pos < text.size(); ++pos, unit /= 10) {
        if (text[pos] < '0' || text[pos] > '9') return std::nullopt;
        out += nanoseconds((text[pos] - '0') * unit);
    }
    return out;
}

}  // namespace

hours pacific_offset(utc_time t) noexcept {
    auto day = floor<days>(t);
    int y = static_cast<int>(year_month_day{day}.year());
    auto [start, end] = dst_span(y);
    return t >= start && t < end ? hours(-7) : hours(-8);
}

wall_reading reading_of(utc_time t) noexcept {
    return duration_cast<nanoseconds>(t.time_since_epoch()) + pacific_offset(t);
}

std::optional<wall_reading> parse_reading(std::string_view text) noexcept {
    std::size_t pos = 0;
    int y = digits(text, pos, 4);
    if (y < 0 || !take(text, pos, '-')) return std::nullopt;
    int mo = digits(text, pos, 2);
    if (mo < 0 || !take(text, pos, '-')) return std::nullopt;
    int d = digits(text, pos, 2);
    if (d < 0) return std::nullopt;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    nanoseconds midnight = sys_days{ymd}.time_since_epoch();
    if (pos == text.size()) return midnight;
    if (text[pos] != 'T' && text[pos] != ' ') return std::nullopt;
    auto tod = time_of_day(text, pos + 1);
    if (!tod) return std::nullopt;
    return midnight + *tod;
}

utc_time instant_of(wall_reading r) noexcept {
    // Daylight time first: where both offsets fit (the repeated hour) or neither does (the gap), it gives the
    // earlier instant.
    utc_time daylight{duration_cast<utc_time::duration>(r + hours(7))};
    if (pacific_offset(daylight) == hours(-7)) return daylight;
    utc_time standard{duration_cast<utc_time::duration>(r + hours(8))};
    if (pacific_offset(standard) == hours(-8)) return standard;
    return daylight;
}

std::optional<utc_time> parse_pacific(std::string_view text) noexcept {
    auto r = parse_reading(text);
    if (!r) return std::nullopt;
    return instant_of(*r);
}

std::string format_pacific(utc_time t, pacific_style style) {
    auto local = reading_of(t);
    auto day = floor<days>(local);
    year_month_day ymd{sys_days{day}};
    auto in_day = local - day;
    auto h = duration_cast<hours>(in_day);
    auto m = duration_cast<minutes>(in_day - h);
    auto s = duration_cast<seconds>(in_day - h - m);
    auto ns = (in_day - h - m - s).count();
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    if (style != pacific_style::date_only)
        n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), "T%02d:%02d:%02d",
                           static_cast<int>(h.count()), static_cast<int>(m.count()),
                           static_cast<int>(s.count()));
    if (style == pacific_style::fraction7)
        std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), ".%07lld",
                      static_cast<long long>(ns / 100));
    else if (style == pacific_style::fraction3)
        std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), ".%03lld",
                      static_cast<long long>(ns / 1'000'000));
    return buf;
}

}  // namespace mlc::sim::shipstation
