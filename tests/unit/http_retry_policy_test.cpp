// Unit tests of the retry policy: backoff bounds with injected randomness, and outcome classification.
#include "clients/http/retry_policy.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace mlc::clients::http {
namespace {

using namespace std::chrono_literals;
using outcome = boost::system::result<response, transport_error>;

random_fn fixed(double r) {
    return [r] { return r; };
}

outcome with_status(unsigned status) {
    response res;
    res.result(status);
    return res;
}

outcome failed(failure what, bool received) {
    return transport_error{what, received, {}, {}};
}

TEST(http_retry_policy, full_jitter_upper_bound_doubles_and_is_capped) {
    retry_policy top({10, 100ms, 1000ms}, fixed(1.0));
    EXPECT_EQ(top.backoff(1), 100ms);
    EXPECT_EQ(top.backoff(2), 200ms);
    EXPECT_EQ(top.backoff(3), 400ms);
    EXPECT_EQ(top.backoff(4), 800ms);
    EXPECT_EQ(top.backoff(5), 1000ms);
    EXPECT_EQ(top.backoff(1000), 1000ms);  // no overflow

    retry_policy bottom({10, 100ms, 1000ms}, fixed(0.0));
    EXPECT_EQ(bottom.backoff(4), 0ms);
    retry_policy half({10, 100ms, 1000ms}, fixed(0.5));
    EXPECT_EQ(half.backoff(3), 200ms);
}

TEST(http_retry_policy, jitter_draws_a_fresh_value_per_pause) {
    std::vector<double> values{0.25, 0.75};
    std::size_t i = 0;
    retry_policy p({5, 400ms, 10s}, [&] { return values[i++ % values.size()]; });
    EXPECT_EQ(p.backoff(1), 100ms);
    EXPECT_EQ(p.backoff(1), 300ms);
}

TEST(http_retry_policy, stops_at_max_attempts_and_on_done) {
    retry_policy p({3, 100ms, 1s}, fixed(1.0));
    EXPECT_EQ(p.next_delay(1, outcome_class::retryable), 100ms);
    EXPECT_EQ(p.next_delay(2, outcome_class::retryable), 200ms);
    EXPECT_EQ(p.next_delay(3, outcome_class::retryable), std::nullopt);
    EXPECT_EQ(p.next_delay(1, outcome_class::done), std::nullopt);
    retry_policy once({1, 100ms, 1s}, fixed(1.0));
    EXPECT_EQ(once.next_delay(1, outcome_class::retryable), std::nullopt);
}

TEST(http_retry_policy, gateway_errors_are_retried_only_when_replay_safe) {
    for (unsigned s : {502u, 503u, 504u}) {
        EXPECT_EQ(classify(with_status(s), true), outcome_class::retryable) << s;
        EXPECT_EQ(classify(with_status(s), false), outcome_class::done) << s;
    }
    EXPECT_EQ(classify(with_status(429), false), outcome_class::retryable);
    for (unsigned s : {200u, 201u, 204u, 400u, 401u, 404u, 500u})
        EXPECT_EQ(classify(with_status(s), true), outcome_class::done) << s;
}

TEST(http_retry_policy, transport_failures_retry_unless_possibly_received_and_unsafe) {
    EXPECT_EQ(classify(failed(failure::connect, false), false), outcome_class::retryable);
    EXPECT_EQ(classify(failed(failure::resolve, false), false), outcome_class::retryable);
    EXPECT_EQ(classify(failed(failure::timeout, false), false), outcome_class::retryable);
    EXPECT_EQ(classify(failed(failure::timeout, true), false), outcome_class::done);
    EXPECT_EQ(classify(failed(failure::timeout, true), true), outcome_class::retryable);
    EXPECT_EQ(classify(failed(failure::connection_closed, true), false), outcome_class::done);
    EXPECT_EQ(classify(failed(failure::connection_closed, true), true), outcome_class::retryable);
    EXPECT_EQ(classify(failed(failure::tls, false), true), outcome_class::done);
    EXPECT_EQ(classify(failed(failure::protocol, true), true), outcome_class::done);
    EXPECT_EQ(classify(failed(failure::body_too_large, true), true), outcome_class::done);
}

}  // namespace
}  // namespace mlc::clients::http
