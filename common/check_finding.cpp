// The names of a check finding's states, as `ml-connector check` prints them.
#include "common/check_finding.hpp"

namespace mlc {

std::string_view to_string(check_state s) noexcept {
    switch (s) {
        case check_state::ok:
            return "OK";
        case check_state::warn:
            return "WARN";
        case check_state::fail:
            return "FAIL";
        case check_state::skip:
            return "SKIP";
    }
    return "FAIL";
}

}  // namespace mlc
