// Structured logging: formatting of JSON and text lines.
#include "common/logger.hpp"

#include "common/clock.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <ostream>
#include <string>

namespace mlc {

namespace {

bool is_control(unsigned char c) noexcept {
    return c < 0x20 || c == 0x7f;
}

// A text-format value is bare when it cannot be misread (no space, quote, '=', backslash or control
// character); otherwise it is quoted and escaped, so a value can never start a line or a field of its own.
std::string quoted_text(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (ch == '\n') {
            out += "\\n";
        } else if (ch == '\r') {
            out += "\\r";
        } else if (ch == '\t') {
            out += "\\t";
        } else if (is_control(c)) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += ch;
        }
    }
    out += '"';
    return out;
}

std::string text_value(const boost::json::value& v) {
    if (!v.is_string()) return boost::json::serialize(v);
    std::string_view s = v.get_string();
    bool plain =
        !s.empty() && s.find_first_of(" \"=\\") == std::string_view::npos &&
        std::none_of(s.begin(), s.end(), [](char c) { return is_control(static_cast<unsigned char>(c)); });
    return plain ? std::string(s) : quoted_text(s);
}

}  // namespace

std::string_view to_string(log_level level) noexcept {
    switch (level) {
        case log_level::debug:
            return "debug";
        case log_level::info:
            return "info";
        case log_level::warn:
            return "warn";
        case log_level::error:
            return "error";
    }
    return "info";
}

logger::logger(log_config config, std::ostream& out) : config_(config), out_(out) {}

void logger::log(log_level level, std::string_view event, std::initializer_list<log_field> fields) const {
    if (!enabled(level)) return;
    try {
        std::string line;
        std::string ts = format_utc_iso8601(std::chrono::system_clock::now());
        if (config_.format == log_format::json) {
            boost::json::object o;
            o["ts"] = ts;
            o["level"] = to_string(level);
            o["event"] = event;
            for (const auto& f : fields) o[f.key] = f.value;
            line = boost::json::serialize(o);
        } else {
            line = ts;
            line += ' ';
            line += to_string(level);
            line += ' ';
            line += event;
            for (const auto& f : fields) {
                line += ' ';
                line += f.key;
                line += '=';
                line += text_value(f.value);
            }
        }
        line += '\n';
        std::lock_guard lock(mutex_);
        out_.write(line.data(), static_cast<std::streamsize>(line.size()));
        out_.flush();
    } catch (...) {
        // Logging must never take the service down; a lost line is the lesser evil.
    }
}

}  // namespace mlc
