// A compact JSON writer with decimal (not exponent) notation for doubles.
#include "tests/simulators/sap_b1/json_text.hpp"

#include <boost/json/serialize.hpp>

#include <array>
#include <charconv>
#include <cmath>

namespace mlc::sim::sap {

namespace {

void write_double(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    std::array<char, 64> buf{};
    auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d, std::chars_format::fixed);
    std::string_view text(buf.data(), static_cast<std::size_t>(ptr - buf.data()));
    out += text;
    if (text.find('.') == std::string_view::npos) out += ".0";
}

void write(std::string& out, const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::null:
            out += "null";
            return;
        case boost::json::kind::bool_:
            out += v.get_bool() ? "true" : "false";
            return;
        case boost::json::kind::int64:
            out += std::to_string(v.get_int64());
            return;
        case boost::json::kind::uint64:
            out += std::to_string(v.get_uint64());
            return;
        case boost::json::kind::double_:
            write_double(out, v.get_double());
            return;
        case boost::json::kind::string:
            out += boost::json::serialize(v.get_string());
            return;
        case boost::json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& e : v.get_array()) {
                if (!first) out += ',';
                first = false;
                write(out, e);
            }
            out += ']';
            return;
        }
        case boost::json::kind::object: {
            out += '{';
            bool first = true;
            for (const auto& [key, value] : v.get_object()) {
                if (!first) out += ',';
                first = false;
                out += boost::json::serialize(boost::json::string_view(key));
                out += ':';
                write(out, value);
            }
            out += '}';
            return;
        }
    }
}

}  // namespace

std::string to_json_text(const boost::json::value& v) {
    std::string out;
    write(out, v);
    return out;
}

}  // namespace mlc::sim::sap
