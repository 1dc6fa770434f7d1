// Loads app_config: defaults, then the YAML file, then the environment; every problem is collected.
#include "common/config_loader.hpp"

#include "common/secret_files.hpp"
#include "common/setting_parsers.hpp"
#include "common/settings.hpp"
#include "common/yaml_settings.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <system_error>

namespace mlc {

namespace {

// Variables with this prefix belong to the tests' own environment, not to the service.
constexpr std::string_view test_prefix = "MLC_TEST_";

// Settings that only make sense together: one given without the others is a mistake, not a default.
constexpr std::array<std::string_view, 4> sap_login{"MLC_SAP_URL", "MLC_SAP_COMPANY_DB", "MLC_SAP_USERNAME",
                                                    "MLC_SAP_PASSWORD"};
constexpr std::array<std::string_view, 2> shipstation_credentials{"MLC_SHIPSTATION_API_KEY",
                                                                  "MLC_SHIPSTATION_API_SECRET"};

// URLs of the systems the connector sends credentials and business data to.
constexpr std::array<std::string_view, 3> remote_urls{"MLC_SAP_URL", "MLC_SHIPSTATION_URL",
                                                      "MLC_SHIPSTATION_V2_URL"};

// A value inside a message: in quotes, with control characters escaped so they cannot garble a terminal.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// "MLC_SAP_URL (sap.url)": both names, since the reader may use either the environment or the file.
std::string both_names(const setting_spec& spec) {
    if (spec.yaml_path.empty()) return std::string(spec.env_name);
    return std::string(spec.env_name) + " (" + std::string(spec.yaml_path) + ")";
}

void warn_unknown_variables(const env_map& env, std::vector<std::string>& warnings) {
    for (const auto& [name, value] : env) {
        if (name.starts_with("MLC_") && !name.starts_with(test_prefix) && find_setting(name) == nullptr) {
            warnings.push_back("unknown environment variable " + name + ", ignored");
        }
    }
}

bool is_given(const loaded_config& loaded, std::string_view env_name) {
    auto source = loaded.sources.find(env_name);
    return source != loaded.sources.end() && source->second != setting_source::default_value;
}

void require_together(std::span<const std::string_view> group, const loaded_config& loaded,
                      std::vector<std::string>& errors) {
    auto given = std::find_if(group.begin(), group.end(), [&](auto name) { return is_given(loaded, name); });
    if (given == group.end()) return;
    for (auto name : group) {
        if (!is_given(loaded, name)) {
            errors.push_back(both_names(*find_setting(name)) + " is required when " + std::string(*given) +
                             " is set");
        }
    }
}

// http:// off loopback sends passwords and keys in clear: refused unless explicitly allowed, then a warning.
void check_plain_http(loaded_config& loaded, std::vector<std::string>& errors) {
    for (auto name : remote_urls) {
        const setting_spec& spec = *find_setting(name);
        if (!is_plain_http_off_loopback(spec.show(loaded.config))) continue;
        if (loaded.config.security.allow_insecure_http) {
            loaded.warnings.push_back(both_names(spec) +
                                      " is http:// to a host other than loopback: credentials cross the "
                                      "network in clear (MLC_ALLOW_INSECURE_HTTP=true)");
        } else {
            errors.push_back(both_names(spec) +
                             ": http:// only on a loopback host (127.0.0.0/8, ::1, localhost); use https:// "
                             "or set MLC_ALLOW_INSECURE_HTTP=true");
        }
    }
}

// Applies one setting from the environment, else from the file; records its source and any problem.
void apply_setting(const setting_spec& spec, const env_map& env, const yaml_settings& file,
                   std::string_view yaml_name, loaded_config& loaded, std::vector<std::string>& errors) {
    std::string_view text;
    std::string origin;
    setting_source source = setting_source::default_value;
    auto from_env = env.find(std::string(spec.env_name));
    auto from_file = file.values.find(spec.yaml_path);
    if (from_env != env.end() && !from_env->second.empty()) {
        text = from_env->second;
        origin = spec.env_name;
        source = setting_source::environment;
    } else if (from_file != file.values.end()) {
        text = from_file->second.text;
        origin = std::string(spec.yaml_path) + " in " + std::string(yaml_name) + " line " +
                 std::to_string(from_file->second.line);
        source = setting_source::file;
    }
    loaded.sources.emplace(spec.env_name, source);

    if (source == setting_source::default_value) {
        if (spec.required) errors.push_back(both_names(spec) + " is required");
        return;
    }
    auto applied = spec.apply(loaded.config, text);
    if (!applied) {
        std::string message = origin + ": " + applied.error();
        if (!spec.is_secret) message += " (got " + quoted(text) + ")";
        errors.push_back(std::move(message));
    }
}

// Returns the whole file, or why it cannot be read.
boost::system::result<std::string, std::error_code> read_text_file(const std::string& path) {
    // Opening a directory succeeds and only reading it fails, so it is ruled out first.
    std::error_code status_error;
    if (std::filesystem::is_directory(path, status_error)) {
        return std::make_error_code(std::errc::is_a_directory);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open()) return std::error_code(errno, std::generic_category());
    std::string text;
    std::array<char, 4096> buffer;
    // istream::read turns a failing read into badbit; end of file only sets eofbit and failbit.
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
        text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) return std::make_error_code(std::errc::io_error);
    return text;
}

}  // namespace

std::string_view to_string(setting_source source) noexcept {
    switch (source) {
        case setting_source::default_value:
            return "default";
        case setting_source::file:
            return "file";
        case setting_source::environment:
            return "environment";
        case setting_source::command_line:
            return "command line";
    }
    return "default";
}

env_map environment_from(char** entries) {
    env_map env;
    for (char** entry = entries; entry != nullptr && *entry != nullptr; ++entry) {
        std::string_view text = *entry;
        auto equals = text.find('=');
        if (text.starts_with("MLC_") && equals != std::string_view::npos) {
            env.emplace(text.substr(0, equals), text.substr(equals + 1));
        }
    }
    return env;
}

boost::system::result<loaded_config, config_errors> load_config(const env_map& env,
                                                                std::string_view yaml_text,
                                                                std::string_view yaml_name) {
    auto file = read_yaml_settings(yaml_text, yaml_name);
    // A file that is not YAML at all makes any further message about its settings a guess.
    if (!file) return config_errors{{file.error()}};

    const yaml_settings& file_settings = *file;

    loaded_config loaded;
    loaded.warnings = file_settings.warnings;
    warn_unknown_variables(env, loaded.warnings);
    std::vector<std::string> errors = file_settings.errors;
    for (const auto& spec : all_settings())
        apply_setting(spec, env, file_settings, yaml_name, loaded, errors);
    require_together(sap_login, loaded, errors);
    require_together(shipstation_credentials, loaded, errors);
    check_plain_http(loaded, errors);

    if (!errors.empty()) return config_errors{std::move(errors)};
    return loaded;
}

boost::system::result<loaded_config, config_errors> load_config_from(
    const env_map& given_env, const std::string& config_file_override) {
    auto with_files = read_secret_files(given_env, read_text_file);
    if (!with_files) return with_files.error();
    const env_map& env = *with_files;
    auto from_env = env.find("MLC_CONFIG");
    std::string named_by = config_file_override.empty() ? "MLC_CONFIG" : "--config";
    std::string path = config_file_override;
    if (path.empty() && from_env != env.end()) path = from_env->second;
    if (path.empty()) return load_config(env, "", "");

    auto text = read_text_file(path);
    if (!text) return config_errors{{named_by + ": cannot read " + path + ": " + text.error().message()}};
    auto loaded = load_config(env, *text, path);
    if (loaded && !config_file_override.empty()) {
        loaded->config.config_file = config_file_override;
        loaded->sources["MLC_CONFIG"] = setting_source::command_line;
    }
    return loaded;
}

std::string describe_config(const loaded_config& loaded) {
    std::string out;
    for (const auto& spec : all_settings()) {
        auto source = loaded.sources.find(spec.env_name);
        auto origin = source == loaded.sources.end() ? setting_source::default_value : source->second;
        out += std::string(spec.env_name) + "=" + spec.show(loaded.config) + "  # " +
               std::string(to_string(origin));
        out += '\n';
    }
    return out;
}

std::string format_errors(const config_errors& errors) {
    std::size_t count = errors.messages.size();
    std::string out =
        "invalid configuration (" + std::to_string(count) + (count == 1 ? " problem" : " problems") + "):\n";
    for (const auto& message : errors.messages) out += "  " + message + "\n";
    return out;
}

}  // namespace mlc
