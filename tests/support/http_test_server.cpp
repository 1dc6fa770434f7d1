// Runs an HTTP server on 127.0.0.1:0 with its io_context on two threads, for integration tests.
#include "tests/support/http_test_server.hpp"

#include "common/metrics_text.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

namespace mlc::test {

http_server_config loopback_http_config() {
    http_server_config cfg;
    cfg.listen_host = "127.0.0.1";
    cfg.listen_port = 0;
    cfg.read_timeout = std::chrono::seconds(3);
    cfg.idle_timeout = std::chrono::seconds(3);
    cfg.write_timeout = std::chrono::seconds(3);
    return cfg;
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds within) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

http_test_server::http_test_server(http_server_config cfg, server::http::router routes)
    : work_(ioc_.get_executor()), log_({log_level::debug, log_format::json}, log_out_) {
    server_.emplace(ioc_, cfg, std::move(routes), log_, registry_);
    server_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
}

http_test_server::~http_test_server() {
    stop();
}

std::uint16_t http_test_server::port() const {
    return server_->local_endpoint().port();
}

std::shared_future<void> http_test_server::begin_shutdown(std::chrono::milliseconds grace) {
    shutdown_ = boost::asio::co_spawn(ioc_, server_->shutdown(grace), boost::asio::use_future).share();
    return *shutdown_;
}

bool http_test_server::stop(std::chrono::milliseconds limit) {
    if (stopped_) return true;
    stopped_ = true;
    if (!shutdown_) begin_shutdown(std::chrono::milliseconds(200));
    bool completed = shutdown_->wait_for(limit) == std::future_status::ready;
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
    return completed;
}

std::string http_test_server::metrics_text() {
    return render_prometheus_text(registry_);
}

}  // namespace mlc::test
