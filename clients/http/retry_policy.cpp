// Exponential backoff with full jitter, and which outcomes deserve another attempt.
#include "clients/http/retry_policy.hpp"

#include "common/backoff.hpp"

#include <algorithm>
#include <random>

namespace mlc::clients::http {

namespace {

double default_random() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace

outcome_class classify(const boost::system::result<response, transport_error>& outcome,
                       bool replay_safe) noexcept {
    if (outcome) {
        switch (outcome->result_int()) {
            case 429:
                return outcome_class::retryable;
            case 502:
            case 503:
            case 504:
                return replay_safe ? outcome_class::retryable : outcome_class::done;
            default:
                return outcome_class::done;
        }
    }
    const transport_error& e = outcome.error();
    switch (e.what) {
        case failure::resolve:
        case failure::connect:
            return outcome_class::retryable;
        case failure::timeout:
        case failure::connection_closed:
            return !e.may_have_been_received || replay_safe ? outcome_class::retryable : outcome_class::done;
        case failure::tls:
        case failure::protocol:
        case failure::body_too_large:
            return outcome_class::done;
    }
    return outcome_class::done;
}

retry_policy::retry_policy(retry_config cfg, random_fn random)
    : cfg_(cfg), random_(random ? std::move(random) : random_fn(default_random)) {}

std::chrono::milliseconds retry_policy::backoff(unsigned attempts) const {
    using std::chrono::milliseconds;
    milliseconds cap = doubling_backoff(attempts, std::max(cfg_.base_delay, milliseconds(0)), cfg_.max_delay);
    double r = std::clamp(random_(), 0.0, 1.0);
    return milliseconds(static_cast<milliseconds::rep>(r * static_cast<double>(cap.count())));
}

std::optional<std::chrono::milliseconds> retry_policy::next_delay(unsigned attempts,
                                                                  outcome_class outcome) const {
    if (outcome != outcome_class::retryable || attempts >= cfg_.max_attempts) return std::nullopt;
    return backoff(attempts);
}

}  // namespace mlc::clients::http
