// Sends an outbound request again after a pause while the retry policy says the outcome is transient.
#pragma once

#include "clients/http/client.hpp"
#include "clients/http/retry_policy.hpp"

#include <boost/asio/awaitable.hpp>

namespace mlc::clients::http {

// Sends `req` through `c`; while classify(outcome, req.replay_safe) is retryable and `policy` allows another
// attempt, pauses (at least a Retry-After given in seconds, at most max_delay) and sends again. Stops early
// when the pause would end past req.deadline. Returns the last outcome. Throws what client::send throws.
boost::asio::awaitable<boost::system::result<response, transport_error>> send_with_retry(
    client& c, outbound_request req, const retry_policy& policy);

}  // namespace mlc::clients::http
