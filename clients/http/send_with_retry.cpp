// Sends an outbound request again after a pause while the retry policy says the outcome is transient.
#include "clients/http/send_with_retry.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <charconv>

namespace mlc::clients::http {

namespace {

namespace asio = boost::asio;

std::chrono::milliseconds retry_after(const response& res) {
    auto it = res.find(boost::beast::http::field::retry_after);
    if (it == res.end()) return {};
    std::string_view v = it->value();
    unsigned seconds = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
    if (ec != std::errc{} || end != v.data() + v.size()) return {};  // an HTTP date: ignored
    return std::chrono::seconds(seconds);
}

}  // namespace

asio::awaitable<boost::system::result<response, transport_error>> send_with_retry(
    client& c, outbound_request req, const retry_policy& policy) {
    for (unsigned attempt = 1;; ++attempt) {
        auto outcome = co_await c.send(req);
        auto pause = policy.next_delay(attempt, classify(outcome, req.replay_safe));
        if (!pause) co_return outcome;
        if (outcome) *pause = std::min(std::max(*pause, retry_after(*outcome)), policy.config().max_delay);
        if (req.deadline && std::chrono::steady_clock::now() + *pause >= *req.deadline) co_return outcome;
        asio::steady_timer timer(co_await asio::this_coro::executor, *pause);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

}  // namespace mlc::clients::http
