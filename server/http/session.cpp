// One connection's coroutine: deadlines, limits, routing, the handler call and the keep-alive loop.
#include "server/http/session.hpp"

#include "common/service_busy.hpp"
#include "server/http/log_path.hpp"
#include "server/http/request_id.hpp"
#include "server/http/responses.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/string_view.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>

namespace mlc::server::http {

namespace {

using boost::system::error_code;
using clock_type = std::chrono::steady_clock;
namespace bhttp = beast::http;

// After an error response whose request was not read whole, unread bytes are drained this long at most:
// closing with unread data makes the kernel send RST, which can destroy our response before it is read.
constexpr std::chrono::milliseconds max_linger{1000};

constexpr std::string_view request_id_header = "X-Request-Id";

auto redirect(error_code& ec) {
    return asio::redirect_error(asio::use_awaitable, ec);
}

bool is_parse_error(const error_code& ec) {
    static const auto& http_category = bhttp::make_error_code(bhttp::error::bad_method).category();
    return ec.category() == http_category && ec != bhttp::error::end_of_stream &&
           ec != bhttp::error::partial_message;
}

// 404 and 405 are known from the header alone: answered before any body byte is read.
std::optional<response> unrouted(const route_match& match) {
    if (match.status == match_status::not_found) return error_response(bhttp::status::not_found, "not found");
    if (match.status == match_status::method_not_allowed) {
        response res = error_response(bhttp::status::method_not_allowed, "method not allowed");
        res.set(bhttp::field::allow, match.allow);
        return res;
    }
    return std::nullopt;
}

std::string endpoint_text(const asio::ip::tcp::socket& socket, bool with_port) {
    error_code ec;
    auto ep = socket.remote_endpoint(ec);
    if (ec) return "unknown";
    if (!with_port) return ep.address().to_string();
    return ep.address().to_string() + ":" + std::to_string(ep.port());
}

}  // namespace

struct session::exchange {
    bhttp::verb method = bhttp::verb::unknown;
    std::string path;  // without the query string: it may carry a token
    std::string route = std::string(unmatched_route);
    std::string request_id;
    unsigned version = 11;
    clock_type::time_point started = clock_type::now();
};

session::session(asio::ip::tcp::socket socket, std::shared_ptr<session_shared> shared)
    : stream_(std::move(socket)),
      shared_(std::move(shared)),
      remote_(endpoint_text(stream_.socket(), true)),
      remote_address_(endpoint_text(stream_.socket(), false)),
      handler_deadline_(stream_.get_executor()) {}

void session::start(std::function<void()> on_finished) {
    spawn(run(), std::move(on_finished));
}

void session::reject(std::function<void()> on_finished, std::string_view reason) {
    spawn(run_reject(std::string(reason)), std::move(on_finished));
}

void session::spawn(asio::awaitable<void> body, std::function<void()> on_finished) {
    asio::co_spawn(stream_.get_executor(), std::move(body),
                   asio::bind_cancellation_slot(cancel_.slot(),
                                                [self = shared_from_this(),
                                                 on_finished = std::move(on_finished)](std::exception_ptr e) {
                                                    if (e) self->log_escaped(e);
                                                    on_finished();
                                                }));
}

void session::log_escaped(std::exception_ptr e) const noexcept {
    // Second of the two places exceptions are caught: whatever escaped the connection ends it, nothing more.
    try {
        std::rethrow_exception(e);
    } catch (const boost::system::system_error& ex) {
        // After force_close() the coroutine's next co_await throws operation_aborted: expected, not an error.
        if (forced_ && ex.code() == asio::error::operation_aborted) return;
        shared_->log.error("http.session_error", {{"remote", remote_}, {"error", ex.what()}});
    } catch (const std::exception& ex) {
        shared_->log.error("http.session_error", {{"remote", remote_}, {"error", ex.what()}});
    } catch (...) {
        shared_->log.error("http.session_error", {{"remote", remote_}, {"error", "unknown exception"}});
    }
}

void session::stop() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->stopping_ = true;
        // Only a connection waiting for its next request is cut; one mid-request finishes it first.
        if (self->phase_ == phase::idle) self->stream_.cancel();
    });
}

void session::force_close() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->stopping_ = true;
        self->forced_ = true;
        self->cancel_.emit(asio::cancellation_type::terminal);
        error_code ec;
        self->stream_.socket().close(ec);
    });
}

asio::awaitable<void> session::run() {
    bool fresh = true;
    while (co_await serve_one(fresh)) fresh = false;
    co_await close();
}

asio::awaitable<void> session::run_reject(std::string reason) {
    exchange x;
    x.request_id = generate_request_id();
    shared_->metrics.connection_rejected(reason);
    const auto& cfg = shared_->cfg;
    shared_->log.warn("http.connection_rejected", {{"remote", remote_},
                                                   {"reason", reason},
                                                   {"max_connections", cfg.max_connections},
                                                   {"max_connections_per_ip", cfg.max_connections_per_ip}});
    linger_ = true;  // the client's request is never read
    co_await respond(error_response(bhttp::status::service_unavailable, "server busy"), x, false);
    co_await close();
}

asio::awaitable<bool> session::serve_one(bool fresh) {
    const auto& cfg = shared_->cfg;
    error_code ec;
    phase_ = phase::idle;
    if (stopping_) co_return false;

    // A new connection must deliver its whole first request within read_timeout (a client that connects and
    // stays silent holds a slot no longer than a slow one); a kept-alive one may wait idle_timeout for it.
    stream_.expires_after(fresh ? cfg.read_timeout : cfg.idle_timeout);
    if (buffer_.size() == 0) {
        std::size_t n = co_await stream_.async_read_some(buffer_.prepare(4096), redirect(ec));
        if (ec) {
            if (ec == beast::error::timeout)
                shared_->log.debug("http.connection_idle_timeout", {{"remote", remote_}});
            co_return false;
        }
        buffer_.commit(n);
    }
    phase_ = phase::reading;
    exchange x;
    if (!fresh) stream_.expires_after(cfg.read_timeout);

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(cfg.header_limit, std::numeric_limits<std::uint32_t>::max())));
    // No body limit while the header is read: the route decides it, and Beast would otherwise reject a large
    // Content-Length against its default before we know the route.
    parser.body_limit(boost::none);
    co_await bhttp::async_read_header(stream_, buffer_, parser, redirect(ec));
    x.method = parser.get().method();
    x.version = parser.get().version() == 10 ? 10 : 11;
    if (ec) {
        x.request_id = generate_request_id();
        if (ec == bhttp::error::header_limit) {
            linger_ = true;
            co_await respond(
                error_response(bhttp::status::request_header_fields_too_large, "request header too large"), x,
                false);
        } else if (is_parse_error(ec)) {
            linger_ = true;
            co_await respond(error_response(bhttp::status::bad_request, "malformed request"), x, false);
        } else if (ec == beast::error::timeout) {
            shared_->log.warn("http.read_timeout", {{"remote", remote_}, {"stage", "header"}});
        }
        co_return false;
    }
    co_return co_await serve_request(x, parser);
}

asio::awaitable<bool> session::serve_request(exchange& x, bhttp::request_parser<bhttp::string_body>& parser) {
    const auto& header = parser.get();
    route_match match = shared_->routes.match(header.method(), header.target());
    x.path = log_path(split_target(header.target()).path);
    x.request_id = request_id_for(header[request_id_header]);
    if (match.found) x.route = match.found->name;

    // 404, 405 and a failed authentication are answered from the header: an unknown route's body limit is
    // zero, and nobody unauthenticated makes us read (or allocate) a body.
    std::optional<response> refusal = unrouted(match);
    if (!refusal && match.found->authorize) refusal = match.found->authorize(header);
    if (refusal) {
        // Unread body bytes cannot be skipped on a kept-alive connection: answer, then close.
        linger_ = !parser.is_done();
        bool keep_alive = !linger_ && header.keep_alive() && !stopping_;
        co_return co_await respond(std::move(*refusal), x, keep_alive);
    }
    std::size_t limit = match.found->body_limit ? *match.found->body_limit : shared_->cfg.body_limit;
    if (!co_await read_body(x, parser, limit)) co_return false;
    co_return co_await run_handler(parser.release(), *match.found, x);
}

asio::awaitable<bool> session::read_body(exchange& x, bhttp::request_parser<bhttp::string_body>& parser,
                                         std::size_t limit) {
    error_code ec;
    const auto& header = parser.get();
    // Refuse an announced body before reading (and allocating) any of it; chunked bodies hit the parser
    // limit.
    bool too_large = parser.content_length() && *parser.content_length() > limit;
    if (!too_large && !parser.is_done()) {
        parser.body_limit(limit);
        if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
            static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
            co_await asio::async_write(stream_, asio::buffer(continue_line), redirect(ec));
            if (ec) co_return false;
        }
        co_await bhttp::async_read(stream_, buffer_, parser, redirect(ec));
        too_large = ec == bhttp::error::body_limit;
        if (!too_large && is_parse_error(ec)) {
            linger_ = true;
            co_await respond(error_response(bhttp::status::bad_request, "malformed request body"), x, false);
            co_return false;
        }
        if (!too_large && ec) {
            if (ec == beast::error::timeout)
                shared_->log.warn("http.read_timeout",
                                  {{"remote", remote_}, {"stage", "body"}, {"request_id", x.request_id}});
            co_return false;
        }
    }
    if (too_large) {
        linger_ = true;
        co_await respond(error_response(bhttp::status::payload_too_large, "request body too large"), x,
                         false);
        co_return false;
    }
    co_return true;
}

asio::awaitable<bool> session::run_handler(request req, const route& found, const exchange& x) {
    phase_ = phase::handling;
    // The stream's own timer would close the socket under the handler; handler_timeout bounds it instead.
    stream_.expires_never();
    std::uint64_t generation = ++handling_;
    watch_handler(generation);
    response res = co_await handle(req, found, x);
    ++handling_;  // disarms both watches
    handler_deadline_.cancel();
    error_code ignored;
    stream_.socket().cancel(ignored);  // the client watch's wait
    if (forced_) co_return false;
    // The cancellation was meant for the handler: the session itself still answers or closes cleanly.
    if (timed_out_ || client_gone_) co_await asio::this_coro::reset_cancellation_state();
    if (client_gone_) co_return false;
    bool keep_alive = req.keep_alive() && res.keep_alive() && !stopping_;
    if (timed_out_) {
        res = error_response(bhttp::status::service_unavailable, "handler timed out");
        keep_alive = false;
    }
    // keep_alive was asked before the version is overwritten: a handler may close with res.keep_alive(false).
    co_return co_await respond(std::move(res), x, keep_alive);
}

void session::watch_handler(std::uint64_t generation) {
    handler_deadline_.expires_after(shared_->cfg.handler_timeout);
    handler_deadline_.async_wait([self = shared_from_this(), generation](error_code ec) {
        if (ec || generation != self->handling_) return;
        self->timed_out_ = true;
        self->shared_->log.warn(
            "http.handler_timeout",
            {{"remote", self->remote_},
             {"timeout_ms", static_cast<std::int64_t>(self->shared_->cfg.handler_timeout.count())}});
        self->cancel_handler(generation);
    });
    watch_client(generation);
}

void session::watch_client(std::uint64_t generation) {
    // Waits for readability without reading: pipelined bytes stay in the socket for the next request.
    stream_.socket().async_wait(
        asio::ip::tcp::socket::wait_read, [self = shared_from_this(), generation](error_code ec) {
            if (ec || generation != self->handling_) return;
            auto& socket = self->stream_.socket();
            char byte = 0;
            error_code ignored;
            socket.non_blocking(true, ignored);  // a spurious wake-up must not block the strand
            std::size_t n = socket.receive(asio::buffer(&byte, 1), asio::socket_base::message_peek, ec);
            socket.non_blocking(false, ignored);
            if (ec == asio::error::would_block || ec == asio::error::try_again)
                return self->watch_client(generation);
            // Data: a pipelined request; watching on would wake at once, so stop (its answer tells anyway).
            if (!ec && n > 0) return;
            self->client_gone_ = true;  // EOF or reset: the answer would go to nobody
            self->shared_->log.info("http.client_gone", {{"remote", self->remote_}});
            self->cancel_handler(generation);
        });
}

void session::cancel_handler(std::uint64_t generation) {
    if (generation != handling_ || forced_) return;
    ++handling_;  // one cancellation per handler call
    cancel_.emit(asio::cancellation_type::terminal);
}

asio::awaitable<response> session::handle(const request& req, const route& found, const exchange& x) {
    auto parts = split_target(req.target());
    request_context ctx{req,         x.request_id,           found.name,     parts.path,
                        parts.query, stream_.get_executor(), remote_address_};
    // First of the two places exceptions are caught: a failing handler costs one 500, never the server.
    std::string error;
    bool busy = false;
    try {
        co_return co_await found.handler(ctx);
    } catch (const service_busy& e) {
        busy = true;
        error = e.what();
    } catch (const std::exception& e) {
        error = e.what();
    } catch (...) {
        error = "unknown exception";
    }
    if (busy) {
        // A saturated dependency refused the work at once (db::database_busy): the request may succeed soon.
        shared_->log.warn("http.busy", {{"request_id", x.request_id}, {"route", x.route}, {"error", error}});
        response res = error_response(bhttp::status::service_unavailable, "busy, try again");
        res.set(bhttp::field::retry_after, "1");
        co_return res;
    }
    bool cancelled = forced_ || timed_out_ || client_gone_;
    shared_->log.log(cancelled ? log_level::warn : log_level::error,
                     cancelled ? "http.handler_cancelled" : "http.handler_error",
                     {{"request_id", x.request_id}, {"route", x.route}, {"error", error}});
    co_return error_response(bhttp::status::internal_server_error, "internal error");
}

asio::awaitable<bool> session::respond(response res, const exchange& x, bool keep_alive) {
    error_code ec;
    phase_ = phase::writing;
    res.version(x.version);
    res.keep_alive(keep_alive);
    res.set(bhttp::field::server, "ml-connector");
    res.set(request_id_header, x.request_id);
    res.prepare_payload();
    stream_.expires_after(shared_->cfg.write_timeout);
    co_await bhttp::async_write(stream_, res, redirect(ec));

    auto elapsed = clock_type::now() - x.started;
    auto status = res.result_int();
    shared_->metrics.observe_request(x.route, x.method, status, elapsed);
    double ms = std::round(std::chrono::duration<double, std::milli>(elapsed).count() * 1000.0) / 1000.0;
    std::string_view method = x.method == bhttp::verb::unknown ? std::string_view("-")
                                                               : std::string_view(bhttp::to_string(x.method));
    shared_->log.info("http.request", {{"method", method},
                                       {"path", x.path},
                                       {"route", x.route},
                                       {"status", status},
                                       {"duration_ms", ms},
                                       {"request_id", x.request_id},
                                       {"remote", remote_}});
    if (ec) {
        shared_->log.debug("http.write_failed",
                           {{"request_id", x.request_id}, {"remote", remote_}, {"error", ec.message()}});
        co_return false;
    }
    co_return keep_alive;
}

asio::awaitable<void> session::close() {
    phase_ = phase::closing;
    if (forced_) co_return;  // the socket is already closed
    error_code ec;
    // FIN first, so the client sees the end of our response at once even while we drain below.
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    if (linger_ && !ec) {
        stream_.expires_after(std::min<std::chrono::milliseconds>(shared_->cfg.read_timeout, max_linger));
        std::array<char, 4096> sink;
        while (!ec) co_await stream_.async_read_some(asio::buffer(sink), redirect(ec));
    }
    stream_.socket().close(ec);
}

}  // namespace mlc::server::http
