// The outbound HTTP(S) client: request preparation, the keep-alive pool and the stale-connection rule.
#include "clients/http/client.hpp"

#include "clients/http/base_url.hpp"
#include "clients/http/connection.hpp"
#include "clients/http/idle_pool.hpp"
#include "clients/http/tls_context.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <atomic>
#include <mutex>
#include <stdexcept>

namespace mlc::clients::http {

namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using clock_type = std::chrono::steady_clock;

constexpr std::chrono::milliseconds tls_shutdown_limit{1000};

// Sends close_notify in the background so the caller does not wait for it.
asio::awaitable<void> retire(std::unique_ptr<connection> conn) {
    co_await conn->shutdown(tls_shutdown_limit);
}

}  // namespace

struct client::state {
    state(asio::any_io_executor e, base_url o, client_config c)
        : ex(std::move(e)),
          origin(std::move(o)),
          cfg(std::move(c)),
          tls(origin.tls ? make_tls_context(cfg) : nullptr),
          pool(cfg.max_idle_connections, cfg.max_idle_age) {}

    // An idle connection fit for reuse, or null. The mutex is held only here, never across co_await.
    std::unique_ptr<connection> take_idle() {
        std::lock_guard lock(mutex);
        for (;;) {
            auto found = pool.take(clock_type::now());
            if (!found) return nullptr;
            if (!(*found)->stale()) return std::move(*found);
        }
    }

    void put_idle(std::unique_ptr<connection> conn) {
        std::lock_guard lock(mutex);
        pool.put(std::move(conn), clock_type::now());
    }

    void discard(std::unique_ptr<connection> conn) {
        if (conn->secure()) asio::co_spawn(ex, retire(std::move(conn)), asio::detached);
        // A plain connection closes when it is destroyed here.
    }

    asio::any_io_executor ex;
    base_url origin;
    client_config cfg;
    std::shared_ptr<asio::ssl::context> tls;
    mutable std::mutex mutex;
    idle_pool<std::unique_ptr<connection>> pool;  // guarded by mutex
    std::atomic<std::size_t> opened{0};
};

client::client(asio::any_io_executor ex, std::string_view url, client_config cfg)
    : state_(std::make_shared<state>(std::move(ex), parse_base_url(url), std::move(cfg))) {}

client::~client() = default;

const std::string& client::base_path() const noexcept {
    return state_->origin.path;
}

std::size_t client::connections_opened() const noexcept {
    return state_->opened.load();
}

std::size_t client::idle_connections() const {
    std::lock_guard lock(state_->mutex);
    return state_->pool.size();
}

void client::close_idle() noexcept {
    std::lock_guard lock(state_->mutex);
    state_->pool.clear();
}

asio::awaitable<boost::system::result<response, transport_error>> client::send(outbound_request req) {
    if (req.target.empty() || req.target.front() != '/')
        throw std::invalid_argument("outbound request target must start with '/'");
    auto st = state_;
    auto deadline = clock_type::now() + st->cfg.attempt_timeout;
    if (req.deadline && *req.deadline < deadline) deadline = *req.deadline;

    connection::request msg{req.method, st->origin.path + req.target, 11};
    for (const auto& f : req.headers) msg.insert(f.name_string(), f.value());
    msg.set(bhttp::field::host, st->origin.host_header);
    if (msg.count(bhttp::field::user_agent) == 0) msg.set(bhttp::field::user_agent, st->cfg.user_agent);
    // 100-continue costs a round trip and breaks Service Layer behind its proxy (an empty 500).
    msg.erase(bhttp::field::expect);
    msg.body() = std::move(req.body);
    msg.prepare_payload();

    for (int round = 0;; ++round) {
        std::unique_ptr<connection> conn = round == 0 ? st->take_idle() : nullptr;
        bool reused = conn != nullptr;
        if (!conn) {
            conn = std::make_unique<connection>(st->ex, st->tls.get());
            ++st->opened;
            auto opened = co_await conn->open(st->origin, st->cfg.tls_verify, deadline);
            if (!opened) co_return opened.error();
        }
        auto result = co_await conn->exchange(msg, deadline, st->cfg.response_body_limit);
        if (result) {
            if (conn->reusable())
                st->put_idle(std::move(conn));
            else
                st->discard(std::move(conn));
            co_return result;
        }
        // The server closed a kept-alive connection as we used it (its idle timer won the race). Sending
        // again is harmless if it never got the request, or if the caller says the request may be replayed.
        const auto& err = result.error();
        bool retry = round == 0 && reused && err.what == failure::connection_closed &&
                     (!err.may_have_been_received || req.replay_safe);
        if (!retry) co_return result;
    }
}

}  // namespace mlc::clients::http
