// Parsing ShipStation V1 and V2 error bodies and their details into one readable text.
#include "clients/shipstation/api_error.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace mlc::clients::shipstation {
namespace {

constexpr std::size_t excerpt_limit = 300;

std::string excerpt(std::string_view body) {
    std::string out;
    for (char c : body.substr(0, excerpt_limit)) {
        // Keep the line printable: control characters (newlines, escapes) become spaces.
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
    if (body.size() > excerpt_limit) out += "...";
    return out;
}

// A string member looked up case-insensitively on the first letter ("Message" / "message").
std::string string_member(const boost::json::object& o, std::string_view upper, std::string_view lower) {
    for (auto key : {upper, lower}) {
        auto it = o.find(key);
        if (it != o.end() && it->value().is_string()) return std::string(it->value().get_string());
    }
    return {};
}

std::vector<model_state_entry> model_state_of(const boost::json::object& o) {
    std::vector<model_state_entry> out;
    auto it = o.find("ModelState");
    if (it == o.end() || !it->value().is_object()) return out;
    for (const auto& [field, messages] : it->value().get_object()) {
        model_state_entry entry{std::string(field), {}};
        if (messages.is_array()) {
            for (const auto& m : messages.get_array()) {
                if (m.is_string()) entry.messages.emplace_back(m.get_string());
            }
        } else if (messages.is_string()) {
            entry.messages.emplace_back(messages.get_string());
        }
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace

api_error parse_api_error(unsigned status, std::string_view body) {
    api_error e;
    e.status = status;
    boost::system::error_code ec;
    auto doc = boost::json::parse(boost::json::string_view(body.data(), body.size()), ec);
    if (ec || !doc.is_object()) {
        e.raw_excerpt = excerpt(body);
        return e;
    }
    const auto& o = doc.get_object();
    e.message = string_member(o, "Message", "message");
    e.exception_message = string_member(o, "ExceptionMessage", "exceptionMessage");
    e.exception_type = string_member(o, "ExceptionType", "exceptionType");
    e.model_state = model_state_of(o);
    if (e.message.empty() && e.exception_message.empty() && e.model_state.empty())
        e.raw_excerpt = excerpt(body);
    return e;
}

std::string describe_details(const api_error& error) {
    std::string out = error.message;
    auto separate = [&out] {
        if (!out.empty()) out += ' ';
    };
    if (!error.exception_message.empty()) {
        separate();
        out.append(error.exception_message);
        if (!error.exception_type.empty()) out.append(" [").append(error.exception_type).append("]");
    }
    if (!error.model_state.empty()) {
        separate();
        out += "(";
        bool first = true;
        for (const auto& entry : error.model_state) {
            for (const auto& m : entry.messages) {
                if (!first) out += "; ";
                first = false;
                out.append(entry.field).append(": ").append(m);
            }
            if (entry.messages.empty()) {
                if (!first) out += "; ";
                first = false;
                out.append(entry.field);
            }
        }
        out += ")";
    }
    if (!error.raw_excerpt.empty()) {
        if (!out.empty()) out += ": ";
        out.append(error.raw_excerpt);
    }
    return out;
}

v2_error parse_v2_error(unsigned status, std::string_view body) {
    v2_error e;
    e.status = status;
    boost::system::error_code ec;
    auto doc = boost::json::parse(boost::json::string_view(body.data(), body.size()), ec);
    const auto* o = ec ? nullptr : doc.if_object();
    const auto* errors = o ? o->if_contains("errors") : nullptr;
    if (!errors || !errors->is_array()) {
        e.raw_excerpt = excerpt(body);
        return e;
    }
    e.request_id = string_member(*o, "request_id", "request_id");
    for (const auto& item : errors->get_array()) {
        const auto* eo = item.if_object();
        if (!eo) continue;
        e.errors.push_back(
            {string_member(*eo, "error_source", "error_source"),
             string_member(*eo, "error_type", "error_type"), string_member(*eo, "error_code", "error_code"),
             string_member(*eo, "message", "message"), string_member(*eo, "field_name", "field_name")});
    }
    if (e.errors.empty()) e.raw_excerpt = excerpt(body);
    return e;
}

std::string describe_v2_details(const v2_error& error) {
    std::string out;
    for (const auto& entry : error.errors) {
        if (!out.empty()) out += "; ";
        out += entry.error_code.empty() ? entry.error_type : entry.error_code;
        if (!entry.message.empty()) out.append(out.empty() ? "" : ": ").append(entry.message);
    }
    if (!error.raw_excerpt.empty()) {
        if (!out.empty()) out += ": ";
        out.append(error.raw_excerpt);
    }
    if (!error.request_id.empty())
        out.append(out.empty() ? "" : " ").append("[request ").append(error.request_id).append("]");
    return out;
}

}  // namespace mlc::clients::shipstation
