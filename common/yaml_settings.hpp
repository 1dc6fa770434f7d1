// Reads the YAML configuration file's text into the values of known settings, keyed by YAML path.
#pragma once

#include <boost/system/result.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mlc {

// One setting's text as written in the file.
struct yaml_value {
    std::string text;
    int line = 0;  // 1-based line of its key, for messages.
};

struct yaml_settings {
    std::map<std::string, yaml_value, std::less<>> values;  // By YAML path; only known, non-empty values.
    std::vector<std::string> warnings;  // Unknown keys: ignored, reported so typos are visible.
    std::vector<std::string> errors;    // Known keys with the wrong shape (a list where a value belongs...).
};

// Flattens `yaml_text` (empty: no file) along the YAML paths of all_settings(); `yaml_name` names the file
// in messages. No I/O; throws only std::bad_alloc. Returns the values with warnings and shape errors, or
// one message naming the file and line of a YAML syntax error.
boost::system::result<yaml_settings, std::string> read_yaml_settings(std::string_view yaml_text,
                                                                     std::string_view yaml_name);

}  // namespace mlc
