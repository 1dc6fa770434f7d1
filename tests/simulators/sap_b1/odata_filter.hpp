// The OData $filter language as Service Layer accepts it: parsed into a tree, then evaluated on a JSON
// entity.
#pragma once

#include <boost/json/object.hpp>

#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::sim::sap {

// A malformed $filter; what() is the message the simulator sends back.
class odata_syntax_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class compare_op { eq, ne, gt, ge, lt, le };

// One side of a comparison or a function argument.
struct operand {
    enum class kind { property, string, number, boolean, null };
    kind type = kind::null;
    std::string text;  // property name, or string literal value (date and time literals included)
    double number = 0;
    bool boolean = false;
};

struct filter_node {
    enum class kind { and_, or_, not_, compare, function };
    kind type = kind::compare;
    compare_op op = compare_op::eq;     // compare
    std::vector<operand> args;          // compare: lhs, rhs; function: its arguments
    std::string function;               // startswith, endswith, contains, substringof
    std::unique_ptr<filter_node> left;  // and/or/not (not uses left only)
    std::unique_ptr<filter_node> right;
};

struct filter_options {
    bool case_insensitive = false;  // B1S-CaseInsensitive: true (HANA compares case-sensitively otherwise)
};

// A parsed $filter. Cheap to move; immutable once parsed.
class odata_filter {
public:
    // Parses the (already percent-decoded) $filter text: eq ne gt ge lt le, and or not, parentheses,
    // string/number/true/false/null literals, typed literals (datetime'..', SAPB1.BoYesNoEnum'tYES'),
    // unquoted ISO dates, and startswith/endswith/contains/substringof (optionally compared with true or
    // false). Throws odata_syntax_error when `text` is none of that; std::bad_alloc.
    static odata_filter parse(std::string_view text);

    // True when `entity` passes. Missing properties are null. Dates compare by day only, times by hour and
    // minute only; an enum property matches its value name or its database value. Never throws except
    // std::bad_alloc.
    bool matches(const boost::json::object& entity, const filter_options& options = {}) const;

    // The property names the filter refers to (for validation against the entity type).
    const std::set<std::string>& properties() const noexcept { return properties_; }

private:
    std::unique_ptr<filter_node> root_;
    std::set<std::string> properties_;
};

}  // namespace mlc::sim::sap
