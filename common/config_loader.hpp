// Loads app_config from the environment and the optional YAML file, reporting every problem at once.
#pragma once

#include "common/config.hpp"

#include <boost/system/result.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mlc {

// Environment variables by name.
using env_map = std::map<std::string, std::string>;

enum class setting_source { default_value, file, environment, command_line };

// "default", "file", "environment" or "command line". Never throws.
std::string_view to_string(setting_source source) noexcept;

struct loaded_config {
    app_config config;                  // The effective configuration.
    std::vector<std::string> warnings;  // Unknown MLC_ variables and YAML keys: ignored, but worth a look.
    std::map<std::string, setting_source, std::less<>> sources;  // Where each setting came from, by env name.
};

struct config_errors {
    std::vector<std::string> messages;  // One per problem, each naming the setting (never a secret's value).
};

// Returns the MLC_* entries of a NULL-terminated "NAME=value" array such as `environ` (null: none).
// Throws only std::bad_alloc.
env_map environment_from(char** entries);

// Builds the configuration from defaults, then the YAML text (may be empty: no file), then `env`, which wins.
// An empty value counts as unset. `yaml_name` names the file in messages. No I/O; throws only std::bad_alloc.
// Returns the configuration with its warnings, or every problem found: a missing required setting, values
// that do not parse or are out of range, SAP settings given only in part; a YAML syntax error is reported
// alone, naming the file and line.
boost::system::result<loaded_config, config_errors> load_config(const env_map& env,
                                                                std::string_view yaml_text,
                                                                std::string_view yaml_name);

// Replaces each <NAME>_FILE by the file's content (see read_secret_files), reads the YAML file named by
// `config_file_override` (--config) or else by MLC_CONFIG, if any, and calls
// load_config. Throws only std::bad_alloc. Returns what load_config returns, or an error naming a file that
// cannot be read.
boost::system::result<loaded_config, config_errors> load_config_from(const env_map& env,
                                                                     const std::string& config_file_override);

// Returns the effective configuration, one line per setting: "MLC_NAME=value  # source". Secrets show
// secret::redacted when set and nothing when unset; the database URL shows its redacted form.
// Throws only std::bad_alloc.
std::string describe_config(const loaded_config& loaded);

// Returns one text naming every problem, one per line, for stderr before exiting. Throws only std::bad_alloc.
std::string format_errors(const config_errors& errors);

}  // namespace mlc
