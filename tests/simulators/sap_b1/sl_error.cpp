// Rendering of Service Layer errors in the OData v3 (v1) and v4 (v2) shapes.
#include "tests/simulators/sap_b1/sl_error.hpp"

#include <stdexcept>

namespace mlc::sim::sap {

boost::json::object error_body(const sl_error& e, api_version version) {
    boost::json::object inner;
    if (version == api_version::v1) {
        inner["code"] = e.code;
        inner["message"] = boost::json::object{{"lang", "en-us"}, {"value", e.message}};
    } else {
        inner["code"] = std::to_string(e.code);
        inner["message"] = e.message;
    }
    return boost::json::object{{"error", std::move(inner)}};
}

void throw_exception_from_error(const sl_error& e, const boost::source_location&) {
    throw std::runtime_error("Service Layer error " + std::to_string(e.code) + ": " + e.message);
}

sl_error invalid_session() {
    return {boost::beast::http::status::unauthorized, 301, "Invalid session or session already timeout."};
}

sl_error no_matching_records() {
    return {boost::beast::http::status::not_found, -2028, "No matching records found (ODBC -2028)"};
}

sl_error invalid_property(std::string_view name, std::string_view type) {
    return {boost::beast::http::status::bad_request, -1000,
            "Property '" + std::string(name) + "' of '" + std::string(type) + "' is invalid"};
}

sl_error business_error(int code, std::string message) {
    return {boost::beast::http::status::bad_request, code, std::move(message)};
}

}  // namespace mlc::sim::sap
