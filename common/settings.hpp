// The one table of every setting: environment name, YAML path, default, description, and how it is applied.
#pragma once

#include "common/config.hpp"

#include <boost/system/result.hpp>

#include <span>
#include <string>
#include <string_view>

namespace mlc {

// Stores the non-empty text of a setting into the configuration. Throws only std::bad_alloc. The error says
// what is wrong without quoting the text; the loader adds the text unless the setting is a secret.
using setting_apply = boost::system::result<void, std::string> (*)(app_config& config, std::string_view text);

// Returns the setting's current value as text a person can read; a secret shows secret::redacted when set
// (the database URL shows its redacted form) and nothing when unset.
using setting_show = std::string (*)(const app_config& config);

// One setting. The string fields default to {} so that table rows may leave them out.
struct setting_spec {
    std::string_view env_name = {};      // MLC_...: the environment variable; the name used in messages.
    std::string_view yaml_path = {};     // Dotted path in the YAML file ("database.url"); empty: env only.
    std::string_view default_text = {};  // The default as show() prints it; empty: no default.
    std::string_view description = {};   // One line for the README and `ml-connector config`.
    bool is_secret = false;         // Its value is never printed: not in messages, not in describe_config.
    bool required = false;          // Loading fails when it is not set.
    setting_apply apply = nullptr;  // Never null.
    setting_show show = nullptr;    // Never null.
};

// Every setting, in the order the README and describe_config list them. Never throws.
std::span<const setting_spec> all_settings() noexcept;

// The setting whose env_name is `env_name`, or nullptr. Never throws.
const setting_spec* find_setting(std::string_view env_name) noexcept;

}  // namespace mlc
