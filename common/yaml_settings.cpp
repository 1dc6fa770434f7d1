// Reads the YAML configuration file's text into the values of known settings, with yaml-cpp.
#include "common/yaml_settings.hpp"

#include "common/settings.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace mlc {

namespace {

// MLC_CONFIG has no YAML path, so an empty key must not match it.
bool is_setting_path(std::string_view path) {
    if (path.empty()) return false;
    auto settings = all_settings();
    return std::any_of(settings.begin(), settings.end(),
                       [&](const setting_spec& s) { return s.yaml_path == path; });
}

// A section is a key some setting's path goes through, such as "database" for "database.url".
bool is_section_path(std::string_view path) {
    auto settings = all_settings();
    return std::any_of(settings.begin(), settings.end(), [&](const setting_spec& s) {
        return s.yaml_path.size() > path.size() && s.yaml_path.starts_with(path) &&
               s.yaml_path[path.size()] == '.';
    });
}

class flattener {
public:
    explicit flattener(std::string_view yaml_name) : yaml_name_(yaml_name) {}

    void flatten(const YAML::Node& mapping, const std::string& prefix) {
        for (const auto& entry : mapping) {
            int line = entry.first.Mark().line + 1;
            std::string path = prefix.empty() ? entry.first.Scalar() : prefix + "." + entry.first.Scalar();
            const YAML::Node& value = entry.second;
            if (is_setting_path(path)) {
                add_value(path, value, line);
            } else if (is_section_path(path)) {
                if (value.IsMap()) {
                    flatten(value, path);
                } else if (!value.IsNull()) {
                    result_.errors.push_back(where(path, line) + ": expected a mapping of settings");
                }
            } else {
                result_.warnings.push_back(where(path, line) + ": unknown key, ignored");
            }
        }
    }

    void fail(std::string message) { result_.errors.push_back(std::move(message)); }
    yaml_settings take() { return std::move(result_); }

private:
    void add_value(const std::string& path, const YAML::Node& value, int line) {
        if (value.IsNull()) return;
        std::string text, error;
        if (!setting_text(value, text, error)) {
            result_.errors.push_back(where(path, line) + ": " + error);
        } else if (result_.values.contains(path)) {
            result_.errors.push_back(where(path, line) + ": given more than once");
        } else if (!text.empty()) {
            result_.values.emplace(path, yaml_value{std::move(text), line});
        }
    }

    // A scalar as it is; a list of scalars as "a,b" and a mapping of scalars as "k=v,k2=v2": the text forms
    // the environment variables use, so that each setting has one parser.
    // Returns false with `error` set for a shape no setting takes.
    static bool setting_text(const YAML::Node& value, std::string& text, std::string& error) {
        if (value.IsScalar()) {
            text = value.Scalar();
            return true;
        }
        auto plain = [](const YAML::Node& n) {
            return n.IsScalar() && n.Scalar().find_first_of(",=") == std::string::npos;
        };
        if (value.IsSequence()) {
            for (const auto& item : value) {
                if (!plain(item)) {
                    error = "a list may hold only single values without ',' or '='";
                    return false;
                }
                text += (text.empty() ? "" : ",") + item.Scalar();
            }
            return true;
        }
        if (value.IsMap()) {
            for (const auto& entry : value) {
                if (!plain(entry.first) || !plain(entry.second)) {
                    error = "a mapping may hold only single values without ',' or '='";
                    return false;
                }
                text += (text.empty() ? "" : ",") + entry.first.Scalar() + "=" + entry.second.Scalar();
            }
            return true;
        }
        error = "expected a value, a list or a mapping";
        return false;
    }

    std::string where(const std::string& path, int line) const {
        return path + " in " + std::string(yaml_name_) + " line " + std::to_string(line);
    }

    std::string_view yaml_name_;
    yaml_settings result_;
};

}  // namespace

boost::system::result<yaml_settings, std::string> read_yaml_settings(std::string_view yaml_text,
                                                                     std::string_view yaml_name) {
    YAML::Node document;
    try {
        document = YAML::Load(std::string(yaml_text));
    } catch (const YAML::Exception& e) {
        std::string message = std::string(yaml_name) + ": YAML syntax error";
        if (!e.mark.is_null()) message += " at line " + std::to_string(e.mark.line + 1);
        return message + ": " + e.msg;
    }

    flattener reader(yaml_name);
    if (document.IsMap()) {
        reader.flatten(document, "");
    } else if (!document.IsNull()) {
        reader.fail(std::string(yaml_name) + ": expected a mapping of settings at the top level");
    }
    return reader.take();
}

}  // namespace mlc
