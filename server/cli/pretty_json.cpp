// Indented JSON for the CLI: objects and arrays one member a line, scalars as boost::json serializes them.
#include "server/cli/pretty_json.hpp"

#include <boost/json/serialize.hpp>

#include <string>

namespace mlc::server {

namespace {

void print(const boost::json::value& v, std::ostream& out, int depth) {
    const std::string inner(static_cast<std::size_t>(depth + 1) * 2, ' ');
    const std::string outer(static_cast<std::size_t>(depth) * 2, ' ');
    if (v.is_object() && !v.get_object().empty()) {
        out << "{\n";
        bool first = true;
        for (const auto& [key, member] : v.get_object()) {
            out << (first ? "" : ",\n") << inner << boost::json::serialize(boost::json::string(key)) << ": ";
            print(member, out, depth + 1);
            first = false;
        }
        out << '\n' << outer << '}';
    } else if (v.is_array() && !v.get_array().empty()) {
        out << "[\n";
        bool first = true;
        for (const auto& element : v.get_array()) {
            out << (first ? "" : ",\n") << inner;
            print(element, out, depth + 1);
            first = false;
        }
        out << '\n' << outer << ']';
    } else {
        out << boost::json::serialize(v);
    }
}

}  // namespace

void print_pretty_json(const boost::json::value& v, std::ostream& out) {
    print(v, out, 0);
    out << '\n';
}

}  // namespace mlc::server
