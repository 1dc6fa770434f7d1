// Structured logging: one line per event, JSON or text, thread-safe.
#pragma once

#include "common/config.hpp"

#include <boost/json/value.hpp>

#include <concepts>
#include <initializer_list>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace mlc {

// One key/value pair of a log event. Values are JSON so numbers stay numbers in the JSON format.
struct log_field {
    log_field(std::string_view k, boost::json::value v) : key(k), value(std::move(v)) {}
    // std::string and std::string_view have no implicit conversion to a JSON value (Boost 1.81 uses its own
    // string_view); taking them here keeps call sites plain.
    template <class S>
    requires std::same_as<std::remove_cvref_t<S>, std::string> ||
        std::same_as<std::remove_cvref_t<S>, std::string_view>
        log_field(std::string_view k, S&& v) : key(k), value(boost::json::string_view(v.data(), v.size())) {}

    std::string_view key;
    boost::json::value value;
};

// Writes events to a stream (stderr in the service). Never pass a secret's reveal() to it.
class logger {
public:
    explicit logger(log_config config, std::ostream& out);

    bool enabled(log_level level) const noexcept { return level >= config_.level; }

    // Writes one event line if `level` is enabled. Never throws.
    void log(log_level level, std::string_view event, std::initializer_list<log_field> fields = {}) const;

    void debug(std::string_view event, std::initializer_list<log_field> fields = {}) const {
        log(log_level::debug, event, fields);
    }
    void info(std::string_view event, std::initializer_list<log_field> fields = {}) const {
        log(log_level::info, event, fields);
    }
    void warn(std::string_view event, std::initializer_list<log_field> fields = {}) const {
        log(log_level::warn, event, fields);
    }
    void error(std::string_view event, std::initializer_list<log_field> fields = {}) const {
        log(log_level::error, event, fields);
    }

private:
    log_config config_;
    std::ostream& out_;
    mutable std::mutex mutex_;
};

std::string_view to_string(log_level level) noexcept;

}  // namespace mlc
