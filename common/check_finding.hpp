// One finding of `ml-connector check`: what was looked at, its state, what was seen, and what to do about it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mlc {

enum class check_state {
    ok,    // works as configured
    warn,  // works, with something the operator should know or change (a fallback in use, a slower path)
    fail,  // will not work: the connector would dead-letter or refuse to start
    skip,  // not configured, not needed: nothing was looked at
};

struct check_finding {
    std::string name;  // the line's subject, short and stable for scripts: "sap fields", "shipstation store"
    check_state state = check_state::fail;
    std::string detail;  // what was seen; never a secret
    std::string action;  // for warn and fail: what to do about it (a setting, an SAP or ShipStation step)
};

using check_findings = std::vector<check_finding>;

// "OK", "WARN", "FAIL", "SKIP". Never throws.
std::string_view to_string(check_state s) noexcept;

inline check_finding ok_finding(std::string name, std::string detail) {
    return {std::move(name), check_state::ok, std::move(detail), {}};
}
inline check_finding warn_finding(std::string name, std::string detail, std::string action) {
    return {std::move(name), check_state::warn, std::move(detail), std::move(action)};
}
inline check_finding fail_finding(std::string name, std::string detail, std::string action) {
    return {std::move(name), check_state::fail, std::move(detail), std::move(action)};
}
inline check_finding skip_finding(std::string name, std::string detail) {
    return {std::move(name), check_state::skip, std::move(detail), {}};
}

}  // namespace mlc
