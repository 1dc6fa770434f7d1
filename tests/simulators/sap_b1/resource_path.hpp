// Splitting a Service Layer URL path into version, entity set, key, action and $count.
#pragma once

#include "tests/simulators/sap_b1/sap_values.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace mlc::sim::sap {

struct resource_path {
    api_version version = api_version::v1;
    std::string resource;            // "Login", "Orders", ... (case kept: routes are case-sensitive)
    std::optional<std::string> key;  // "12" from Orders(12) or Orders(DocEntry=12); "A1" from Items('A1')
    bool key_quoted = false;         // the key was a string literal
    std::string action;              // "Cancel" from Orders(12)/Cancel (a "SAPB1." prefix is dropped)
    bool count = false;              // Orders/$count
};

// Parses an already percent-decoded path such as "/b1s/v2/Orders(12)/Cancel". nullopt when it is not
// under /b1s/v1/ or /b1s/v2/, or is malformed (unbalanced parentheses, empty set name, extra segments).
// Never throws except std::bad_alloc.
std::optional<resource_path> parse_resource_path(std::string_view path);

}  // namespace mlc::sim::sap
