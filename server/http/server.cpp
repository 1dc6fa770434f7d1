// The listener, the set of live sessions and the shutdown sequence.
#include "server/http/server.hpp"

#include "server/http/session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/string_view.hpp>

#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

namespace mlc::server::http {

namespace {

using asio::ip::tcp;
using boost::system::error_code;

auto redirect(error_code& ec) {
    return asio::redirect_error(asio::use_awaitable, ec);
}

// After a failed accept (e.g. EMFILE) retrying at once would spin on the same error.
constexpr std::chrono::milliseconds accept_backoff{50};

}  // namespace

struct server::state : std::enable_shared_from_this<state> {
    state(asio::io_context& io, std::shared_ptr<session_shared> sh)
        : ioc(io), shared(std::move(sh)), strand(asio::make_strand(io)), acceptor(strand), drained(strand) {}

    asio::io_context& ioc;
    std::shared_ptr<session_shared> shared;
    asio::strand<asio::io_context::executor_type> strand;  // runs the accept loop and the shutdown sequence
    tcp::acceptor acceptor;                                // strand-owned once start() returned
    asio::steady_timer drained;  // strand-owned; cancelled when the last session ends during shutdown
    tcp::endpoint endpoint;      // written by start(), read-only afterwards

    struct live_session {
        std::shared_ptr<session> s;
        std::string client;  // remote address, the key of per_client
    };
    mutable std::mutex mutex;  // guards the members below; never held across co_await
    std::unordered_map<std::uint64_t, live_session> sessions;
    std::unordered_map<std::string, std::size_t> per_client;  // sessions by remote address
    std::uint64_t next_id = 0;
    bool stopping = false;

    asio::awaitable<void> accept_loop();
    void on_accept(tcp::socket socket);
    void on_session_end(std::uint64_t id);
    asio::awaitable<void> drain(std::chrono::milliseconds grace);
    asio::awaitable<bool> wait_drained(std::chrono::steady_clock::time_point deadline);
    std::vector<std::shared_ptr<session>> live_sessions() const;
};

asio::awaitable<void> server::state::accept_loop() {
    asio::steady_timer backoff(strand);
    for (;;) {
        error_code ec;
        // Each connection gets its own strand: its coroutine never runs on two threads at once.
        tcp::socket socket =
            co_await acceptor.async_accept(asio::any_io_executor(asio::make_strand(ioc)), redirect(ec));
        if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;  // shutdown
        if (ec) {
            shared->log.warn("http.accept_failed", {{"error", ec.message()}});
            backoff.expires_after(accept_backoff);
            co_await backoff.async_wait(redirect(ec));
            continue;
        }
        on_accept(std::move(socket));
    }
}

void server::state::on_accept(tcp::socket socket) {
    error_code ec;
    std::string client = socket.remote_endpoint(ec).address().to_string();
    auto s = std::make_shared<session>(std::move(socket), shared);
    const http_server_config& cfg = shared->cfg;
    std::unique_lock lock(mutex);
    if (stopping) return;  // accepted just before shutdown closed the acceptor: dropping `s` closes it
    std::size_t& from_client = per_client[client];
    std::string_view refused;
    if (sessions.size() >= cfg.max_connections)
        refused = "max_connections";
    else if (cfg.max_connections_per_ip > 0 && from_client >= cfg.max_connections_per_ip)
        refused = "max_connections_per_ip";
    if (!refused.empty()) {
        if (from_client == 0) per_client.erase(client);
        lock.unlock();
        s->reject([] {}, refused);
        return;
    }
    ++from_client;
    std::uint64_t id = next_id++;
    sessions.emplace(id, live_session{s, std::move(client)});
    lock.unlock();
    shared->metrics.connection_opened();
    // weak_ptr: a session must not keep the listener alive; `sh` keeps the gauge reachable regardless.
    s->start([weak = weak_from_this(), sh = shared, id] {
        sh->metrics.connection_closed();
        if (auto st = weak.lock()) st->on_session_end(id);
    });
}

void server::state::on_session_end(std::uint64_t id) {
    std::lock_guard lock(mutex);
    if (auto it = sessions.find(id); it != sessions.end()) {
        auto count = per_client.find(it->second.client);
        if (count != per_client.end() && --count->second == 0) per_client.erase(count);
        sessions.erase(it);
    }
    // The drain timer belongs to the strand: wake shutdown through it, never touch the timer from here.
    if (stopping && sessions.empty())
        asio::post(strand, [self = shared_from_this()] { self->drained.cancel(); });
}

std::vector<std::shared_ptr<session>> server::state::live_sessions() const {
    std::lock_guard lock(mutex);
    std::vector<std::shared_ptr<session>> out;
    out.reserve(sessions.size());
    for (const auto& [id, live] : sessions) out.push_back(live.s);
    return out;
}

asio::awaitable<bool> server::state::wait_drained(std::chrono::steady_clock::time_point deadline) {
    // Runs on the strand, like the cancel() posted by on_session_end: checking and starting the wait happen
    // in one strand step, so the wake-up cannot slip in between and be lost.
    for (;;) {
        {
            std::lock_guard lock(mutex);
            if (sessions.empty()) co_return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) co_return false;
        drained.expires_at(deadline);
        error_code ec;
        co_await drained.async_wait(redirect(ec));
    }
}

asio::awaitable<void> server::state::drain(std::chrono::milliseconds grace) {
    error_code ec;
    acceptor.close(ec);  // new connections are refused from now on
    {
        std::lock_guard lock(mutex);
        stopping = true;
    }
    auto live = live_sessions();
    shared->log.info("http.shutdown_started",
                     {{"connections", live.size()}, {"grace_ms", static_cast<std::int64_t>(grace.count())}});
    for (const auto& s : live) s->stop();
    live.clear();  // hold no session longer than needed

    if (!co_await wait_drained(std::chrono::steady_clock::now() + grace)) {
        live = live_sessions();
        shared->log.warn("http.shutdown_force_close", {{"connections", live.size()}});
        for (const auto& s : live) s->force_close();
        live.clear();
        co_await wait_drained(std::chrono::steady_clock::time_point::max());
    }
    shared->log.info("http.shutdown_complete");
}

server::server(asio::io_context& ioc, const http_server_config& cfg, router routes, const logger& log,
               prometheus::Registry& metrics)
    : state_(std::make_shared<state>(ioc, std::make_shared<session_shared>(session_shared{
                                              cfg, std::move(routes), log, http_metrics(metrics)}))) {}

server::~server() = default;

void server::start() {
    state& st = *state_;
    const http_server_config& cfg = st.shared->cfg;
    if (st.acceptor.is_open()) throw std::logic_error("http server already started");
    std::string where = cfg.listen_host + ":" + std::to_string(cfg.listen_port);

    error_code ec;
    tcp::resolver resolver(st.ioc);
    auto results = resolver.resolve(cfg.listen_host, std::to_string(cfg.listen_port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (!ec && results.empty()) ec = asio::error::host_not_found;
    if (ec) throw std::system_error(ec, "cannot resolve listen address " + where);

    tcp::endpoint ep = results.begin()->endpoint();
    st.acceptor.open(ep.protocol(), ec);
    // Lets a restarted service bind while old connections sit in TIME_WAIT; two listeners still conflict.
    if (!ec) st.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) st.acceptor.bind(ep, ec);
    if (!ec) st.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) st.endpoint = st.acceptor.local_endpoint(ec);
    if (ec) {
        error_code ignored;
        st.acceptor.close(ignored);
        throw std::system_error(ec, "cannot listen on " + where);
    }
    st.shared->log.info("http.listening",
                        {{"address", st.endpoint.address().to_string()}, {"port", st.endpoint.port()}});

    asio::co_spawn(st.strand, st.accept_loop(), [self = state_](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            self->shared->log.error("http.accept_loop_failed", {{"error", ex.what()}});
        }
    });
}

tcp::endpoint server::local_endpoint() const {
    return state_->endpoint;
}

std::size_t server::active_connections() const {
    std::lock_guard lock(state_->mutex);
    return state_->sessions.size();
}

asio::awaitable<void> server::shutdown(std::chrono::milliseconds grace) {
    // The sequence runs on the listener's strand, which owns the acceptor and the drain timer.
    auto st = state_;
    co_await asio::co_spawn(st->strand, st->drain(grace), asio::use_awaitable);
}

}  // namespace mlc::server::http
