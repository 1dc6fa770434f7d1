// The SAP client's error category and error descriptions.
#include "clients/sap/error.hpp"

namespace mlc::clients::sap {

namespace {

// Boost's error_category has a protected non-virtual destructor by design (categories are never deleted
// through a base pointer); GCC's -Wnon-virtual-dtor does not know that.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "mlc.sap"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::transport:
                return "transport";
            case errc::in_doubt:
                return "in_doubt";
            case errc::login_failed:
                return "login_failed";
            case errc::session_lost:
                return "session_lost";
            case errc::business:
                return "business";
            case errc::not_found:
                return "not_found";
            case errc::unavailable:
                return "unavailable";
            case errc::bad_response:
                return "bad_response";
        }
        return "unknown";
    }
};
#pragma GCC diagnostic pop

}  // namespace

const boost::system::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

std::string error::describe() const {
    std::string s = error_category().message(static_cast<int>(kind));
    if (http_status != 0 || !code.empty()) {
        s += " (";
        if (http_status != 0) s += "HTTP " + std::to_string(http_status);
        if (http_status != 0 && !code.empty()) s += ", ";
        if (!code.empty()) s += "SAP " + code;
        s += ')';
    }
    if (!message.empty()) s += ": " + message;
    return s;
}

void throw_exception_from_error(const error& e, const boost::source_location&) {
    throw exception(e);
}

}  // namespace mlc::clients::sap
