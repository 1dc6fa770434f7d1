// Parsing ShipStation V1 error bodies into api_error and writing them as one readable line.
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

std::string_view reason_of(unsigned status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        default:
            return "";
    }
}

}  // namespace

api_error_kind kind_of_status(unsigned status) noexcept {
    switch (status) {
        case 400:
            return api_error_kind::bad_request;
        case 401:
            return api_error_kind::unauthorized;
        case 403:
            return api_error_kind::forbidden;
        case 404:
            return api_error_kind::not_found;
        case 429:
            return api_error_kind::rate_limited;
        default:
            return status >= 500 && status <= 599 ? api_error_kind::server_error : api_error_kind::other;
    }
}

api_error parse_api_error(unsigned status, std::string_view body) {
    api_error e;
    e.status = status;
    e.kind = kind_of_status(status);
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

std::string describe(const api_error& error) {
    std::string out = "ShipStation " + std::to_string(error.status);
    if (auto reason = reason_of(error.status); !reason.empty()) out.append(" ").append(reason);
    if (!error.message.empty()) out.append(": ").append(error.message);
    if (!error.exception_message.empty()) {
        out.append(error.message.empty() ? ": " : " ").append(error.exception_message);
        if (!error.exception_type.empty()) out.append(" [").append(error.exception_type).append("]");
    }
    if (!error.model_state.empty()) {
        out += " (";
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
    if (!error.raw_excerpt.empty()) out.append(": ").append(error.raw_excerpt);
    return out;
}

}  // namespace mlc::clients::shipstation
