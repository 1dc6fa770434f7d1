// Secrets read from files named by <NAME>_FILE, the convention of Docker and Kubernetes secrets.
#pragma once

#include "common/config_loader.hpp"

#include <boost/system/result.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <system_error>

namespace mlc {

// Reads a whole file: its content, or why it cannot be read. May throw std::bad_alloc.
using file_reader =
    std::function<boost::system::result<std::string, std::error_code>(const std::string& path)>;

// Whether `env_name` may also be given as <env_name>_FILE: every secret setting and the ShipStation API key.
// Never throws.
bool takes_file(std::string_view env_name) noexcept;

// Returns `env` with each non-empty <NAME>_FILE of a setting that takes_file replaced by <NAME> holding the
// file's content, one trailing newline ("\n" or "\r\n") removed. Throws only std::bad_alloc. Returns every
// problem instead: <NAME> and <NAME>_FILE both set, or a file that cannot be read (the message names the
// variable and the path, never any of the content).
boost::system::result<env_map, config_errors> read_secret_files(const env_map& env, const file_reader& read);

}  // namespace mlc
