// Secrets read from files named by <NAME>_FILE: the variables are replaced by the files' content.
#include "common/secret_files.hpp"

#include "common/settings.hpp"

#include <algorithm>

namespace mlc {

namespace {

constexpr std::string_view file_suffix = "_FILE";

// Not a secret by the table (config shows it), but a credential half that deployments keep in a secret store.
constexpr std::string_view api_key = "MLC_SHIPSTATION_API_KEY";

bool is_set(const env_map& env, const std::string& name) {
    auto found = env.find(name);
    return found != env.end() && !found->second.empty();
}

std::string without_trailing_newline(std::string text) {
    if (text.ends_with('\n')) text.pop_back();
    if (text.ends_with('\r')) text.pop_back();
    return text;
}

}  // namespace

bool takes_file(std::string_view env_name) noexcept {
    const setting_spec* spec = find_setting(env_name);
    return spec != nullptr && (spec->is_secret || env_name == api_key);
}

boost::system::result<env_map, config_errors> read_secret_files(const env_map& env, const file_reader& read) {
    env_map out = env;
    std::vector<std::string> errors;
    for (const auto& [file_name, path] : env) {
        if (!file_name.ends_with(file_suffix) || path.empty()) continue;
        std::string name = file_name.substr(0, file_name.size() - file_suffix.size());
        if (!takes_file(name)) continue;  // left for load_config to report as unknown
        if (is_set(env, name)) {
            errors.push_back(name + " and " + file_name + " are both set: keep one");
            continue;
        }
        auto content = read(path);
        if (!content) {
            errors.push_back(file_name + ": cannot read " + path + ": " + content.error().message());
            continue;
        }
        out.erase(file_name);
        out[name] = without_trailing_newline(std::move(*content));
    }
    if (!errors.empty()) return config_errors{std::move(errors)};
    return out;
}

}  // namespace mlc
