// What the flows' loops share.
#include "flows/worker_loop.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <unistd.h>

namespace mlc::flows {

boost::asio::awaitable<void> wait_or_wake(boost::asio::steady_timer& timer,
                                          boost::asio::steady_timer::duration d) {
    timer.expires_after(d);
    boost::system::error_code ec;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
}

std::chrono::milliseconds retry_delay_after(int attempt, std::chrono::milliseconds base,
                                            std::chrono::milliseconds max) noexcept {
    auto delay = base;
    for (int i = 1; i < attempt && delay < max; ++i) delay *= 2;
    return std::min(delay, max);
}

std::string worker_owner(std::string_view role, std::size_t index) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host) + ":" + std::to_string(getpid()) + ":" + std::string(role) + "-" +
           std::to_string(index);
}

}  // namespace mlc::flows
