// Request id validation and generation.
#include "server/http/request_id.hpp"

#include "common/random_id.hpp"

namespace mlc::server::http {

namespace {

bool allowed(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == ':' || c == '-';
}

}  // namespace

bool is_valid_request_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id)
        if (!allowed(c)) return false;
    return true;
}

std::string generate_request_id() {
    return random_id();
}

std::string request_id_for(std::string_view incoming) {
    return is_valid_request_id(incoming) ? std::string(incoming) : generate_request_id();
}

}  // namespace mlc::server::http
