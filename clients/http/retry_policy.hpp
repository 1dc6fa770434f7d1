// When to try an outbound request again and how long to pause first: exponential backoff, full jitter.
#pragma once

#include "clients/http/message.hpp"
#include "clients/http/transport_error.hpp"

#include <boost/system/result.hpp>

#include <chrono>
#include <functional>
#include <optional>

namespace mlc::clients::http {

struct retry_config {
    unsigned max_attempts = 3;                  // attempts in all, the first one included
    std::chrono::milliseconds base_delay{200};  // upper bound of the first pause; doubles per attempt
    std::chrono::milliseconds max_delay{5000};  // no pause is longer than this
};

enum class outcome_class {
    done,       // an answer to act on (any status but the retryable ones) or an error a retry cannot fix
    retryable,  // a transient failure that another attempt may overcome
};

// Classifies one attempt. Never retryable unless the request certainly did not reach the server or is
// replay_safe: connect/resolve failures always; timeouts and closed connections when not received or
// replay_safe; 502/503/504 when replay_safe; 429 always (the server refused to process it). TLS, protocol
// and body-size failures are done. Never throws.
outcome_class classify(const boost::system::result<response, transport_error>& outcome,
                       bool replay_safe) noexcept;

// Uniform in [0, 1). Tests inject a fixed sequence.
using random_fn = std::function<double()>;

// Immutable after construction; safe to share if the random source is (the default one is).
class retry_policy {
public:
    // `random` empty: a per-thread std::mt19937_64. Never throws except std::bad_alloc.
    explicit retry_policy(retry_config cfg = {}, random_fn random = {});

    // After `attempts` attempts (1-based) of which the last ended as `outcome`: the pause before the next
    // attempt, or nullopt to stop (done, or max_attempts reached). Never throws.
    std::optional<std::chrono::milliseconds> next_delay(unsigned attempts, outcome_class outcome) const;

    // The full-jitter pause after `attempts` failed attempts: uniform in
    // [0, min(max_delay, base_delay * 2^(attempts-1))]. Never throws.
    std::chrono::milliseconds backoff(unsigned attempts) const;

    const retry_config& config() const noexcept { return cfg_; }

private:
    retry_config cfg_;
    random_fn random_;
};

}  // namespace mlc::clients::http
