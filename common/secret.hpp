// A string that must never be printed: passwords, API secrets, tokens.
#pragma once

#include <ostream>
#include <string>

namespace mlc {

// Holds a secret value. Streaming or formatting it prints a redaction marker, so a secret that slips into a
// log statement is still not leaked; reveal() is the one deliberate way to read it.
class secret {
public:
    secret() = default;
    explicit secret(std::string value) : value_(std::move(value)) {}

    const std::string& reveal() const noexcept { return value_; }
    bool empty() const noexcept { return value_.empty(); }

    // What every printout shows instead of the value.
    static constexpr const char* redacted = "<redacted>";

    friend std::ostream& operator<<(std::ostream& os, const secret& s) {
        return os << (s.empty() ? "" : redacted);
    }
    friend bool operator==(const secret&, const secret&) = default;

private:
    std::string value_;
};

}  // namespace mlc
