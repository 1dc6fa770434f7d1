// The Service Layer API version, read from the configured URL: /b1s/v1 (OData v3) or /b1s/v2 (OData v4).
#pragma once

#include <string_view>

namespace mlc::clients::sap {

enum class api_version { v1, v2 };

// From the last path segment of MLC_SAP_URL ("https://sap:50000/b1s/v2/" -> v2). Throws
// std::invalid_argument if the URL's path does not end in v1 or v2.
api_version version_from_url(std::string_view url);

// "v1" or "v2". Never throws.
std::string_view to_string(api_version v) noexcept;

}  // namespace mlc::clients::sap
