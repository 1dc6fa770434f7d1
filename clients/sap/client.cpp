// The SAP Business One Service Layer client: construction, keep-alive, shutdown and metered requests.
#include "clients/sap/client.hpp"

#include "clients/http/client.hpp"
#include "clients/sap/collection.hpp"
#include "clients/sap/sap_metrics.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>

namespace mlc::clients::sap {

namespace {

http::client_config http_config(const sap_config& cfg, const options& opts) {
    http::client_config c;
    c.attempt_timeout = opts.attempt_timeout;
    c.tls_verify = cfg.tls_verify;
    c.ca_file = cfg.ca_file;
    // $metadata runs to several megabytes on a real Service Layer (more with many UDFs and UDOs).
    c.response_body_limit = std::max<std::size_t>(c.response_body_limit, 64 * 1024 * 1024);
    return c;
}

}  // namespace

struct client::state {
    state(const sap_config& cfg, options o, const logger& l, boost::asio::any_io_executor ex,
          prometheus::Registry* registry)
        : version(version_from_url(cfg.url)),
          opts(std::move(o)),
          log(l),
          metrics(registry ? std::make_unique<sap_metrics>(*registry) : nullptr),
          http(std::move(ex), cfg.url, http_config(cfg, opts)),
          sess(http, cfg, opts, log, steady_now, observer()) {}

    session_observer observer() {
        if (!metrics) return {};
        return [m = metrics.get()](session_event e) { m->on_session_event(e); };
    }

    template <class T>
    void observe(std::string_view operation, const outcome<T>& result,
                 std::chrono::steady_clock::time_point started) {
        if (!metrics) return;
        std::optional<error_kind> failure;
        if (!result) failure = result.error().kind;
        metrics->observe(operation, failure, std::chrono::steady_clock::now() - started);
    }

    api_version version;
    options opts;
    const logger& log;
    std::unique_ptr<sap_metrics> metrics;
    http::client http;
    session sess;
    mutable std::mutex facts_mutex;  // guards the two below; never held across co_await
    std::optional<date_form> date;
    std::optional<batch_property_choice> batches;
};

client::client(const sap_config& cfg, options opts, const logger& log, boost::asio::any_io_executor ex,
               prometheus::Registry* metrics)
    : state_(std::make_unique<state>(cfg, std::move(opts), log, std::move(ex), metrics)) {}

client::~client() = default;

boost::asio::awaitable<void> client::run() {
    co_await state_->sess.run_keep_alive();
}

boost::asio::awaitable<void> client::shutdown() {
    state_->sess.stop();
    co_await state_->sess.logout();
}

boost::asio::awaitable<outcome<http::response>> client::execute(std::string operation, sap_request req) {
    auto started = std::chrono::steady_clock::now();
    auto result = co_await state_->sess.execute(std::move(req));
    state_->observe(operation, result, started);
    co_return result;
}

boost::asio::awaitable<outcome<boost::json::array>> client::read_all(std::string operation,
                                                                     std::string target) {
    auto started = std::chrono::steady_clock::now();
    auto rows = co_await read_collection(state_->sess, state_->http.base_path(), std::move(target),
                                         state_->opts.page_size);
    state_->observe(operation, rows, started);
    co_return rows;
}

boost::asio::awaitable<outcome<collection_page>> client::read_page(std::string operation,
                                                                   std::string target) {
    auto started = std::chrono::steady_clock::now();
    auto page = co_await read_collection_page(state_->sess, state_->http.base_path(), std::move(target),
                                              state_->opts.page_size);
    state_->observe(operation, page, started);
    co_return page;
}

api_version client::version() const noexcept {
    return state_->version;
}

std::optional<login_info> client::last_login() const {
    return state_->sess.last_login();
}

const session_stats& client::stats() const noexcept {
    return state_->sess.stats();
}

const options& client::config() const noexcept {
    return state_->opts;
}

std::optional<date_form> client::learned_date_form() const {
    std::lock_guard lock(state_->facts_mutex);
    return state_->date;
}

void client::remember_date_form(date_form form) {
    std::lock_guard lock(state_->facts_mutex);
    state_->date = form;
}

std::optional<batch_property_choice> client::learned_batch_property() const {
    std::lock_guard lock(state_->facts_mutex);
    return state_->batches;
}

void client::remember_batch_property(batch_property_choice choice) {
    std::lock_guard lock(state_->facts_mutex);
    state_->batches = std::move(choice);
}

date_form client::filter_date_form() const noexcept {
    std::lock_guard lock(state_->facts_mutex);
    return state_->date.value_or(documented_date_form(state_->version));
}

const logger& client::log() const noexcept {
    return state_->log;
}

}  // namespace mlc::clients::sap
