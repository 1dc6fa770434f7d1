// What was built: version and commit, for `ml-connector version` and the build_info metric.
#pragma once

#include <string_view>

namespace mlc {

std::string_view build_version() noexcept;
std::string_view build_commit() noexcept;

}  // namespace mlc
