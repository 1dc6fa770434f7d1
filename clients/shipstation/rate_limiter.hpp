// The ShipStation request budget: our sliding-window ceiling, the server's X-Rate-Limit-* feedback, 429
// back-off and a priority queue, as a pure state machine with the time passed in.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <variant>

namespace mlc::clients::shipstation {

// Who waits first: a backlog of bulk pushes never delays tracking, and background work waits for everything.
enum class priority : std::uint8_t {
    tracking = 0,    // webhook follow-ups, shipment and fulfillment reads
    normal = 1,      // single lookups, checks
    bulk = 2,        // order pushes (createorders)
    background = 3,  // product alignment: only when the others are quiet, and within background_share
};

struct rate_limiter_config {
    unsigned ceiling = 40;  // MLC_SHIPSTATION_RATE_LIMIT: at most this many sends in any `window`.
    std::chrono::milliseconds window{60'000};      // the span the ceiling applies to (V1: one minute).
    std::chrono::milliseconds safety{500};         // added to `window`: slack for latency differences.
    std::chrono::milliseconds reset_slack{1'000};  // added to the server's Reset (whole seconds, rounded).
    std::chrono::milliseconds max_jitter{2'000};   // a 429 back-off adds a random 0..max_jitter.
    std::chrono::seconds default_backoff{60};  // a 429 with neither Reset nor Retry-After waits this long.
    // MLC_PRODUCT_SYNC_SHARE / 100: the fraction (0..1) of the effective ceiling that background sends may
    // take in any window: at most max(1, floor(share x ceiling)) of them; 0 never grants background.
    double background_share = 0.25;
};

// The rate-limit headers of one response; each is unset when absent or malformed.
struct rate_limit_headers {
    std::optional<unsigned> limit;                    // X-Rate-Limit-Limit: requests per window
    std::optional<unsigned> remaining;                // X-Rate-Limit-Remaining: left in the server's window
    std::optional<std::chrono::seconds> reset;        // X-Rate-Limit-Reset: seconds until that window ends
    std::optional<std::chrono::seconds> retry_after;  // Retry-After in delta-seconds (dates are ignored)
};

// Builds rate_limit_headers from the raw header values (empty when absent). Never throws.
rate_limit_headers parse_rate_limit_headers(std::string_view limit, std::string_view remaining,
                                            std::string_view reset, std::string_view retry_after) noexcept;

// What the limiter can report (for /metrics and `check`).
struct rate_limiter_stats {
    std::uint64_t granted = 0;                         // sends allowed so far
    std::uint64_t throttled = 0;                       // 429 responses seen
    std::chrono::steady_clock::duration total_wait{};  // summed queue time of granted requests
    std::size_t queued = 0;                            // requests waiting now
    std::size_t in_flight = 0;                         // granted, no response reported yet
    unsigned window_remaining = 0;                     // sends our own ceiling allows right now
    std::optional<unsigned> server_limit;              // the last X-Rate-Limit-Limit seen
    std::optional<long> server_remaining;              // our estimate of the server's budget (unset: unknown)
    unsigned background_in_window = 0;                 // background sends in the sliding window now
    std::uint64_t background_granted = 0;              // background sends allowed so far
};

// Not thread-safe: its owner (one strand, or a mutex never held across co_await) serialises calls.
// Every `now` must be non-decreasing across calls.
class rate_limiter {
public:
    using clock = std::chrono::steady_clock;
    using time_point = clock::time_point;
    using ticket = std::uint64_t;

    // A queued request may be sent now; the caller must report its outcome with on_response() or
    // on_no_response().
    struct grant {
        ticket id;
        priority prio;
        clock::duration waited;  // time spent in the queue
    };
    // Nothing may be sent before `until` (unless on_response() or enqueue() changes the picture first).
    struct wait {
        time_point until;
    };
    // The queue is empty.
    struct idle {};
    using step = std::variant<grant, wait, idle>;

    // `uniform01` returns uniform doubles in [0, 1) for the jitter (tests inject a fixed one; unset: a
    // seeded std::mt19937_64). Throws std::invalid_argument if cfg.ceiling or cfg.window is 0, or
    // cfg.background_share is outside 0..1.
    explicit rate_limiter(rate_limiter_config cfg, std::function<double()> uniform01 = {});

    // Queues a request. A retry (after a 429) goes ahead of the others of its priority. Returns its ticket.
    // Throws std::bad_alloc only.
    ticket enqueue(priority prio, time_point now, bool retry = false);

    // Removes a queued request that will no longer be sent (its caller gave up). Returns false if the
    // ticket is not queued (already granted or unknown). Never throws.
    bool cancel(ticket id) noexcept;

    // The next decision: grant the highest-priority, oldest request if every budget allows a send now,
    // else when to ask again. A background request is first only when nothing else is queued; it also needs
    // room in the background share (with a share of 0 it waits until time_point::max(), that is until
    // cancelled) and the others to have been quiet: no other send granted for two ceiling intervals
    // (2 x (window + safety) / ceiling, 3 s at 40 a minute). A backlog draws a grant at least every interval
    // even when throttled, and in bursts much more often, so background never takes a slot it could use.
    // Call repeatedly until it returns wait or idle. Never throws except std::bad_alloc.
    step next(time_point now);

    // What next(now) would return, without granting anything (a grant names the request that would go).
    // The shared budget's driver asks the cluster for a send only when the local limiter would grant one.
    // Never throws.
    step peek(time_point now) noexcept;

    // The priority of the request queued behind the first one; nullopt when at most one waits. Never throws.
    std::optional<priority> second_priority() const noexcept;

    // Lowers the ceiling to `cap` (nullopt: the configured ceiling again): a replica that cannot reach the
    // shared budget keeps to its share of it. A cap of 0 counts as 1. Never throws.
    void cap_ceiling(std::optional<unsigned> cap) noexcept;

    // Reports the response to the granted request `id`: its status and rate-limit headers. A 429 blocks
    // every send for Reset (or Retry-After, or default_backoff) plus jitter; Remaining and Limit tighten
    // the budget when they are stricter than ours (Remaining counts everything the server saw up to this
    // request: the requests we granted after it are taken off). Never throws.
    void on_response(ticket id, unsigned status, const rate_limit_headers& headers, time_point now) noexcept;

    // Reports that the granted request `id` got no response (connect error, timeout): it may or may not
    // have been counted by the server, so it keeps its place in the window. Never throws.
    void on_no_response(ticket id) noexcept;

    // Current figures. Never throws.
    rate_limiter_stats stats(time_point now) const noexcept;

    // A random 0..max_jitter drawn from `uniform01`: what a 429 adds to its wait here, and what the driver
    // passes to the shared budget with a 429, so one injectable source serves both. Never throws.
    std::chrono::milliseconds jitter() noexcept;

private:
    struct waiting {
        ticket id;
        priority prio;
        bool retry;
        time_point since;
    };

    clock::duration span() const noexcept { return cfg_.window + cfg_.safety; }
    unsigned effective_ceiling() const noexcept;
    // Prunes the windows; returns the wait or idle that blocks the first request, or nullopt if it may go.
    std::optional<step> blocked(time_point now) noexcept;
    unsigned background_cap() const noexcept;  // background sends allowed per window (0: none)

    rate_limiter_config cfg_;
    std::function<double()> uniform01_;
    std::deque<waiting> queue_;                   // ordered by (priority, retry first, arrival)
    std::deque<time_point> sent_;                 // send times within the last window (sliding window)
    std::deque<time_point> background_sent_;      // the background ones among them
    std::optional<time_point> last_other_grant_;  // the latest grant of another priority
    ticket next_ticket_ = 1;
    std::uint64_t grants_ = 0;                   // sends granted so far (a sequence)
    std::map<ticket, std::uint64_t> in_flight_;  // granted ticket -> its place in that sequence
    std::optional<unsigned> server_limit_;
    std::optional<unsigned> ceiling_cap_;      // cap_ceiling()
    std::optional<long> server_budget_;        // sends the server still allows before server_reset_
    std::optional<time_point> server_reset_;   // when the server's window ends (with safety)
    std::optional<time_point> backoff_until_;  // after a 429
    rate_limiter_stats counters_;
};

}  // namespace mlc::clients::shipstation
