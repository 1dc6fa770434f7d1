// Small text helpers for the reasons and values the flows write.
#include "flows/reason_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace mlc::flows {

std::string number_text(double d) {
    // Integral values read like integers ("1", not "1E0"), so a flag stored as 1.0 still matches "1".
    if (std::trunc(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<std::int64_t>(d));
    std::array<char, 32> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), d);
    if (ec != std::errc()) return {};
    return std::string(buf.data(), end);
}

std::string joined(const std::set<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) out += ", ";
        out += v;
    }
    return out;
}

}  // namespace mlc::flows
