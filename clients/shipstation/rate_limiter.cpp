// The ShipStation rate limiter: sliding window, server feedback, 429 back-off, priority queue.
#include "clients/shipstation/rate_limiter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>
#include <stdexcept>

namespace mlc::clients::shipstation {
namespace {

// Two reports whose reset instants are this close describe the same server window.
constexpr std::chrono::seconds same_window_tolerance{2};

std::optional<unsigned> parse_count(std::string_view text) noexcept {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty()) return std::nullopt;
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<std::chrono::seconds> parse_seconds(std::string_view text) noexcept {
    auto n = parse_count(text);
    if (!n) return std::nullopt;
    return std::chrono::seconds(*n);
}

}  // namespace

rate_limit_headers parse_rate_limit_headers(std::string_view limit, std::string_view remaining,
                                            std::string_view reset, std::string_view retry_after) noexcept {
    return {parse_count(limit), parse_count(remaining), parse_seconds(reset), parse_seconds(retry_after)};
}

rate_limiter::rate_limiter(rate_limiter_config cfg, std::function<double()> uniform01)
    : cfg_(cfg), uniform01_(std::move(uniform01)) {
    if (cfg_.ceiling == 0) throw std::invalid_argument("rate limiter: the ceiling must be at least 1");
    if (cfg_.window <= std::chrono::milliseconds::zero()) {
        throw std::invalid_argument("rate limiter: the window must be positive");
    }
    if (!(cfg_.background_share >= 0.0 && cfg_.background_share <= 1.0)) {
        throw std::invalid_argument("rate limiter: the background share must be between 0 and 1");
    }
    if (!uniform01_) {
        uniform01_ = [rng = std::mt19937_64{std::random_device{}()}]() mutable {
            return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        };
    }
}

rate_limiter::ticket rate_limiter::enqueue(priority prio, time_point now, bool retry) {
    // Insert after every entry that goes first: a higher priority, or the same one and not behind us.
    auto pos = std::find_if(queue_.begin(), queue_.end(), [&](const waiting& w) {
        if (w.prio != prio) return w.prio > prio;
        return retry && !w.retry;
    });
    ticket id = next_ticket_++;
    queue_.insert(pos, waiting{id, prio, retry, now});
    return id;
}

bool rate_limiter::cancel(ticket id) noexcept {
    auto it = std::find_if(queue_.begin(), queue_.end(), [&](const waiting& w) { return w.id == id; });
    if (it == queue_.end()) return false;
    queue_.erase(it);
    return true;
}

unsigned rate_limiter::effective_ceiling() const noexcept {
    unsigned ceiling = cfg_.ceiling;
    if (server_limit_ && *server_limit_ > 0) ceiling = std::min(ceiling, *server_limit_);
    if (ceiling_cap_) ceiling = std::min(ceiling, *ceiling_cap_);
    return ceiling;
}

unsigned rate_limiter::background_cap() const noexcept {
    if (cfg_.background_share <= 0.0) return 0;
    // The epsilon keeps 0.29 x 100 at 29: the share arrives as a percentage divided by 100.
    auto share = std::floor(cfg_.background_share * effective_ceiling() + 1e-9);
    return std::max(1u, static_cast<unsigned>(share));
}

std::chrono::milliseconds rate_limiter::jitter() noexcept {
    double u = 0.0;
    try {
        u = std::clamp(uniform01_(), 0.0, 1.0);
    } catch (...) {
        u = 0.5;  // a failing RNG must not break back-off
    }
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(u * static_cast<double>(cfg_.max_jitter.count())));
}

std::optional<rate_limiter::step> rate_limiter::blocked(time_point now) noexcept {
    while (!sent_.empty() && sent_.front() <= now - span()) sent_.pop_front();
    while (!background_sent_.empty() && background_sent_.front() <= now - span())
        background_sent_.pop_front();
    if (server_reset_ && now >= *server_reset_) {
        server_reset_.reset();
        server_budget_.reset();
    }
    if (queue_.empty()) return idle{};
    if (backoff_until_ && now < *backoff_until_) return wait{*backoff_until_};
    if (server_budget_ && *server_budget_ <= 0) return wait{*server_reset_};
    unsigned ceiling = effective_ceiling();
    if (sent_.size() >= ceiling) return wait{sent_[sent_.size() - ceiling] + span()};
    // The queue is ordered by priority: background is in front only when nothing else waits.
    if (queue_.front().prio == priority::background) {
        unsigned cap = background_cap();
        if (cap == 0) return wait{time_point::max()};
        if (background_sent_.size() >= cap)
            return wait{background_sent_[background_sent_.size() - cap] + span()};
        const auto quiet = 2 * span() / ceiling;
        if (last_other_grant_ && now < *last_other_grant_ + quiet) return wait{*last_other_grant_ + quiet};
    }
    return std::nullopt;
}

rate_limiter::step rate_limiter::peek(time_point now) noexcept {
    if (auto b = blocked(now)) return *b;
    const waiting& w = queue_.front();
    return grant{w.id, w.prio, now - w.since};
}

std::optional<priority> rate_limiter::second_priority() const noexcept {
    if (queue_.size() < 2) return std::nullopt;
    return queue_[1].prio;
}

void rate_limiter::cap_ceiling(std::optional<unsigned> cap) noexcept {
    if (cap) cap = std::max(1u, *cap);
    ceiling_cap_ = cap;
}

rate_limiter::step rate_limiter::next(time_point now) {
    if (auto b = blocked(now)) return *b;
    const bool background = queue_.front().prio == priority::background;
    waiting w = queue_.front();
    queue_.pop_front();
    sent_.push_back(now);
    if (background) {
        background_sent_.push_back(now);
        ++counters_.background_granted;
    } else {
        last_other_grant_ = now;
    }
    in_flight_.emplace(w.id, ++grants_);
    if (server_budget_) --*server_budget_;
    ++counters_.granted;
    counters_.total_wait += now - w.since;
    return grant{w.id, w.prio, now - w.since};
}

void rate_limiter::on_response(ticket id, unsigned status, const rate_limit_headers& headers,
                               time_point now) noexcept {
    // Grants made after this one that are still unanswered may not have reached the server when it counted
    // this request. Those already answered most likely did (concurrent requests on other connections overtake
    // each other), so they are not subtracted again: counting them twice made the budget look smaller than it
    // was and cost a quarter of the throughput under concurrency (bench/shipstation_limiter.sh).
    std::uint64_t granted_after = 0;
    if (auto it = in_flight_.find(id); it != in_flight_.end()) {
        std::uint64_t place = it->second;
        in_flight_.erase(it);
        granted_after = static_cast<std::uint64_t>(std::count_if(
            in_flight_.begin(), in_flight_.end(), [place](const auto& f) { return f.second > place; }));
    }
    if (headers.limit && *headers.limit > 0) server_limit_ = headers.limit;

    if (server_reset_ && now >= *server_reset_) {
        server_reset_.reset();
        server_budget_.reset();
    }
    if (headers.remaining) {
        auto reset_at = now +
                        (headers.reset ? clock::duration(*headers.reset) : clock::duration(cfg_.window)) +
                        cfg_.reset_slack;
        // The server counted this request; assume it had not yet counted those granted after it and
        // unanswered.
        long budget = static_cast<long>(*headers.remaining) - static_cast<long>(granted_after);
        if (server_reset_ && reset_at + same_window_tolerance < *server_reset_) {
            // A late answer from a window that is already over: it says nothing about the current one.
        } else if (server_reset_ && server_budget_ && reset_at <= *server_reset_ + same_window_tolerance) {
            // Alone on the key, the newest report wins: keeping the least would make one overtaken request's
            // double count stick until the reset. When the server has counted more than we could have sent in
            // the last window, another application shares the key: then every report bounds the budget from
            // above, and the least is kept.
            auto recent = static_cast<long>(
                std::count_if(sent_.begin(), sent_.end(), [&](time_point t) { return t > now - span(); }));
            long used =
                server_limit_ ? static_cast<long>(*server_limit_) - static_cast<long>(*headers.remaining) : 0;
            bool shared_key = used > recent;
            server_budget_ = shared_key ? std::min(*server_budget_, budget) : budget;
            server_reset_ = std::max(*server_reset_, reset_at);
        } else {
            server_budget_ = budget;
            server_reset_ = reset_at;
        }
    }

    if (status == 429) {
        ++counters_.throttled;
        std::chrono::seconds wait_for = cfg_.default_backoff;
        if (headers.reset || headers.retry_after) {
            wait_for = std::max(headers.reset.value_or(std::chrono::seconds(0)),
                                headers.retry_after.value_or(std::chrono::seconds(0)));
        }
        auto until = now + wait_for + cfg_.reset_slack + jitter();
        backoff_until_ = backoff_until_ ? std::max(*backoff_until_, until) : until;
    }
}

void rate_limiter::on_no_response(ticket id) noexcept {
    in_flight_.erase(id);
}

rate_limiter_stats rate_limiter::stats(time_point now) const noexcept {
    rate_limiter_stats s = counters_;
    s.queued = queue_.size();
    s.in_flight = in_flight_.size();
    auto recent = static_cast<unsigned>(
        std::count_if(sent_.begin(), sent_.end(), [&](time_point t) { return t > now - span(); }));
    unsigned ceiling = effective_ceiling();
    s.window_remaining = recent >= ceiling ? 0 : ceiling - recent;
    s.server_limit = server_limit_;
    s.background_in_window = static_cast<unsigned>(std::count_if(
        background_sent_.begin(), background_sent_.end(), [&](time_point t) { return t > now - span(); }));
    if (server_reset_ && now < *server_reset_) s.server_remaining = server_budget_;
    return s;
}

}  // namespace mlc::clients::shipstation
