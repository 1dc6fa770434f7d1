// Benchmark (not a test) of the ShipStation client's rate limiter against the in-process simulator over
// loopback: a backlog of bulk createorders pushes and tracking reads, issued by M coroutines, with the
// simulator and the client sharing a ceiling of N requests per window W (defaults 40 per 6 s: ShipStation's
// 40 per minute compressed tenfold; the limiter's slack, jitter and back-off are compressed likewise).
// Optionally a second "application" spends part of the same key's budget with raw requests. Prints the
// figures issue 4 sets targets for (no 429 in steady state; throughput within 5% of the ceiling while a
// backlog exists). Always exits 0 once the run completes: it measures, it does not judge.
//
// Usage: bench-shipstation-limiter [--limit N] [--window-ms W] [--requests R] [--concurrency M]
//                                  [--competitor C]
#include "clients/shipstation/client.hpp"
#include "clients/shipstation/orders.hpp"
#include "clients/shipstation/shipments.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"
#include "common/run_blocking.hpp"
#include "tests/simulators/shipstation/simulator.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace ss = mlc::clients::shipstation;
namespace sim = mlc::sim::shipstation;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using ms = std::chrono::milliseconds;

struct options {
    unsigned limit = 40;
    unsigned window_ms = 6000;
    unsigned requests = 400;
    unsigned concurrency = 16;
    unsigned competitor = 0;  // requests per window spent by another application on the same key
};

[[noreturn]] void usage(const char* why) {
    std::cerr << "bench-shipstation-limiter: " << why << "\n"
              << "usage: bench-shipstation-limiter [--limit N] [--window-ms W] [--requests R] "
                 "[--concurrency M] [--competitor C]\n";
    std::exit(2);
}

options parse_args(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view name = argv[i];
        if (i + 1 >= argc) usage("missing value");
        unsigned long v = 0;
        try {
            v = std::stoul(argv[++i]);
        } catch (const std::exception&) {
            usage("not a number");
        }
        auto u = static_cast<unsigned>(v);
        if (name == "--limit")
            o.limit = u;
        else if (name == "--window-ms")
            o.window_ms = u;
        else if (name == "--requests")
            o.requests = u;
        else if (name == "--concurrency")
            o.concurrency = u;
        else if (name == "--competitor")
            o.competitor = u;
        else
            usage("unknown flag");
    }
    if (o.limit == 0 || o.window_ms == 0 || o.requests == 0 || o.concurrency == 0)
        usage("values must be > 0");
    if (o.competitor >= o.limit) usage("--competitor must be below --limit");
    return o;
}

// Arrival times at the simulator, taken by polling its counters every millisecond (it records no
// timestamps): each new request is stamped with the poll that first saw it, at most ~1 ms late.
class arrival_recorder {
public:
    explicit arrival_recorder(sim::sim_state& state) : state_(state) {
        thread_ = std::thread([this] { loop(); });
    }
    ~arrival_recorder() { stop(); }
    arrival_recorder(const arrival_recorder&) = delete;
    arrival_recorder& operator=(const arrival_recorder&) = delete;

    void stop() {
        if (!thread_.joinable()) return;
        stop_ = true;
        thread_.join();
    }
    // Valid after stop().
    std::vector<steady::time_point> ours, theirs;

private:
    void loop() {
        std::uint64_t seen_ours = 0, seen_theirs = 0;
        for (;;) {
            bool last = stop_.load();  // one more poll after stop so nothing is missed
            auto c = state_.counters();
            auto now = steady::now();
            std::uint64_t o = c.by_endpoint["POST /orders/createorders"] + c.by_endpoint["GET /shipments"];
            std::uint64_t t = c.by_endpoint["GET /warehouses"];
            for (; seen_ours < o; ++seen_ours) ours.push_back(now);
            for (; seen_theirs < t; ++seen_theirs) theirs.push_back(now);
            if (last) return;
            std::this_thread::sleep_for(1ms);
        }
    }

    sim::sim_state& state_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// The largest number of arrivals inside any span of `w` (times sorted).
std::size_t worst_in_window(const std::vector<steady::time_point>& t, steady::duration w) {
    std::size_t best = 0, lo = 0;
    for (std::size_t hi = 0; hi < t.size(); ++hi) {
        while (t[hi] - t[lo] >= w) ++lo;
        best = std::max(best, hi - lo + 1);
    }
    return best;
}

std::vector<steady::time_point> merged(std::vector<steady::time_point> a,
                                       const std::vector<steady::time_point>& b) {
    a.insert(a.end(), b.begin(), b.end());
    std::sort(a.begin(), a.end());
    return a;
}

double percentile_ms(std::vector<steady::duration> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return std::chrono::duration<double, std::milli>(v[idx]).count();
}

// The other application: raw keep-alive GET /warehouses, evenly spaced at `per_window` per window, until
// told to stop. Counts its answers by status.
class competitor {
public:
    competitor(std::uint16_t port, unsigned per_window, ms window) {
        if (per_window == 0) return;
        thread_ = std::thread([this, port, per_window, window] {
            try {
                run(port, window / per_window);
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex_);
                error_ = e.what();
            }
        });
    }
    ~competitor() { stop(); }
    competitor(const competitor&) = delete;
    competitor& operator=(const competitor&) = delete;

    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    unsigned ok = 0, throttled = 0, other = 0;  // valid after stop()
    std::string error() const {
        std::lock_guard lock(mutex_);
        return error_;
    }

private:
    void run(std::uint16_t port, steady::duration every) {
        asio::io_context ioc;
        asio::ip::tcp::socket sock(ioc);
        sock.connect({asio::ip::make_address("127.0.0.1"), port});
        boost::beast::flat_buffer buf;
        auto next = steady::now();
        while (!stop_) {
            http::request<http::string_body> req(http::verb::get, "/warehouses", 11);
            req.set(http::field::host, "127.0.0.1");
            req.set(http::field::authorization, "Basic U2hpcFN0YXRpb246Um9ja3M=");  // ShipStation:Rocks
            http::write(sock, req);
            http::response<http::string_body> res;
            http::read(sock, buf, res);
            auto s = res.result_int();
            if (s == 200)
                ++ok;
            else if (s == 429)
                ++throttled;
            else
                ++other;
            next += every;
            while (!stop_ && steady::now() < next)
                std::this_thread::sleep_for(std::min<steady::duration>(next - steady::now(), 5ms));
        }
    }

    std::atomic<bool> stop_{false};
    std::thread thread_;
    mutable std::mutex mutex_;
    std::string error_;
};

boost::json::object order_body(unsigned n) {
    using boost::json::array;
    using boost::json::object;
    auto number = "BENCH-" + std::to_string(n);
    return object{
        {"orderNumber", number},
        {"orderKey", "mlc-" + number},
        {"orderDate", "2026-11-30 09:15:00"},
        {"orderStatus", "awaiting_shipment"},
        {"customerUsername", "C-1"},
        {"billTo", object{{"name", "Jane"}}},
        {"shipTo", object{{"name", "Jane"}, {"street1", "1 Main St"}, {"city", "Austin"}, {"country", "US"}}},
        {"items", array{object{{"lineItemKey", "10"},
                               {"sku", "MUG-01"},
                               {"name", "Mug"},
                               {"quantity", 3},
                               {"unitPrice", 12.5}}}}};
}

constexpr unsigned orders_per_push = 10;

struct run_results {
    std::vector<steady::duration> tracking_wait, bulk_wait;
    unsigned failures = 0;
    std::string first_failure;
};

// One worker: takes the next job until none is left. Every fourth job is a tracking read (GET /shipments,
// tracking priority), the rest bulk pushes (POST /orders/createorders of 10 orders, bulk priority).
asio::awaitable<void> worker(ss::client& c, unsigned total, unsigned& next_job, run_results& out) {
    while (next_job < total) {
        unsigned job = next_job++;
        bool tracking = job % 4 == 3;
        auto start = steady::now();
        std::optional<mlc::clients::error> failed;
        if (tracking) {
            ss::shipment_filter filter;
            filter.order_number = "BENCH-" + std::to_string(job);
            auto listed = co_await ss::list_shipments(c, filter);
            if (!listed) failed = listed.error();
        } else {
            std::vector<boost::json::object> orders;
            for (unsigned i = 0; i < orders_per_push; ++i)
                orders.push_back(order_body(job * orders_per_push + i));
            auto created = co_await ss::create_orders(c, orders);
            if (!created) failed = created.error();
        }
        if (failed && out.failures++ == 0) out.first_failure = failed->describe();
        (tracking ? out.tracking_wait : out.bulk_wait).push_back(steady::now() - start);
    }
}

asio::awaitable<void> backlog(ss::client& c, const options& o, run_results& out) {
    auto ex = co_await asio::this_coro::executor;
    auto left = std::make_shared<unsigned>(o.concurrency);
    asio::steady_timer done(ex, steady::time_point::max());
    unsigned next_job = 0;
    for (unsigned i = 0; i < o.concurrency; ++i) {
        asio::co_spawn(
            ex,
            [&c, &o, &out, &next_job, left, &done]() -> asio::awaitable<void> {
                co_await worker(c, o.requests, next_job, out);
                if (--*left == 0) done.cancel();
            },
            asio::detached);
    }
    boost::system::error_code ec;
    co_await done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

double secs(steady::duration d) {
    return std::chrono::duration<double>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
    auto o = parse_args(argc, argv);
    const ms window(o.window_ms);

    sim::sim_config sim_cfg;
    sim_cfg.rate_limit = o.limit;
    sim_cfg.rate_window = window;
    sim::simulator simulator(sim_cfg);

    mlc::shipstation_config cfg;
    cfg.url = "http://127.0.0.1:" + std::to_string(simulator.port());
    cfg.api_key = "ShipStation";
    cfg.api_secret = mlc::secret("Rocks");
    cfg.rate_limit = o.limit;
    ss::client_options opts;
    // The production limiter (60 s window, 500 ms safety, 1 s reset slack, 2 s jitter, 60 s default
    // back-off) scaled to this window.
    auto scaled = [&](ms production) { return ms(production.count() * o.window_ms / 60'000); };
    opts.limiter.window = window;
    opts.limiter.safety = scaled(500ms);
    opts.limiter.reset_slack = scaled(1000ms);
    opts.limiter.max_jitter = scaled(2000ms);
    opts.limiter.default_backoff = std::chrono::duration_cast<std::chrono::seconds>(scaled(60'000ms));
    if (opts.limiter.default_backoff < 1s) opts.limiter.default_backoff = 1s;

    asio::io_context ioc;
    std::ostringstream log_text;
    mlc::logger log{mlc::log_config{mlc::log_level::warn, mlc::log_format::json}, log_text};
    ss::client client(cfg, ioc.get_executor(), log, nullptr, opts);

    run_results res;
    arrival_recorder arrivals(simulator.state());
    auto start = steady::now();
    competitor other(simulator.port(), o.competitor, window);
    mlc::run_blocking(ioc, backlog(client, o, res));
    auto elapsed = steady::now() - start;
    other.stop();
    std::this_thread::sleep_for(5ms);
    arrivals.stop();
    client.shutdown();
    auto counters = simulator.state().counters();
    auto stats = client.limiter_stats();
    simulator.stop();

    const auto& ours = arrivals.ours;
    auto all = merged(ours, arrivals.theirs);
    // Backlog throughput: arrivals after the first window's burst over the span from the first arrival to
    // the last (exact for a sliding-window limiter when --requests is a multiple of what fits per window).
    double rate_per_window = 0, rate_all_per_window = 0;
    std::size_t first_window = 0, in_span_all = 0, first_window_all = 0;
    if (ours.size() > 1) {
        auto t0 = ours.front(), t1 = ours.back();
        for (auto t : ours) first_window += t - t0 < window ? 1 : 0;
        for (auto t : all) {
            if (t < t0 || t > t1) continue;
            ++in_span_all;
            first_window_all += t - t0 < window ? 1 : 0;
        }
        double span_windows = secs(t1 - t0) / secs(window);
        if (span_windows > 0) {
            rate_per_window = static_cast<double>(ours.size() - first_window) / span_windows;
            rate_all_per_window = static_cast<double>(in_span_all - first_window_all) / span_windows;
        }
    }
    auto pct = [&](double r) { return 100.0 * r / o.limit; };
    std::uint64_t our_429 = counters.throttled - other.throttled;

    std::printf(
        "ShipStation limiter vs simulator on 127.0.0.1: ceiling %u per %u ms (client and simulator), "
        "limiter safety %lld ms\n",
        o.limit, o.window_ms, static_cast<long long>(opts.limiter.safety.count()));
    std::printf(
        "backlog: %u requests (%u bulk createorders x%u orders, %u tracking GET /shipments), "
        "%u coroutines; competitor: %u per window\n",
        o.requests, o.requests - o.requests / 4, orders_per_push, o.requests / 4, o.concurrency,
        o.competitor);
    std::printf(
        "requests sent (simulator): %zu ours, %zu competitor; client attempts %llu; failed calls %u\n",
        ours.size(), arrivals.theirs.size(), static_cast<unsigned long long>(client.attempts_sent()),
        res.failures);
    std::printf("429s (simulator): %llu total, %llu ours, %u competitor; limiter saw %llu\n",
                static_cast<unsigned long long>(counters.throttled), static_cast<unsigned long long>(our_429),
                other.throttled, static_cast<unsigned long long>(stats.throttled));
    std::printf("elapsed: %.2f s (%.2f windows)\n", secs(elapsed), secs(elapsed) / secs(window));
    std::printf("backlog rate (after the first window): %.2f per window = %.1f%% of the ceiling",
                rate_per_window, pct(rate_per_window));
    if (o.competitor > 0)
        std::printf("; with the competitor %.2f = %.1f%%", rate_all_per_window, pct(rate_all_per_window));
    std::printf("\n");
    std::printf("worst count in any %u ms sliding window at the simulator: %zu ours, %zu all (ceiling %u)\n",
                o.window_ms, worst_in_window(ours, window), worst_in_window(all, window), o.limit);
    std::printf(
        "call latency (limiter wait + round trip), tracking reads: p50 %.0f ms  p99 %.0f ms  (n=%zu)\n",
        percentile_ms(res.tracking_wait, 0.5), percentile_ms(res.tracking_wait, 0.99),
        res.tracking_wait.size());
    std::printf(
        "call latency (limiter wait + round trip), bulk pushes:    p50 %.0f ms  p99 %.0f ms  (n=%zu)\n",
        percentile_ms(res.bulk_wait, 0.5), percentile_ms(res.bulk_wait, 0.99), res.bulk_wait.size());
    if (res.failures > 0) std::printf("first failure: %s\n", res.first_failure.c_str());
    if (!other.error().empty()) std::printf("competitor error: %s\n", other.error().c_str());
    return 0;
}
