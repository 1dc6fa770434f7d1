// The query string of a simulator request: decoded, looked up case-insensitively (as ASP.NET binds it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::sim::shipstation {

class query_params {
public:
    // Splits `raw` (without '?') at '&' and '=' and percent-decodes ('+' is a space). Malformed escapes are
    // kept as they are. Throws std::bad_alloc only.
    explicit query_params(std::string_view raw);

    // The first value of `name` (case-insensitive); nullopt when absent. Never throws except bad_alloc.
    std::optional<std::string> get(std::string_view name) const;

    // The value as a whole number; nullopt when absent; std::invalid_argument naming the parameter when it
    // is present but not a number.
    std::optional<std::int64_t> get_int(std::string_view name) const;

    // "true"/"false" in any case; absent or other text: `fallback`. Never throws.
    bool get_bool(std::string_view name, bool fallback) const;

private:
    std::vector<std::pair<std::string, std::string>> items_;
};

}  // namespace mlc::sim::shipstation
