// The simulator's request path: control routes; V1 with Basic auth and its fixed-window limit in the
// X-Rate-Limit-* headers; V2 under /v2/ with the API-Key header, its own window and Retry-After; injected
// faults for both; webhook delivery after the answer is decided.
#include "tests/simulators/shipstation/simulator.hpp"

#include "tests/simulators/shipstation/routes.hpp"
#include "tests/simulators/shipstation/webhook_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>

namespace mlc::sim::shipstation {

// How one API words what the shared request path decides.
struct api_flavour {
    response (*not_found)(sim_state&);
    response (*not_allowed)(sim_state&);
    response (*failure)(sim_state&);  // an injected 500
    response (*run)(sim_state&, const api_route&, std::int64_t, const request&, const query_params&,
                    std::vector<webhook_delivery>&);
};

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::json::object;

constexpr auto webhook_timeout = std::chrono::seconds(10);

std::string base64(std::string_view in) {
    std::string out(boost::beast::detail::base64::encoded_size(in.size()), '\0');
    out.resize(boost::beast::detail::base64::encode(out.data(), in.data(), in.size()));
    return out;
}

response json_answer(unsigned status, const boost::json::value& body) {
    response res{static_cast<http::status>(status), 11};
    if (!body.is_null()) {
        res.set(http::field::content_type, "application/json; charset=utf-8");
        res.body() = boost::json::serialize(body);
    }
    return res;
}

// "apiOrders[3].items[0].name" -> "apiOrders.items.name": ModelState keys as the reference shows them.
std::string without_indexes(std::string_view field) {
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        auto close = field[i] == '[' ? field.find(']', i) : std::string_view::npos;
        bool digits = close != std::string_view::npos && close > i + 1 &&
                      std::all_of(field.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                  field.begin() + static_cast<std::ptrdiff_t>(close),
                                  [](char c) { return c >= '0' && c <= '9'; });
        if (digits)
            i = close;
        else
            out += field[i];
    }
    return out;
}

response model_state_answer(const model_error& e, const answer_settings& forms) {
    auto field = forms.model_state_indexes ? e.field : without_indexes(e.field);
    return json_answer(400, object{{"Message", "The request is invalid."},
                                   {"ModelState", object{{field, boost::json::array{e.what()}}}}});
}

response simulated_500() {
    return json_answer(500, object{{"Message", "An error has occurred."},
                                   {"ExceptionMessage", "Simulated failure (injected by the simulator)."},
                                   {"ExceptionType", "System.InvalidOperationException"},
                                   {"StackTrace", nullptr}});
}

response v2_answer(const v2_error& e, std::string request_id) {
    return json_answer(e.status, object{{"request_id", std::move(request_id)},
                                        {"errors", boost::json::array{object{{"error_source", "ShipStation"},
                                                                             {"error_type", e.error_type},
                                                                             {"error_code", e.error_code},
                                                                             {"message", e.what()}}}}});
}

void set_rate_headers(response& res, const window_verdict& v) {
    res.set("X-Rate-Limit-Limit", std::to_string(v.limit));
    res.set("X-Rate-Limit-Remaining", std::to_string(v.remaining));
    res.set("X-Rate-Limit-Reset", std::to_string(v.reset_seconds));
}

// "GET /orders/{id}": the counter label of a request.
std::string endpoint_label(const request& req, const api_route* route, std::string_view path) {
    return std::string(req.method_string()) + " " + std::string(route ? route->pattern : path);
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> deliver(sim_state& state, std::vector<webhook_delivery> deliveries,
                              webhook_settings w) {
    auto ex = co_await asio::this_coro::executor;
    if (w.delay.count() > 0) co_await sleep_for(w.delay);
    for (int round = 0; round < (w.deliver_twice ? 2 : 1); ++round) {
        for (const auto& d : deliveries) {
            bool ok = co_await post_json(ex, d.target_url, d.payload, webhook_timeout);
            state.count_webhook(ok);
        }
    }
}

// Sends the webhooks in the background, on a strand of their own: the io_context runs on several threads, and
// post_json's Beast stream needs its timer handler and its I/O completions never to run at once.
void spawn_deliveries(asio::io_context& ioc, sim_state& state, std::vector<webhook_delivery> deliveries) {
    asio::co_spawn(asio::make_strand(ioc), deliver(state, std::move(deliveries), state.webhooks_settings()),
                   asio::detached);
}

// The body of a route that takes one, parsed; null when it takes none, or when it is not JSON (`ec` set).
boost::json::value body_of(const api_route& route, const request& req, boost::system::error_code& ec) {
    if (route.param.empty()) return nullptr;
    auto body = boost::json::parse(req.body(), ec);
    return ec ? boost::json::value(nullptr) : body;
}

// Runs a route, turning invalid input into the documented 400 shapes.
response run_route(sim_state& state, const api_route& route, std::int64_t id, const request& req,
                   const query_params& q, std::vector<webhook_delivery>& out) {
    try {
        boost::system::error_code ec;
        auto body = body_of(route, req, ec);
        if (ec) {
            throw model_error(std::string(route.param),
                              req.body().empty() ? "The request body is required."
                                                 : "Unexpected character encountered while parsing value.");
        }
        auto result = route.fn(state, call{id, q, body, out});
        if (auto* paged = result.body.if_object();
            paged && paged->contains("pages") && state.answers().zero_pages)
            (*paged)["pages"] = 0;  // as some real answers say, with results on the page
        return json_answer(result.status, result.body);
    } catch (const model_error& e) {
        out.clear();
        return model_state_answer(e, state.answers());
    }
}

// Runs a V2 route, turning invalid input into V2's error body.
response run_v2_route(sim_state& state, const api_route& route, std::int64_t, const request& req,
                      const query_params& q, std::vector<webhook_delivery>& out) {
    try {
        boost::system::error_code ec;
        auto body = body_of(route, req, ec);  // the route refuses null like any body that is not an object
        auto result = route.fn(state, call{0, q, body, out});
        return json_answer(result.status, result.body);
    } catch (const v2_error& e) {
        return v2_answer(e, state.new_request_id());
    }
}

const api_flavour v1_flavour{
    [](sim_state&) {
        return json_answer(404,
                           object{{"Message", "No HTTP resource was found that matches the request URI."}});
    },
    [](sim_state&) {
        return json_answer(405, object{{"Message", "The requested resource does not support this method."}});
    },
    [](sim_state&) { return simulated_500(); }, run_route};

const api_flavour v2_flavour{
    [](sim_state& s) {
        return v2_answer(v2_error(404, "validation", "invalid_identifier", "The resource was not found."),
                         s.new_request_id());
    },
    [](sim_state& s) {
        return v2_answer(v2_error(405, "validation", "invalid_status", "The method is not allowed here."),
                         s.new_request_id());
    },
    [](sim_state& s) {
        return v2_answer(
            v2_error(500, "system", "unspecified", "Simulated failure (injected by the simulator)."),
            s.new_request_id());
    },
    run_v2_route};

}  // namespace

simulator::simulator(sim_config cfg, wall_clock_fn now)
    : cfg_(std::move(cfg)),
      state_(std::make_unique<sim_state>(cfg_, std::move(now))),
      work_(ioc_.get_executor()) {
    asio::ip::tcp::endpoint ep(asio::ip::make_address(cfg_.listen_host), cfg_.listen_port);
    listener_ =
        std::make_unique<http_listener>(ioc_, ep, [this](const request& req) { return dispatch(req); });
    port_ = listener_->local_endpoint().port();
    base_url_ = cfg_.public_url.empty() ? "http://" + cfg_.listen_host + ":" + std::to_string(port_)
                                        : cfg_.public_url;
    state_->set_base_url(base_url_);
    listener_->start();
    for (std::size_t i = 0; i < std::max<std::size_t>(1, cfg_.threads); ++i) {
        threads_.emplace_back([this] { ioc_.run(); });
    }
}

simulator::~simulator() {
    stop();
}

void simulator::stop() noexcept {
    if (stopped_) return;
    stopped_ = true;
    listener_->stop();
    work_.reset();
    ioc_.stop();  // pending connections, hung ones included, end with the io_context
    for (auto& t : threads_) t.join();
}

asio::awaitable<response> simulator::dispatch(const request& req) {
    auto target = std::string_view(req.target());
    auto qpos = target.find('?');
    auto path = target.substr(0, qpos);
    query_params q(qpos == std::string_view::npos ? std::string_view{} : target.substr(qpos + 1));
    std::vector<webhook_delivery> deliveries;

    if (path.starts_with("/_control/")) {
        auto found = find_route(control_routes(), req.method(), path);
        if (found.status != route_status::found) {
            co_return json_answer(found.status == route_status::not_found ? 404 : 405,
                                  object{{"Message", "No such control endpoint."}});
        }
        auto res = run_route(*state_, *found.route, found.id, req, q, deliveries);
        if (!deliveries.empty()) spawn_deliveries(ioc_, *state_, std::move(deliveries));
        co_return res;
    }

    if (path.starts_with("/v2/")) co_return co_await dispatch_v2(req, path, q);
    if (req[http::field::authorization] != "Basic " + base64(cfg_.api_key + ":" + cfg_.api_secret)) {
        state_->count_unauthorized();
        auto res = json_answer(401, object{{"Message", "Authorization has been denied for this request."}});
        set_rate_headers(res, state_->peek_window());
        co_return res;
    }
    auto found = find_route(api_routes(), req.method(), path);
    auto verdict = state_->admit_request(endpoint_label(req, found.route, path));
    if (!verdict.allowed) {
        auto res = json_answer(429, object{{"message", "Too Many Requests"}});
        set_rate_headers(res, verdict);
        co_return res;
    }
    auto res = co_await serve(found, req, q, v1_flavour);
    set_rate_headers(res, verdict);
    co_return res;
}

asio::awaitable<response> simulator::dispatch_v2(const request& req, std::string_view path,
                                                 const query_params& q) {
    if (req["API-Key"] != cfg_.v2_api_key) {
        state_->count_unauthorized();
        co_return v2_answer(v2_error(401, "security", "unauthorized", "The API key is missing or invalid."),
                            state_->new_request_id());
    }
    auto found = find_route(v2_routes(), req.method(), path);
    auto verdict = state_->admit_v2_request(endpoint_label(req, found.route, path));
    if (!verdict.allowed) {
        auto res =
            v2_answer(v2_error(429, "system", "rate_limit_exceeded", "You have exceeded the rate limit."),
                      state_->new_request_id());
        res.set(http::field::retry_after, std::to_string(verdict.reset_seconds));
        co_return res;
    }
    co_return co_await serve(found, req, q, v2_flavour);
}

asio::awaitable<response> simulator::serve(const route_lookup& found, const request& req,
                                           const query_params& q, const api_flavour& api) {
    std::vector<webhook_delivery> deliveries;
    auto latency = state_->faults().latency;
    if (latency.count() > 0) co_await sleep_for(latency);
    if (found.status != route_status::found) {
        co_return found.status == route_status::not_found ? api.not_found(*state_) : api.not_allowed(*state_);
    }
    response res;
    auto fault = state_->take_fault(found.route->write());
    if (fault == "hang") {
        co_await sleep_for(std::chrono::hours(24));  // ends when the simulator stops
        co_return api.failure(*state_);
    }
    if (fault == "before") co_return api.failure(*state_);
    res = api.run(*state_, *found.route, found.id, req, q, deliveries);
    if (fault == "after") res = api.failure(*state_);  // the write happened; the caller cannot know
    if (!deliveries.empty()) spawn_deliveries(ioc_, *state_, std::move(deliveries));
    if (fault == "after_hang") {
        co_await sleep_for(std::chrono::hours(24));  // ends when the simulator stops
        co_return api.failure(*state_);
    }
    co_return res;
}

}  // namespace mlc::sim::shipstation
