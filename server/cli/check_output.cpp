// How `ml-connector check` prints its findings.
#include "server/cli/check_output.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <ostream>

namespace mlc::server {

void print_check_text(const check_findings& findings, std::ostream& out) {
    std::size_t width = 12;
    for (const auto& f : findings) width = std::max(width, f.name.size() + 2);
    const std::string indent(width + 6, ' ');
    for (const auto& f : findings) {
        std::string name = f.name;
        name.resize(width, ' ');
        std::string state(to_string(f.state));
        state.resize(6, ' ');
        out << name << state << f.detail << '\n';
        if (!f.action.empty() && (f.state == check_state::warn || f.state == check_state::fail))
            out << indent << "\xe2\x86\x92 " << f.action << '\n';
    }
}

void print_check_json(const check_findings& findings, std::ostream& out) {
    boost::json::array list;
    for (const auto& f : findings) {
        boost::json::object o;
        o["name"] = f.name;
        o["state"] = to_string(f.state);
        o["detail"] = f.detail;
        if (!f.action.empty()) o["action"] = f.action;
        list.emplace_back(std::move(o));
    }
    boost::json::object doc;
    doc["ok"] = check_passed(findings);
    doc["findings"] = std::move(list);
    out << boost::json::serialize(doc) << '\n';
}

bool check_passed(const check_findings& findings) noexcept {
    return std::none_of(findings.begin(), findings.end(),
                        [](const check_finding& f) { return f.state == check_state::fail; });
}

}  // namespace mlc::server
