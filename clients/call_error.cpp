// The clients' error category and the error descriptions of each API's wording.
#include "clients/call_error.hpp"

namespace mlc::clients {

namespace {

std::string_view name_of(error_kind k) noexcept {
    switch (k) {
        case error_kind::transport:
            return "transport";
        case error_kind::in_doubt:
            return "in_doubt";
        case error_kind::rate_limited:
            return "rate_limited";
        case error_kind::not_found:
            return "not_found";
        case error_kind::refused:
            return "refused";
        case error_kind::unauthorized:
            return "unauthorized";
        case error_kind::unavailable:
            return "unavailable";
        case error_kind::bad_response:
            return "bad_response";
        case error_kind::session_lost:
            return "session_lost";
        case error_kind::url_refused:
            return "url_refused";
    }
    return "unknown";
}

// Boost's error_category has a protected non-virtual destructor by design (categories are never deleted
// through a base pointer); GCC's -Wnon-virtual-dtor does not know that.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "mlc.clients"; }
    std::string message(int ev) const override { return std::string(name_of(static_cast<error_kind>(ev))); }
};
#pragma GCC diagnostic pop

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

std::string describe_sap(const error& e) {
    std::string s(kind_name(e.kind, error_source::sap));
    if (e.http_status != 0 || !e.code.empty()) {
        s += " (";
        if (e.http_status != 0) s += "HTTP " + std::to_string(e.http_status);
        if (e.http_status != 0 && !e.code.empty()) s += ", ";
        if (!e.code.empty()) s += "SAP " + e.code;
        s += ')';
    }
    if (!e.message.empty()) s += ": " + e.message;
    return s;
}

// The wording ShipStation errors had as exceptions, kept because audit rows and dead letters hold it.
std::string describe_shipstation(const error& e) {
    if (e.kind == error_kind::bad_response || e.kind == error_kind::url_refused) return e.message;
    std::string s = "ShipStation ";
    if (e.http_status == 0) return s + "unreachable: " + e.message;
    s += std::to_string(e.http_status);
    if (auto reason = reason_of(e.http_status); !reason.empty()) s.append(" ").append(reason);
    if (!e.message.empty()) s.append(": ").append(e.message);
    return s;
}

}  // namespace

const boost::system::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

boost::system::error_code make_error_code(error_kind k) noexcept {
    return {static_cast<int>(k), error_category()};
}

std::string_view kind_name(error_kind k, error_source source) noexcept {
    if (source == error_source::sap && k == error_kind::refused) return "business";
    if (source == error_source::sap && k == error_kind::unauthorized) return "login_failed";
    return name_of(k);
}

std::string error::describe() const {
    return source == error_source::sap ? describe_sap(*this) : describe_shipstation(*this);
}

bool is_read(boost::beast::http::verb method) noexcept {
    return method == boost::beast::http::verb::get || method == boost::beast::http::verb::head;
}

error unanswered(boost::beast::http::verb method, const http::transport_error& failure, error_source from) {
    const error_kind kind =
        !is_read(method) && failure.may_have_been_received ? error_kind::in_doubt : error_kind::transport;
    return error{kind, 0, {}, failure.describe(), from};
}

void throw_exception_from_error(const error& e, const boost::source_location&) {
    throw call_exception(e);
}

}  // namespace mlc::clients
