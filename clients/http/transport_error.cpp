// What went wrong when no HTTP response came back: names and descriptions.
#include "clients/http/transport_error.hpp"

namespace mlc::clients::http {

std::string_view to_string(failure f) noexcept {
    switch (f) {
        case failure::resolve:
            return "resolve";
        case failure::connect:
            return "connect";
        case failure::tls:
            return "tls";
        case failure::timeout:
            return "timeout";
        case failure::connection_closed:
            return "connection_closed";
        case failure::protocol:
            return "protocol";
        case failure::body_too_large:
            return "body_too_large";
    }
    return "unknown";
}

std::string transport_error::describe() const {
    std::string s(to_string(what));
    s += may_have_been_received ? " (request may have been received)" : " (request not received)";
    if (code) {
        s += ": ";
        s += code.message();
    }
    if (!detail.empty()) {
        s += " (";
        s += detail;
        s += ')';
    }
    return s;
}

void throw_exception_from_error(const transport_error& e, const boost::source_location&) {
    throw transport_exception(e);
}

}  // namespace mlc::clients::http
