// Evaluating a parsed $filter on one entity, with Service Layer's date, time, enum and case rules.
#include "tests/simulators/sap_b1/odata_filter.hpp"
#include "tests/simulators/sap_b1/sap_values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace mlc::sim::sap {

namespace {

// A resolved operand: what a property holds, or a literal.
struct value {
    enum class kind { null, string, number, boolean };
    kind type = kind::null;
    std::string text;
    double number = 0;
    bool boolean = false;
};

value resolve(const operand& o, const boost::json::object& entity) {
    value v;
    switch (o.type) {
        case operand::kind::null:
            return v;
        case operand::kind::string:
            v.type = value::kind::string;
            v.text = o.text;
            return v;
        case operand::kind::number:
            v.type = value::kind::number;
            v.number = o.number;
            return v;
        case operand::kind::boolean:
            v.type = value::kind::boolean;
            v.boolean = o.boolean;
            return v;
        case operand::kind::property:
            break;
    }
    const boost::json::value* p = entity.if_contains(o.text);
    if (!p || p->is_null()) return v;
    if (p->is_string()) {
        v.type = value::kind::string;
        v.text = std::string(p->get_string());
    } else if (p->is_number()) {
        v.type = value::kind::number;
        v.number = p->to_number<double>();
    } else if (p->is_bool()) {
        v.type = value::kind::boolean;
        v.boolean = p->get_bool();
    }
    return v;  // collections and complex values compare as null
}

std::optional<double> as_number(const value& v) {
    if (v.type == value::kind::number) return v.number;
    if (v.type != value::kind::string) return std::nullopt;
    double d = 0;
    auto [ptr, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), d);
    if (ec != std::errc() || ptr != v.text.data() + v.text.size() || v.text.empty()) return std::nullopt;
    return d;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

template <class T>
bool apply(compare_op op, const T& a, const T& b) {
    switch (op) {
        case compare_op::eq:
            return a == b;
        case compare_op::ne:
            return !(a == b);
        case compare_op::gt:
            return a > b;
        case compare_op::ge:
            return a >= b;
        case compare_op::lt:
            return a < b;
        case compare_op::le:
            return a <= b;
    }
    return false;
}

// Brings both strings to the comparable form of the property's kind (a date by day, a time by minute).
void normalize_pair(field_kind kind, std::string& a, std::string& b) {
    if (kind == field_kind::date) {
        auto da = normalize_date(a), db = normalize_date(b);
        if (da && db) a = *da, b = *db;
    } else if (kind == field_kind::time) {
        auto ta = normalize_time(a), tb = normalize_time(b);
        if (ta && tb) a = ta->substr(0, 5), b = tb->substr(0, 5);
    }
}

bool compare(const filter_node& n, const boost::json::object& entity, const filter_options& options) {
    value a = resolve(n.args[0], entity);
    value b = resolve(n.args[1], entity);
    if (a.type == value::kind::null || b.type == value::kind::null) {
        bool both = a.type == b.type;
        if (n.op == compare_op::eq) return both;
        if (n.op == compare_op::ne) return !both;
        return false;
    }
    if (a.type == value::kind::boolean || b.type == value::kind::boolean) {
        if (a.type != b.type) return n.op == compare_op::ne;
        return apply(n.op, a.boolean, b.boolean);
    }
    if (a.type == value::kind::number || b.type == value::kind::number) {
        auto x = as_number(a), y = as_number(b);
        if (!x || !y) return n.op == compare_op::ne;
        return apply(n.op, *x, *y);
    }
    field_kind kind = field_kind::other;
    for (const auto& arg : n.args)
        if (arg.type == operand::kind::property && kind_of(arg.text) != field_kind::other)
            kind = kind_of(arg.text);
    normalize_pair(kind, a.text, b.text);
    // 'cCustomer' and 'C' name the same enum value: compare by database value when one side is a name.
    auto ea = enum_db_value(a.text), eb = enum_db_value(b.text);
    if (ea && !eb && *ea == b.text) a.text = b.text;
    if (eb && !ea && *eb == a.text) b.text = a.text;
    if (options.case_insensitive) {
        a.text = lower(std::move(a.text));
        b.text = lower(std::move(b.text));
    }
    return apply(n.op, a.text, b.text);
}

bool call(const filter_node& n, const boost::json::object& entity, const filter_options& options) {
    // substringof('needle', Property) has its arguments the other way round.
    bool swapped = n.function == "substringof";
    value haystack = resolve(n.args[swapped ? 1 : 0], entity);
    value needle = resolve(n.args[swapped ? 0 : 1], entity);
    if (haystack.type != value::kind::string || needle.type != value::kind::string) return false;
    std::string h = options.case_insensitive ? lower(haystack.text) : haystack.text;
    std::string s = options.case_insensitive ? lower(needle.text) : needle.text;
    if (n.function == "startswith") return h.starts_with(s);
    if (n.function == "endswith") return h.ends_with(s);
    return h.find(s) != std::string::npos;
}

bool eval(const filter_node& n, const boost::json::object& entity, const filter_options& options) {
    switch (n.type) {
        case filter_node::kind::and_:
            return eval(*n.left, entity, options) && eval(*n.right, entity, options);
        case filter_node::kind::or_:
            return eval(*n.left, entity, options) || eval(*n.right, entity, options);
        case filter_node::kind::not_:
            return !eval(*n.left, entity, options);
        case filter_node::kind::compare:
            return compare(n, entity, options);
        case filter_node::kind::function:
            return call(n, entity, options);
    }
    return false;
}

}  // namespace

bool odata_filter::matches(const boost::json::object& entity, const filter_options& options) const {
    return !root_ || eval(*root_, entity, options);
}

}  // namespace mlc::sim::sap
