// Reading the Service Layer API version from the configured URL.
#include "clients/sap/api_version.hpp"

#include <stdexcept>

namespace mlc::clients::sap {

api_version version_from_url(std::string_view url) {
    auto cut = url.find_first_of("?#");
    if (cut != std::string_view::npos) url = url.substr(0, cut);
    while (!url.empty() && url.back() == '/') url.remove_suffix(1);
    auto slash = url.rfind('/');
    std::string_view last = slash == std::string_view::npos ? url : url.substr(slash + 1);
    if (last == "v1") return api_version::v1;
    if (last == "v2") return api_version::v2;
    throw std::invalid_argument("MLC_SAP_URL must end in /b1s/v1 or /b1s/v2");
}

std::string_view to_string(api_version v) noexcept {
    return v == api_version::v1 ? "v1" : "v2";
}

}  // namespace mlc::clients::sap
