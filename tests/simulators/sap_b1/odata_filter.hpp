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
    std::string raw;   // a literal as written: 'x', datetime'x', 2025-08-20T00:00:00Z, 12
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

    // Each comparison of a property with a string, typed, number or unquoted date literal: the property and
    // the literal as written (for the date forms a version accepts, date_literals.hpp).
    struct compared_literal {
        std::string property;
        std::string literal;
    };
    const std::vector<compared_literal>& compared_literals() const noexcept { return literals_; }

private:
    std::unique_ptr<filter_node> root_;
    std::set<std::string> properties_;
    std::vector<compared_literal> literals_;
};

}  // namespace mlc::sim::sap
