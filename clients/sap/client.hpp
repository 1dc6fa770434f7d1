// The Service Layer client: owns the HTTP client, session and metrics; the typed operations use it.
#pragma once

#include "clients/call_error.hpp"
#include "clients/http/message.hpp"
#include "clients/sap/api_version.hpp"
#include "clients/sap/collection_page.hpp"
#include "clients/sap/date_form.hpp"
#include "clients/sap/login.hpp"
#include "clients/sap/metadata.hpp"
#include "clients/sap/options.hpp"
#include "clients/sap/session.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace prometheus {
class Registry;
}

namespace mlc::clients::sap {

// Safe to share between coroutines and threads; must outlive every call in flight and run().
class client {
public:
    // Reads the API version from cfg.url and builds the HTTP client (cfg.tls_verify and cfg.ca_file as its
    // TLS trust, opts.attempt_timeout per attempt) and the session. `log` and `metrics` (optional: no
    // metrics when null) must outlive the client. Throws std::invalid_argument for a URL that is not a
    // /b1s/v1 or /b1s/v2 root, std::runtime_error naming cfg.ca_file if it cannot be read.
    client(const sap_config& cfg, options opts, const logger& log, boost::asio::any_io_executor ex,
           prometheus::Registry* metrics = nullptr);
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    // The keep-alive loop, for the owner to co_spawn; returns soon after shutdown(). Never throws except
    // std::bad_alloc.
    boost::asio::awaitable<void> run();

    // Stops the keep-alive loop and logs out (errors are logged). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> shutdown();

    // One request through the session (login, renewal, GET retries), counted under `operation` in the
    // metrics. Returns the 2xx response or a typed error (see session::execute). Throws std::bad_alloc.
    boost::asio::awaitable<outcome<http::response>> execute(std::string operation, sap_request req);

    // Every row of a collection (`target` like "/Orders?$filter=..."), following next links with
    // Prefer: odata.maxpagesize=options::page_size; counted once under `operation`. Returns the rows or the
    // first error. Throws std::bad_alloc only.
    boost::asio::awaitable<outcome<boost::json::array>> read_all(std::string operation, std::string target);

    // One page of a collection (`target`: the first page's, or a page's next_target), for callers that
    // process pages as they come; counted under `operation`. Returns the page or the error. Throws
    // std::bad_alloc only.
    boost::asio::awaitable<outcome<collection_page>> read_page(std::string operation, std::string target);

    // The API version read from the URL. Never throws.
    api_version version() const noexcept;

    // What the last successful Login reported; nullopt before any. Throws std::bad_alloc only.
    std::optional<login_info> last_login() const;

    // The session's counters. Never throws.
    const session_stats& stats() const noexcept;

    const options& config() const noexcept;

    // What this Service Layer was found to accept (discovery.hpp), kept for the client's life; nullopt
    // until learned. Thread-safe. Throws std::bad_alloc only.
    std::optional<date_form> learned_date_form() const;
    void remember_date_form(date_form form);
    std::optional<batch_property_choice> learned_batch_property() const;
    void remember_batch_property(batch_property_choice choice);

    // The form UpdateDate filters are written in: the learned one, or the version's documented form before
    // a probe answered. Never throws.
    date_form filter_date_form() const noexcept;

    const logger& log() const noexcept;

private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace mlc::clients::sap
